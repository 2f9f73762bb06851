package dev.vigil.spi.cert;

import java.net.URI;

/**
 * Fetches the bytes behind an {@code http} or {@code https} URI, refusing bodies larger than a cap.
 * The certificate jobs download CRLs and AIA issuer certificates through it, and post OCSP
 * requests. A host may register its own as a service (a proxy, a mirror, a test double); without one
 * the jobs use {@code dev.vigil.jobs.cert.HttpUrlFetcher}, on the JDK's HTTP client with timeouts.
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

    /**
     * Posts {@code body} to {@code uri} and returns the response body, under the same rules as
     * {@link #fetch}: the cap, timeouts, http and https only. An OCSP request is sent this way.
     * Redirects are not followed (a redirected POST is a {@link FetchException}). The default
     * throws {@link UnsupportedOperationException}, so that a host's fetcher written before this
     * method existed still works: the OCSP check then falls back to a GET (RFC 6960, appendix A).
     *
     * @param uri an absolute {@code http} or {@code https} URI; not null
     * @param contentType the request's media type, e.g. {@code application/ocsp-request}; not null
     * @param body the request body; not null
     * @param maxBytes the largest response body accepted, in bytes; at least 1
     * @return the response body, never more than {@code maxBytes} long; never null
     * @throws UnsupportedOperationException if this fetcher cannot post (the default)
     * @throws ResponseTooLargeException if the response body is longer than {@code maxBytes}
     * @throws FetchException if the exchange fails (network error, timeout, non-2xx status, a
     *     redirect, unsupported scheme); the message says which and names the URI
     * @throws IllegalArgumentException if {@code maxBytes} is less than 1
     * @throws NullPointerException if an argument is null
     */
    default byte[] post(URI uri, String contentType, byte[] body, long maxBytes) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support POST");
    }
}
