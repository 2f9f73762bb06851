package dev.vigil.jobs.cert.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.cert.RevocationReason;
import dev.vigil.testkit.ManualClock;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrlCacheTest {
    private static final TestPki.Issued CA = TestPki.rootCa("CN=Cache Test CA");

    private final FakeFetcher fetcher = new FakeFetcher();

    @Test
    void theLeastRecentlyUsedCrlIsDroppedWhenTheCacheIsFull() throws Exception {
        byte[] crl = TestPki.crl(CA).issue().getEncoded();
        for (String u : new String[] {"http://a.test/1.crl", "http://a.test/2.crl", "http://a.test/3.crl"}) {
            fetcher.serve(u, crl);
        }
        CrlCache cache = CrlCache.builder(fetcher, ManualClock.at(Instant.parse("2026-01-01T01:00:00Z")))
                .maxEntries(2).build();

        cache.get(URI.create("http://a.test/1.crl"), CA.certificate());
        cache.get(URI.create("http://a.test/2.crl"), CA.certificate());
        cache.get(URI.create("http://a.test/1.crl"), CA.certificate()); // 2 is now the least recently used
        cache.get(URI.create("http://a.test/3.crl"), CA.certificate());
        CrlCache.Outcome again = cache.get(URI.create("http://a.test/1.crl"), CA.certificate());

        assertThat(cache.size()).isEqualTo(2);
        assertThat(again.index()).isNotNull();
        assertThat(fetcher.fetches("http://a.test/1.crl")).isEqualTo(1);
        cache.get(URI.create("http://a.test/2.crl"), CA.certificate());
        assertThat(fetcher.fetches("http://a.test/2.crl")).isEqualTo(2);
    }

    @Test
    void aBoundBelowOneIsRejected() {
        assertThatThrownBy(() -> CrlCache.builder(fetcher, ManualClock.at(Instant.EPOCH)).maxEntries(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries");
    }

    @Test
    void reasonsHaveTheirRfcNames() {
        assertThat(RevocationReason.KEY_COMPROMISE.rfcName()).isEqualTo("keyCompromise");
        assertThat(RevocationReason.AA_COMPROMISE.rfcName()).isEqualTo("aaCompromise");
        assertThat(RevocationReason.UNSPECIFIED.rfcName()).isEqualTo("unspecified");
    }
}
