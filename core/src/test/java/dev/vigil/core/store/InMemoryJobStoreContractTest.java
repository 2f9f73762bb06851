package dev.vigil.core.store;

import dev.vigil.spi.store.JobStore;
import dev.vigil.testkit.JobStoreContract;
import dev.vigil.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The embedded store passes the same contract a host's own store must pass. */
class InMemoryJobStoreContractTest extends JobStoreContract {
    private ManualClock clock;

    @Override
    protected JobStore createStore() {
        clock = ManualClock.at(Instant.parse("2026-05-04T08:00:00Z"), ZoneOffset.UTC);
        return new InMemoryJobStore(clock);
    }

    @Override
    protected void advanceStoreClock(Duration d) {
        clock.advance(d);
    }
}
