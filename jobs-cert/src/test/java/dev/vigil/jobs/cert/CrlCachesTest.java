package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.crl.FakeFetcher;
import dev.vigil.testkit.ManualClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrlCachesTest {
    private final CrlCaches caches = new CrlCaches();
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void oneCachePerFetcherInstanceClockAndCap() {
        FakeFetcher fetcher = new FakeFetcher();

        assertThat(caches.cache(fetcher, clock, 1024)).isSameAs(caches.cache(fetcher, clock, 1024));
        assertThat(caches.cache(fetcher, clock, 1024)).isNotSameAs(caches.cache(new FakeFetcher(),
                clock, 1024));
        assertThat(caches.cache(fetcher, clock, 1024)).isNotSameAs(caches.cache(fetcher, clock, 2048));
        assertThat(caches.cache(fetcher, clock, 2048).maxBytes()).isEqualTo(2048);
    }

    @Test
    void theHolderKeepsOnlyTheMostRecentlyUsedCaches() {
        FakeFetcher kept = new FakeFetcher();
        var first = caches.cache(kept, clock, 1024);
        for (int i = 0; i < 10; i++) {
            caches.cache(new FakeFetcher(), clock, 1024);
            caches.cache(kept, clock, 1024);
        }

        assertThat(caches.size()).isEqualTo(CrlCaches.MAX_CACHES);
        assertThat(caches.cache(kept, clock, 1024)).isSameAs(first);
    }
}
