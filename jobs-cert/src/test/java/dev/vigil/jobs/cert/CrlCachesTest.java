package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.ManualClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrlCachesTest {
    private final CrlCaches caches = new CrlCaches();
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void oneCachePerFetcherInstanceClockAndCap() {
        RevocationFixtures.MapFetcher fetcher = new RevocationFixtures.MapFetcher();

        assertThat(caches.cache(fetcher, clock, 1024)).isSameAs(caches.cache(fetcher, clock, 1024));
        assertThat(caches.cache(fetcher, clock, 1024)).isNotSameAs(caches.cache(new RevocationFixtures.MapFetcher(),
                clock, 1024));
        assertThat(caches.cache(fetcher, clock, 1024)).isNotSameAs(caches.cache(fetcher, clock, 2048));
        assertThat(caches.cache(fetcher, clock, 2048).maxBytes()).isEqualTo(2048);
    }

    @Test
    void theHolderKeepsOnlyTheMostRecentlyUsedCaches() {
        RevocationFixtures.MapFetcher kept = new RevocationFixtures.MapFetcher();
        var first = caches.cache(kept, clock, 1024);
        for (int i = 0; i < 10; i++) {
            caches.cache(new RevocationFixtures.MapFetcher(), clock, 1024);
            caches.cache(kept, clock, 1024);
        }

        assertThat(caches.size()).isEqualTo(CrlCaches.MAX_CACHES);
        assertThat(caches.cache(kept, clock, 1024)).isSameAs(first);
    }
}
