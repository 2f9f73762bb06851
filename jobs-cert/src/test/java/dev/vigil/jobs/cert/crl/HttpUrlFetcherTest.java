package dev.vigil.jobs.cert.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.jobs.cert.HttpUrlFetcher;
import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.cert.FetchException;
import dev.vigil.spi.cert.ResponseTooLargeException;
import dev.vigil.spi.cert.UrlFetcher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpUrlFetcherTest {
    private HttpServer server;
    private ExecutorService executor;
    private final CountDownLatch release = new CountDownLatch(1);
    private final UrlFetcher fetcher = HttpUrlFetcher.create(Duration.ofSeconds(5), Duration.ofSeconds(10), 3);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private URI uri(String path) {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path);
    }

    private void serve(String path, int status, byte[] body) {
        server.createContext(path, exchange -> respond(exchange, status, body));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void fetchesTheBodyOfAnOkResponse() {
        byte[] body = new byte[100_000];
        Arrays.fill(body, (byte) 7);
        serve("/ca.crl", 200, body);

        assertThat(fetcher.fetch(uri("/ca.crl"), 1_000_000)).isEqualTo(body);
    }

    @Test
    void bodyExactlyAtTheCapIsAccepted() {
        serve("/ca.crl", 200, new byte[1000]);

        assertThat(fetcher.fetch(uri("/ca.crl"), 1000)).hasSize(1000);
    }

    @Test
    void followsRedirectsWithinTheLimit() {
        serve("/final.crl", 200, new byte[] {1, 2, 3});
        server.createContext("/hop", exchange -> {
            int n = Integer.parseInt(exchange.getRequestURI().getQuery());
            exchange.getResponseHeaders().add("Location", n == 0 ? "/final.crl" : "/hop?" + (n - 1));
            respond(exchange, 302, new byte[0]);
        });

        assertThat(fetcher.fetch(uri("/hop?2"), 100)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> fetcher.fetch(uri("/hop?3"), 100)).isInstanceOf(FetchException.class)
                .hasMessageContaining("more than 3 redirects");
    }

    @Test
    void statusOtherThan2xxIsAClearError() {
        serve("/missing.crl", 404, "not here".getBytes());

        assertThatThrownBy(() -> fetcher.fetch(uri("/missing.crl"), 100)).isInstanceOf(FetchException.class)
                .isNotInstanceOf(ResponseTooLargeException.class)
                .hasMessage(uri("/missing.crl") + ": HTTP status 404");
    }

    @Test
    void declaredLengthOverTheCapIsRefused() {
        serve("/big.crl", 200, new byte[5000]);

        assertThatThrownBy(() -> fetcher.fetch(uri("/big.crl"), 4999)).isInstanceOf(ResponseTooLargeException.class)
                .hasMessageContaining("4999 bytes");
    }

    @Test
    void chunkedBodyOverTheCapIsAbandonedWithoutReadingTheRest() throws Exception {
        CompletableFuture<Long> written = new CompletableFuture<>();
        server.createContext("/endless.crl", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, no length
            long total = 0;
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (total < 1L << 30) {
                    out.write(chunk);
                    total += chunk.length;
                }
                written.complete(total);
            } catch (IOException e) {
                written.complete(total); // the client went away
            }
        });

        assertThatThrownBy(() -> fetcher.fetch(uri("/endless.crl"), 256 * 1024))
                .isInstanceOf(ResponseTooLargeException.class);
        assertThat(written.get(30, TimeUnit.SECONDS)).isLessThan(1L << 30);
    }

    @Test
    void serverThatNeverAnswersTimesOut() {
        server.createContext("/slow.crl", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        UrlFetcher impatient = HttpUrlFetcher.create(Duration.ofSeconds(1), Duration.ofMillis(300), 0);

        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.fetch(uri("/slow.crl"), 100)).isInstanceOf(FetchException.class)
                .hasMessageContaining("timed out after PT0.3S");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void refusedConnectionIsAFetchException() throws IOException {
        URI closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/ca.crl");
        }

        assertThatThrownBy(() -> fetcher.fetch(closed, 100)).isInstanceOf(FetchException.class)
                .hasMessageStartingWith(closed + ": ");
    }

    @Test
    void onlyHttpAndHttpsAreFetched() {
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            respond(exchange, 200, new byte[1]);
        });
        server.createContext("/to-ftp", exchange -> {
            exchange.getResponseHeaders().add("Location", "ftp://example.test/ca.crl");
            respond(exchange, 301, new byte[0]);
        });

        assertThatThrownBy(() -> fetcher.fetch(URI.create("ldap://example.test/cn=ca"), 100))
                .isInstanceOf(FetchException.class).hasMessageContaining("unsupported scheme 'ldap'");
        assertThatThrownBy(() -> fetcher.fetch(uri("/to-ftp"), 100))
                .isInstanceOf(FetchException.class).hasMessageContaining("unsupported scheme 'ftp'");
        assertThat(hits).hasValue(0);
    }

    @Test
    void aPasswordInTheUriNeverAppearsInMessages() {
        serve("/missing.crl", 404, new byte[0]);
        URI withPassword = URI.create("http://reader:s3cret@" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort() + "/missing.crl");

        assertThatThrownBy(() -> fetcher.fetch(withPassword, 100)).isInstanceOf(FetchException.class)
                .hasMessageNotContaining("s3cret").hasMessageContaining("/missing.crl");
        assertThat(new ResponseTooLargeException(withPassword, 1).getMessage()).doesNotContain("s3cret");
    }

    @Test
    void badArgumentsAreTheCallersMistake() {
        assertThatThrownBy(() -> fetcher.fetch(uri("/x"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpUrlFetcher.create(Duration.ZERO, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpUrlFetcher.create(Duration.ofSeconds(1), Duration.ofSeconds(1), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkerDownloadsACrlOverHttpOnce() throws Exception {
        TestPki.Issued ca = TestPki.intermediate(TestPki.rootCa("CN=Checker Test Root"), "CN=Checker Test CA")
                .issueWithKey();
        AtomicInteger downloads = new AtomicInteger();
        byte[] crl = TestPki.crl(ca).revoke(java.math.BigInteger.valueOf(99), CrlWriter.BASE, 1).issue().getEncoded();
        server.createContext("/http-ca.crl", exchange -> {
            downloads.incrementAndGet();
            respond(exchange, 200, crl);
        });
        CrlRevocationChecker checker = new CrlRevocationChecker(CrlCache.builder(fetcher,
                dev.vigil.testkit.ManualClock.at(CrlWriter.BASE.plusSeconds(60))).build());
        java.security.cert.X509Certificate revoked = TestPki.leaf(ca).serial(java.math.BigInteger.valueOf(99))
                .crlDistributionPoints(uri("/http-ca.crl").toString()).issue();
        java.security.cert.X509Certificate good = TestPki.leaf(ca)
                .crlDistributionPoints(uri("/http-ca.crl").toString()).issue();

        assertThat(checker.check(revoked, ca.certificate()).state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(checker.check(good, ca.certificate()).state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(downloads).hasValue(1);
    }

    @Test
    void postsTheBodyWithItsContentTypeAndReturnsTheAnswer() {
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        server.createContext("/ocsp", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + request.length);
            respond(exchange, 200, new byte[] {1, 2, 3});
        });

        byte[] answer = fetcher.post(uri("/ocsp"), "application/ocsp-request", new byte[42], 100);

        assertThat(answer).containsExactly(1, 2, 3);
        assertThat(seen).hasValue("POST application/ocsp-request 42");
    }

    @Test
    void aPostIsNotRedirectedAndItsAnswerIsCapped() {
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            respond(exchange, 307, new byte[0]);
        });
        serve("/big", 200, new byte[2000]);

        assertThatThrownBy(() -> fetcher.post(uri("/moved"), "application/ocsp-request", new byte[1], 100))
                .isInstanceOf(FetchException.class).hasMessageContaining("307")
                .hasMessageContaining("redirects are not followed");
        assertThatThrownBy(() -> fetcher.post(uri("/big"), "application/ocsp-request", new byte[1], 1000))
                .isInstanceOf(ResponseTooLargeException.class);
        assertThatThrownBy(() -> fetcher.post(URI.create("ftp://example.test/x"), "a/b", new byte[1], 100))
                .isInstanceOf(FetchException.class).hasMessageContaining("unsupported scheme");
    }

    @Test
    void aFetcherWithoutPostSaysSo() {
        UrlFetcher getOnly = (uri, maxBytes) -> new byte[0];

        assertThatThrownBy(() -> getOnly.post(uri("/x"), "a/b", new byte[1], 10))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
