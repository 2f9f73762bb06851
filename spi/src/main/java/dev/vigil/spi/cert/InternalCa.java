package dev.vigil.spi.cert;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One of the host's internal or custom certificate authorities, whose CRLs the job
 * {@code cert.crl-publish} issues. The host keeps the CA's key, its revocations and its published
 * CRLs; Vigil builds each CRL, asks the host to sign it, verifies the signature with the CA
 * certificate, and hands the result back to {@link #publish}. The private key never crosses this
 * interface: it may live in an HSM.
 *
 * <p>Publication is compare-and-set on the CRL number, so two publishers (two nodes, or a run
 * retried after a crash) never both publish a number, and a crash before {@link #publish} leaves
 * nothing half-done: the next run signs the same number again.
 *
 * <p>Implementations must be safe for use by several threads at once, apply their own timeouts,
 * and never put key material or credentials in an exception message.
 */
public interface InternalCa {

    /** @return a stable id for this CA, used in run results and audit events; not blank */
    String id();

    /**
     * @return the DER encoding of the CA certificate whose key signs the CRLs; its subject becomes
     *     the CRL issuer and its key identifier the CRL's authority key identifier; not null
     */
    byte[] certificate();

    /**
     * Signs data with the CA's private key.
     *
     * @param jcaSignatureAlgorithm the JCA standard name of the signature algorithm, chosen from the
     *     CA key: {@code SHA256withRSA}, {@code SHA256withECDSA} (P-256), {@code SHA384withECDSA}
     *     (P-384), {@code SHA512withECDSA} (P-521), {@code Ed25519} or {@code Ed448}; not null
     * @param data the bytes to sign (a CRL's to-be-signed part, DER); not null
     * @return the signature, in the encoding a JCA {@code Signature} produces (DER for ECDSA); not null
     * @throws RuntimeException if the key cannot sign (HSM unreachable, algorithm not supported);
     *     the job fails this CA's publication with the exception's message and publishes nothing
     */
    byte[] sign(String jcaSignatureAlgorithm, byte[] data);

    /**
     * @return every certificate of this CA that is revoked, including those whose expiry has passed
     *     and that are already {@link RevokedCertificate#listedAfterExpiry() listed after expiry}
     *     (the job leaves those out); each serial once; not null
     * @throws RuntimeException if the host cannot read them; the job fails this CA's publication
     */
    List<RevokedCertificate> revoked();

    /**
     * @return the CRL published last (the one with the highest number); empty if none yet
     * @throws RuntimeException if the host cannot read it; the job fails this CA's publication
     */
    Optional<PublishedCrl> lastPublished();

    /**
     * @return how long a CRL is valid: its nextUpdate minus its thisUpdate, by the host's policy;
     *     positive; not null
     */
    Duration crlValidity();

    /**
     * Stores a new CRL, if its number is greater than the last published one's, and in the same
     * atomic step records that the given serials have appeared on a CRL issued after their
     * certificate's expiry (so the next CRL may leave them out). Either both happen or neither.
     *
     * @param crl the signed, verified CRL; not null
     * @param listedAfterExpiry serials of certificates on this CRL that expired before its
     *     thisUpdate; not null, possibly empty
     * @return {@code true} if stored; {@code false} if a CRL with this number or a greater one is
     *     already published (another publisher won), and then nothing was changed
     * @throws RuntimeException if it cannot store; the job fails this CA's publication, and the next
     *     run signs a CRL again (with the same number, if this one was not stored)
     */
    boolean publish(PublishedCrl crl, Set<BigInteger> listedAfterExpiry);
}
