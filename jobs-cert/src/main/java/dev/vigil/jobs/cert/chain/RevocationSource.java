package dev.vigil.jobs.cert.chain;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Tells whether a certificate is revoked, e.g. from CRLs the host already downloaded. The chain validator
 * does no revocation checking of its own; it asks this source about every certificate of the path below
 * the trust anchor.
 */
@FunctionalInterface
public interface RevocationSource {

    /**
     * @param certificate the certificate in question; not null
     * @param issuer the certificate that issued it in the path found; not null
     * @return true when revoked, false when known not revoked, empty when unknown (unknown is not a problem)
     */
    Optional<Boolean> isRevoked(X509Certificate certificate, X509Certificate issuer);

    /** @return a source that never knows */
    static RevocationSource unknown() {
        return (certificate, issuer) -> Optional.empty();
    }
}
