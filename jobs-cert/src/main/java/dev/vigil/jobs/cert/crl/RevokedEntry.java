package dev.vigil.jobs.cert.crl;

import dev.vigil.spi.cert.RevocationReason;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a CRL.
 *
 * @param serial the revoked certificate's serial number
 * @param revocationDate when the certificate was revoked
 * @param reason the entry's reason code; empty when the entry has none
 */
public record RevokedEntry(BigInteger serial, Instant revocationDate, Optional<RevocationReason> reason) {
    public RevokedEntry {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(revocationDate, "revocationDate");
        Objects.requireNonNull(reason, "reason");
    }
}
