package dev.vigil.spi.cert;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate an internal CA has revoked, as {@link InternalCa#revoked()} lists it.
 *
 * <p>A revoked certificate stays on the CA's CRLs until one CRL issued after its expiry has listed
 * it (RFC 5280 §3.3: a relying party checking a signature made before the expiry must still learn
 * of the revocation); {@link #listedAfterExpiry()} records that this has happened, and from then on
 * the publisher leaves the certificate out.
 *
 * @param serial the certificate's serial number; positive; not null
 * @param revokedAt when the CA revoked it; not null
 * @param reason why; not null, and not {@link RevocationReason#REMOVE_FROM_CRL} (a certificate
 *     released from hold is no longer revoked: leave it out of the list)
 * @param certificateNotAfter the certificate's expiry (its {@code notAfter}); not null
 * @param listedAfterExpiry whether a CRL issued after {@code certificateNotAfter} has already listed
 *     it, as recorded by {@link InternalCa#publish(PublishedCrl, java.util.Set)}
 */
public record RevokedCertificate(BigInteger serial, Instant revokedAt, RevocationReason reason,
                                 Instant certificateNotAfter, boolean listedAfterExpiry) {

    /**
     * Validates.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the serial is not positive, or the reason is
     *     {@link RevocationReason#REMOVE_FROM_CRL}
     */
    public RevokedCertificate {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(certificateNotAfter, "certificateNotAfter");
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("A certificate serial number is positive, was " + serial);
        }
        if (reason == RevocationReason.REMOVE_FROM_CRL) {
            throw new IllegalArgumentException("REMOVE_FROM_CRL belongs only in delta CRLs; a certificate "
                    + "released from hold is no longer revoked, so leave serial " + serial + " out of revoked()");
        }
    }

    /**
     * @param at an instant, typically a CRL's thisUpdate; not null
     * @return whether the certificate had expired before it
     */
    public boolean expiredBefore(Instant at) {
        return certificateNotAfter.isBefore(at);
    }
}
