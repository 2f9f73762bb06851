package dev.vigil.jobs.cert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import dev.vigil.spi.cert.FetchException;
import dev.vigil.spi.cert.ResponseTooLargeException;
import dev.vigil.spi.cert.UrlFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UrlFetcher} on the JDK's {@link HttpClient}. Redirects are followed here rather than by the
 * client, so that the limit is exact and an https to http downgrade is refused. The body is read by
 * a subscriber that cancels the exchange as soon as the cap would be passed, so no more than the cap
 * is ever held; a {@code Content-Length} above the cap is refused before any byte is read. It also
 * posts (OCSP requests), with the same caps and timeouts and without following redirects.
 */
public final class HttpUrlFetcher implements UrlFetcher {
    private static final Logger log = LoggerFactory.getLogger(HttpUrlFetcher.class);
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private final HttpClient client;
    private final Duration requestTimeout;
    private final int maxRedirects;

    /**
     * @return a fetcher with a 10 s connect timeout, a 30 s timeout for the whole fetch, and at most
     *     5 redirects
     */
    public static UrlFetcher create() {
        return create(Duration.ofSeconds(10), Duration.ofSeconds(30), 5);
    }

    /**
     * @param connectTimeout the longest wait for a TCP/TLS connection; positive
     * @param requestTimeout the longest wait for one whole fetch, redirects and body included; positive
     * @param maxRedirects how many redirects are followed before giving up; 0 to follow none
     * @return a fetcher that never downgrades from https to http
     * @throws IllegalArgumentException if a timeout is not positive or {@code maxRedirects} is negative
     */
    public static UrlFetcher create(Duration connectTimeout, Duration requestTimeout, int maxRedirects) {
        return new HttpUrlFetcher(connectTimeout, requestTimeout, maxRedirects);
    }

    private HttpUrlFetcher(Duration connectTimeout, Duration requestTimeout, int maxRedirects) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be 0 or more, was " + maxRedirects);
        }
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade: some CRL servers answer it badly
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
        this.maxRedirects = maxRedirects;
    }

    @Override
    public byte[] fetch(URI uri, long maxBytes) {
        Objects.requireNonNull(uri, "uri");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        checkScheme(uri, uri);
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<byte[]> response = exchange(uri, current, maxBytes, deadline, HttpRequest.Builder::GET);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                log.debug("Fetched {} bytes from {}", response.body().length, FetchException.shown(current));
                return response.body();
            }
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                throw new FetchException(uri, FetchException.shown(uri) + ": HTTP status " + status
                        + (current.equals(uri) ? "" : " from " + FetchException.shown(current)), null);
            }
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                throw new FetchException(uri, FetchException.shown(uri) + ": HTTP status " + status + " without a Location header",
                        null);
            }
            if (redirects == maxRedirects) {
                throw new FetchException(uri, FetchException.shown(uri) + ": more than " + maxRedirects + " redirects", null);
            }
            URI next;
            try {
                next = current.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw new FetchException(uri, FetchException.shown(uri) + ": redirect to an invalid URI", e);
            }
            checkScheme(uri, next);
            if (current.getScheme().equalsIgnoreCase("https") && next.getScheme().equalsIgnoreCase("http")) {
                throw new FetchException(uri, FetchException.shown(uri) + ": refused a redirect from https to http ("
                        + FetchException.shown(next) + ")", null);
            }
            current = next;
        }
    }

    /**
     * Posts the body with the same caps and timeouts as {@link #fetch}; redirects are not followed
     * (re-posting to wherever a server points is not wanted for OCSP), and any non-2xx status,
     * redirects included, is a {@link FetchException}.
     */
    @Override
    public byte[] post(URI uri, String contentType, byte[] body, long maxBytes) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        checkScheme(uri, uri);
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        byte[] copy = body.clone();
        HttpResponse<byte[]> response = exchange(uri, uri, maxBytes, deadline, b -> b.header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(copy)));
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new FetchException(uri, FetchException.shown(uri) + ": HTTP status " + status + " to a POST"
                    + (status >= 300 && status < 400 ? " (redirects are not followed for POST)" : ""), null);
        }
        log.debug("Posted {} bytes to {}, {} bytes back", copy.length, FetchException.shown(uri), response.body().length);
        return response.body();
    }

    private HttpResponse<byte[]> exchange(URI original, URI current, long maxBytes, long deadline,
                                          UnaryOperator<HttpRequest.Builder> method) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(original, null);
        }
        HttpRequest request;
        try {
            request = method.apply(HttpRequest.newBuilder(current)).timeout(Duration.ofNanos(remaining)).build();
        } catch (IllegalArgumentException e) {
            throw new FetchException(original, FetchException.shown(original) + ": cannot request " + FetchException.shown(current) + ": "
                    + e.getMessage(), e);
        }
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> subscriber(info, original, Math.min(maxBytes, MAX_ARRAY)));
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(original, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException(original, FetchException.shown(original) + ": interrupted", e);
        } catch (ExecutionException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof ResponseTooLargeException tooLarge) {
                    throw new ResponseTooLargeException(original, maxBytes);
                }
                if (t instanceof HttpTimeoutException) {
                    throw timedOut(original, t);
                }
            }
            Throwable cause = e.getCause();
            String what = cause instanceof IOException && cause.getMessage() != null ? cause.getMessage()
                    : String.valueOf(cause);
            throw new FetchException(original, FetchException.shown(original) + ": " + what, cause);
        }
    }

    private FetchException timedOut(URI uri, Throwable cause) {
        return new FetchException(uri, FetchException.shown(uri) + ": timed out after " + requestTimeout, cause);
    }

    private static void checkScheme(URI original, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(original, FetchException.shown(original) + ": unsupported scheme '" + scheme + "' in "
                    + FetchException.shown(uri) + "; only http and https are fetched", null);
        }
        if (uri.getHost() == null) {
            throw new FetchException(original, FetchException.shown(original) + ": no host in " + uri, null);
        }
    }

    /** @return the URI for messages and logs, without user info (a password would be there) */

    private static BodySubscriber<byte[]> subscriber(ResponseInfo info, URI uri, long maxBytes) {
        if (info.statusCode() < 200 || info.statusCode() >= 300) {
            return new CappedBodySubscriber(uri, 0, 0); // body of an error or redirect is not wanted
        }
        OptionalLong length = info.headers().firstValueAsLong("Content-Length");
        if (length.isPresent() && length.getAsLong() > maxBytes) {
            return new CappedBodySubscriber(uri, maxBytes, -1);
        }
        return new CappedBodySubscriber(uri, maxBytes, length.orElse(0));
    }

    /**
     * Collects at most {@code maxBytes}; one more byte cancels the subscription and fails the body
     * with {@link ResponseTooLargeException}. {@code maxBytes} 0 cancels at once and gives an empty
     * body; an expected length of -1 means the declared length is already over the cap.
     */
    static final class CappedBodySubscriber implements BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final URI uri;
        private final long maxBytes;
        private final long expectedLength;
        private Flow.Subscription subscription;
        private byte[] buffer = new byte[0];
        private int size;

        CappedBodySubscriber(URI uri, long maxBytes, long expectedLength) {
            this.uri = uri;
            this.maxBytes = maxBytes;
            this.expectedLength = expectedLength;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (maxBytes == 0) {
                s.cancel();
                body.complete(new byte[0]);
            } else if (expectedLength < 0) {
                s.cancel();
                body.completeExceptionally(new ResponseTooLargeException(uri, maxBytes));
            } else {
                buffer = new byte[(int) Math.min(expectedLength > 0 ? expectedLength : 16_384, maxBytes)];
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                int n = item.remaining();
                if ((long) size + n > maxBytes) {
                    subscription.cancel();
                    buffer = null;
                    body.completeExceptionally(new ResponseTooLargeException(uri, maxBytes));
                    return;
                }
                if (size + n > buffer.length) {
                    long grown = Math.max((long) buffer.length * 2, (long) size + n);
                    buffer = Arrays.copyOf(buffer, (int) Math.min(grown, maxBytes));
                }
                item.get(buffer, size, n);
                size += n;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            buffer = null;
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            if (!body.isDone()) {
                body.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
                buffer = null;
            }
        }
    }
}
