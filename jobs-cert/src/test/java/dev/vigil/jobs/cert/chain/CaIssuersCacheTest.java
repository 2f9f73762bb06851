package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.ChainFixtures.INTERMEDIATE;
import static dev.vigil.jobs.cert.chain.ChainFixtures.ROOT;
import static dev.vigil.jobs.cert.chain.ChainFixtures.der;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.cert.ResponseTooLargeException;
import dev.vigil.spi.cert.UrlFetcher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CaIssuersCacheTest {
    private static final URI URL = URI.create("http://ca.test/int.cer");

    private static final int CAP = 64 << 10;

    private final CaIssuersCache cache = CaIssuersCache.create();

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void aDerAnswerIsFetchedOnceAndThenServedFromTheCache() {
        AtomicInteger calls = new AtomicInteger();
        UrlFetcher fetcher = (url, max) -> {
            calls.incrementAndGet();
            return der(INTERMEDIATE.certificate());
        };

        Optional<CaIssuersCache.Lookup> first = cache.lookup(URL, fetcher, CAP, true);
        Optional<CaIssuersCache.Lookup> second = cache.lookup(URL, fetcher, CAP, true);

        assertThat(first).hasValueSatisfying(l -> {
            assertThat(l.fetched()).isTrue();
            assertThat(l.answer().certificates()).containsExactly(INTERMEDIATE.certificate());
        });
        assertThat(second).hasValueSatisfying(l -> assertThat(l.fetched()).isFalse());
        assertThat(calls).hasValue(1);
    }

    @Test
    void withoutFetchesLeftOnlyACachedAnswerIsReturned() {
        assertThat(cache.lookup(URL, (url, max) -> der(INTERMEDIATE.certificate()), CAP, false)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void pemBundlesAndPkcs7AnswersGiveEveryCertificate() {
        byte[] pemBundle = (pem(der(INTERMEDIATE.certificate())) + pem(der(ROOT.certificate())))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] pkcs7 = ChainFixtures.pkcs7(INTERMEDIATE.certificate(), ROOT.certificate());

        assertThat(cache.lookup(URI.create("http://a.test/x.pem"), (url, max) -> pemBundle, CAP, true).orElseThrow()
                .answer().certificates()).containsExactlyInAnyOrder(INTERMEDIATE.certificate(), ROOT.certificate());
        assertThat(cache.lookup(URI.create("http://a.test/x.p7c"), (url, max) -> pkcs7, CAP, true).orElseThrow()
                .answer().certificates()).containsExactlyInAnyOrder(INTERMEDIATE.certificate(), ROOT.certificate());
    }

    @Test
    void emptyOversizedNullAndThrowingAnswersAreCachedFailures() {
        UrlFetcher throwing = (url, max) -> {
            throw new IllegalStateException("proxy misconfigured");
        };
        UrlFetcher capping = (url, max) -> {
            throw new ResponseTooLargeException(url, max);
        };

        assertThat(failure(URI.create("http://a.test/empty"), (url, max) -> new byte[0])).contains("empty answer");
        assertThat(failure(URI.create("http://a.test/big"), (url, max) -> new byte[CAP + 1]))
                .contains("larger than the " + CAP + " bytes");
        assertThat(failure(URI.create("http://a.test/capped"), capping)).contains("larger than the " + CAP + " bytes");
        assertThat(failure(URI.create("http://a.test/null"), (url, max) -> null)).contains("no body");
        assertThat(failure(URI.create("http://a.test/throws"), throwing)).contains("proxy misconfigured");
        assertThat(cache.size()).isEqualTo(5);
    }

    @Test
    void theFetcherIsToldTheByteCap() {
        AtomicInteger askedFor = new AtomicInteger();
        cache.lookup(URL, (url, max) -> {
            askedFor.set((int) max);
            return der(INTERMEDIATE.certificate());
        }, 1234, true);

        assertThat(askedFor).hasValue(1234);
    }

    private String failure(URI url, UrlFetcher fetcher) {
        return cache.lookup(url, fetcher, CAP, true).orElseThrow().answer().failure().orElseThrow();
    }

    @Test
    void aValidationAskingWhileAnotherFetchesWaitsForThatAnswerInsteadOfFetchingAgain() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        UrlFetcher slow = (url, max) -> {
            calls.incrementAndGet();
            fetching.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return der(INTERMEDIATE.certificate());
        };
        Thread first = new Thread(() -> cache.lookup(URL, slow, CAP, true));
        first.start();
        assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<CaIssuersCache.Lookup> waiterGot = new AtomicReference<>();
        Thread waiter = new Thread(() -> waiterGot.set(cache.lookup(URL, slow, CAP, true).orElseThrow()));
        waiter.start();
        while (waiter.getState() != Thread.State.WAITING && waiter.isAlive()) {
            Thread.onSpinWait();
        }

        release.countDown();
        first.join(10_000);
        waiter.join(10_000);

        assertThat(calls).hasValue(1);
        assertThat(waiterGot.get().fetched()).isFalse();
        assertThat(waiterGot.get().answer().certificates()).containsExactly(INTERMEDIATE.certificate());
    }
}
