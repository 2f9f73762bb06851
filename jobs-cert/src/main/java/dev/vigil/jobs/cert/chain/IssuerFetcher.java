package dev.vigil.jobs.cert.chain;

import java.io.IOException;
import java.net.URI;

/**
 * Downloads what an authorityInformationAccess caIssuers URL serves. The host supplies it, with its own
 * timeouts, size cap and proxy; the chain validator parses the answer (one DER or PEM certificate, or a
 * certs-only PKCS#7 bundle) and caches it per run in a {@link CaIssuersCache}.
 */
@FunctionalInterface
public interface IssuerFetcher {

    /**
     * @param caIssuersUrl the URL as the certificate gives it, often {@code http:}; not null
     * @return the body of the answer; not null
     * @throws IOException when the URL cannot be fetched; the message is reported in the chain's problem
     */
    byte[] fetch(URI caIssuersUrl) throws IOException;
}
