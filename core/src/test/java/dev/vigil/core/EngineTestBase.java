package dev.vigil.core;

import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.spi.Job;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.store.RunQuery;
import dev.vigil.testkit.EngineDriver;
import dev.vigil.testkit.ManualClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/** An engine on a manual clock and the in-memory store, driven from the test thread. */
abstract class EngineTestBase {
    /** Off the whole second, so that "fires at or after the moment it was defined" does not blur the tests. */
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00.250Z");

    final ManualClock clock = ManualClock.at(T0, ZoneOffset.UTC);
    final InMemoryJobStore store = new InMemoryJobStore(clock);
    Vigil vigil;
    EngineDriver driver;

    Vigil build(UnaryOperator<Vigil.Builder> configure, Job... jobs) {
        Vigil.Builder b = Vigil.builder().clock(clock).store(store).discoverJobs(false).nodeId("test-node");
        if (jobs.length > 0) {
            b.register(jobs);
        }
        vigil = configure.apply(b).build();
        // The built-in jobs fire every minute and daily; tests trigger them when they need them.
        vigil.disable("vigil.watchdog");
        vigil.disable("vigil.purge-history");
        driver = new EngineDriver(clock, store, vigil::runDue);
        return vigil;
    }

    Vigil build(Job... jobs) {
        return build(b -> b, jobs);
    }

    List<RunRecord> history(String definitionId) {
        List<RunRecord> newestFirst = new ArrayList<>(store.runs(RunQuery.forDefinition(definitionId).limit(1000)));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @AfterEach
    void closeEngine() {
        if (vigil != null) {
            vigil.close();
        }
    }
}
