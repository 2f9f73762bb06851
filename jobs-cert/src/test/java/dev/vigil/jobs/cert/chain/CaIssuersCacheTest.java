package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.ChainFixtures.INTERMEDIATE;
import static dev.vigil.jobs.cert.chain.ChainFixtures.ROOT;
import static dev.vigil.jobs.cert.chain.ChainFixtures.der;
import static org.assertj.core.api.Assertions.assertThat;

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

    private final CaIssuersCache cache = CaIssuersCache.create();

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void aDerAnswerIsFetchedOnceAndThenServedFromTheCache() {
        AtomicInteger calls = new AtomicInteger();
        IssuerFetcher fetcher = url -> {
            calls.incrementAndGet();
            return der(INTERMEDIATE.certificate());
        };

        Optional<CaIssuersCache.Lookup> first = cache.lookup(URL, fetcher, true);
        Optional<CaIssuersCache.Lookup> second = cache.lookup(URL, fetcher, true);

        assertThat(first).hasValueSatisfying(l -> {
            assertThat(l.fetched()).isTrue();
            assertThat(l.answer().certificates()).containsExactly(INTERMEDIATE.certificate());
        });
        assertThat(second).hasValueSatisfying(l -> assertThat(l.fetched()).isFalse());
        assertThat(calls).hasValue(1);
    }

    @Test
    void withoutFetchesLeftOnlyACachedAnswerIsReturned() {
        assertThat(cache.lookup(URL, url -> der(INTERMEDIATE.certificate()), false)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void pemBundlesAndPkcs7AnswersGiveEveryCertificate() {
        byte[] pemBundle = (pem(der(INTERMEDIATE.certificate())) + pem(der(ROOT.certificate())))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] pkcs7 = ChainFixtures.pkcs7(INTERMEDIATE.certificate(), ROOT.certificate());

        assertThat(cache.lookup(URI.create("http://a.test/x.pem"), url -> pemBundle, true).orElseThrow()
                .answer().certificates()).containsExactlyInAnyOrder(INTERMEDIATE.certificate(), ROOT.certificate());
        assertThat(cache.lookup(URI.create("http://a.test/x.p7c"), url -> pkcs7, true).orElseThrow()
                .answer().certificates()).containsExactlyInAnyOrder(INTERMEDIATE.certificate(), ROOT.certificate());
    }

    @Test
    void emptyOversizedNullAndThrowingAnswersAreCachedFailures() {
        IssuerFetcher throwing = url -> {
            throw new IllegalStateException("proxy misconfigured");
        };

        assertThat(failure(URI.create("http://a.test/empty"), url -> new byte[0])).contains("empty answer");
        assertThat(failure(URI.create("http://a.test/big"), url -> new byte[Certificates.MAX_RESPONSE_BYTES + 1]))
                .contains("larger than");
        assertThat(failure(URI.create("http://a.test/null"), url -> null)).contains("no body");
        assertThat(failure(URI.create("http://a.test/throws"), throwing)).contains("proxy misconfigured");
        assertThat(cache.size()).isEqualTo(4);
    }

    private String failure(URI url, IssuerFetcher fetcher) {
        return cache.lookup(url, fetcher, true).orElseThrow().answer().failure().orElseThrow();
    }

    @Test
    void aValidationAskingWhileAnotherFetchesWaitsForThatAnswerInsteadOfFetchingAgain() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        IssuerFetcher slow = url -> {
            calls.incrementAndGet();
            fetching.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return der(INTERMEDIATE.certificate());
        };
        Thread first = new Thread(() -> cache.lookup(URL, slow, true));
        first.start();
        assertThat(fetching.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicReference<CaIssuersCache.Lookup> waiterGot = new AtomicReference<>();
        Thread waiter = new Thread(() -> waiterGot.set(cache.lookup(URL, slow, true).orElseThrow()));
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
