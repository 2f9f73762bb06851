package dev.vigil.jobs.cert.crl;

import java.net.URI;
import java.time.Duration;

/**
 * Fetches the bytes behind an {@code http} or {@code https} URI, refusing bodies larger than a cap.
 * CRL downloads use it here; the AIA fetching of chain validation will use it too, which is why it
 * has no CRL-specific methods. A host may supply its own (a proxy, a mirror, a test double).
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
     * @return a fetcher on {@link java.net.http.HttpClient} with a 10 s connect timeout, a 30 s
     *     timeout for the whole fetch, and at most 5 redirects
     */
    static UrlFetcher http() {
        return http(Duration.ofSeconds(10), Duration.ofSeconds(30), 5);
    }

    /**
     * @param connectTimeout the longest wait for a TCP/TLS connection; positive
     * @param requestTimeout the longest wait for one whole fetch, redirects and body included; positive
     * @param maxRedirects how many redirects are followed before giving up; 0 to follow none
     * @return a fetcher on {@link java.net.http.HttpClient}; it never downgrades from https to http
     * @throws IllegalArgumentException if a timeout is not positive or {@code maxRedirects} is negative
     */
    static UrlFetcher http(Duration connectTimeout, Duration requestTimeout, int maxRedirects) {
        return new HttpUrlFetcher(connectTimeout, requestTimeout, maxRedirects);
    }
}
