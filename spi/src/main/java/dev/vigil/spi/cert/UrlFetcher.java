package dev.vigil.spi.cert;

import java.net.URI;

/**
 * Fetches the bytes behind an {@code http} or {@code https} URI, refusing bodies larger than a cap.
 * The certificate jobs download CRLs, AIA issuer certificates and OCSP answers through it. A host
 * may register its own as a service (a proxy, a mirror, a test double); without one the jobs use
 * {@code dev.vigil.jobs.cert.HttpUrlFetcher}, on the JDK's HTTP client with timeouts.
 *
 * <p>Implementations must be safe for use by several threads at once.
 */
public interface UrlFetcher {

    /**
     * Fetches the body of {@code uri}.
     *
     * @param uri an absolute {@code http} or {@code https} URI; not null
     * @param maxBytes the largest body accepted, in bytes; at least 1
     * @return the body, never more than {@code maxBytes} long; never null
     * @throws ResponseTooLargeException if the body is longer than {@code maxBytes}
     * @throws FetchException if the body cannot be fetched (network error, timeout, non-2xx status,
     *     too many redirects, unsupported scheme); the message says which and names the URI
     * @throws IllegalArgumentException if {@code maxBytes} is less than 1
     * @throws NullPointerException if {@code uri} is null
     */
    byte[] fetch(URI uri, long maxBytes);

}
