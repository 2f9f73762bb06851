package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.VigilException;
import dev.vigil.spi.store.JobStore;
import dev.vigil.spi.store.RunQuery;
import dev.vigil.testkit.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The engine meets a store that fails a call now and then (a database restarting, a network blip):
 * it logs, backs off and carries on, and a failure at an unlucky moment loses no run and no
 * schedule. Deterministic: the failures are injected into chosen store methods.
 */
class StoreFailureTest {

    /** A store whose chosen methods fail the next n times a thread of a chosen kind calls them. */
    static final class FlakyStore {
        final JobStore real;
        final JobStore store;
        private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> lostReplies = new ConcurrentHashMap<>();
        private volatile String threadPrefix = "";
        final AtomicInteger failed = new AtomicInteger();

        FlakyStore(JobStore real) {
            this.real = real;
            this.store = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(),
                    new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                        AtomicInteger lost = lostReplies.get(method.getName());
                        if (lost != null && lost.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            method.invoke(real, args);
                            failed.incrementAndGet();
                            throw new VigilException("connection reset after commit (injected lost reply of "
                                    + method.getName() + ")", null, null, null);
                        }
                        AtomicInteger left = failures.get(method.getName());
                        if (left != null && Thread.currentThread().getName().startsWith(threadPrefix)
                                && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            failed.incrementAndGet();
                            throw new VigilException("store unreachable (injected failure of " + method.getName()
                                    + ")", null, null, null);
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        /** The next n calls go through to the real store, and then report a failure anyway. */
        void loseNextReplies(String method, int times) {
            lostReplies.computeIfAbsent(method, k -> new AtomicInteger()).set(times);
        }

        void failNext(String method, int times) {
            failures.computeIfAbsent(method, k -> new AtomicInteger()).set(times);
        }

        /** From now on, only calls from threads whose name starts with the prefix fail. */
        void onlyOnThreads(String prefix) {
            threadPrefix = prefix;
        }
    }

    private static Optional<Thread> thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
    }

    @Test
    void dispatcherSurvivesAStoreFailureWhileWorkingOutHowLongToSleep() {
        FlakyStore flaky = new FlakyStore(new InMemoryJobStore(Clock.systemUTC()));
        RunWatcher watcher = new RunWatcher();
        try (Vigil vigil = Vigil.builder().clock(Clock.systemUTC()).store(flaky.store).discoverJobs(false)
                .nodeId("flaky-node").listener(watcher)
                .register(TestJobs.succeeding("test.quick", d -> d)).build()) {
            vigil.disable(BuiltInJobs.WATCHDOG);
            vigil.disable(BuiltInJobs.PURGE_HISTORY);
            vigil.start();

            // The claim works; the store fails just after, when the dispatcher asks when to wake next.
            flaky.failNext("nextDueTime", 1);
            RunRecord first = vigil.trigger("test.quick");
            assertThat(watcher.awaitFinished(first.id()).state()).isEqualTo(RunState.SUCCEEDED);
            RunRecord second = vigil.trigger("test.quick");
            assertThat(watcher.awaitFinished(second.id()).state()).isEqualTo(RunState.SUCCEEDED);

            assertThat(flaky.failed.get()).as("the injected failure happened").isEqualTo(1);
            assertThat(thread("vigil-dispatcher-flaky-node")).as("dispatcher thread").get()
                    .matches(Thread::isAlive);
        }
    }

    @Test
    void aRunWhoseDefinitionCannotBeReadAtStartIsNotLeftRunning() {
        FlakyStore flaky = new FlakyStore(new InMemoryJobStore(Clock.systemUTC()));
        RunWatcher watcher = new RunWatcher();
        try (Vigil vigil = Vigil.builder().clock(Clock.systemUTC()).store(flaky.store).discoverJobs(false)
                .nodeId("flaky-node").listener(watcher)
                .register(TestJobs.succeeding("test.quick", d -> d)).build()) {
            vigil.disable(BuiltInJobs.WATCHDOG);
            vigil.disable(BuiltInJobs.PURGE_HISTORY);
            vigil.start();

            // Claimed just before the store goes away for a moment: the worker's first read fails.
            flaky.onlyOnThreads("vigil-worker-");
            flaky.failNext("findDefinition", 1);
            RunRecord run = vigil.trigger("test.quick");

            assertThat(watcher.awaitFinished(run.id()).state()).isEqualTo(RunState.SUCCEEDED);
        }
    }

    @Test
    void aStoreFailureAfterASkippedFireNeitherStrandsTheClaimedRunsNorEndsTheSchedule() {
        Instant t0 = Instant.parse("2026-03-02T10:00:00.250Z");
        ManualClock clock = ManualClock.at(t0, ZoneOffset.UTC);
        FlakyStore flaky = new FlakyStore(new InMemoryJobStore(clock));
        TestJobs.RecordingJob minutely = TestJobs.succeeding("test.minutely", d -> d.cron("0 * * * * ?"));
        TestJobs.RecordingJob other = TestJobs.succeeding("test.other", d -> d);
        try (Vigil vigil = Vigil.builder().clock(clock).store(flaky.store).discoverJobs(false).nodeId("node")
                .register(minutely, other).build()) {
            vigil.disable(BuiltInJobs.WATCHDOG);
            vigil.disable(BuiltInJobs.PURGE_HISTORY);
            // A manual run of the minutely definition is running on another node when its fire comes due.
            RunRecord manual = vigil.trigger("test.minutely");
            assertThat(flaky.real.claimDue("other-node", 1, Duration.ofMinutes(10)).claimed())
                    .extracting(RunRecord::id).containsExactly(manual.id());
            clock.advance(Duration.ofMinutes(1));
            RunRecord otherRun = vigil.trigger("test.other");

            // One claim skips the fire and takes the other run; then the store fails for a moment.
            flaky.failNext("findDefinition", 1);
            try {
                vigil.runDue();
            } catch (VigilException e) {
                // The store failed; a host driving the engine tries again.
            }
            vigil.runDue();

            assertThat(vigil.run(otherRun.id()).orElseThrow().state()).as("the run claimed with the skipped fire")
                    .isEqualTo(RunState.SUCCEEDED);
            assertThat(flaky.real.runs(RunQuery.forDefinition("test.minutely").states(RunState.QUEUED)
                    .origins(RunOrigin.SCHEDULED, RunOrigin.MISFIRE))).as("the minutely schedule goes on").hasSize(1);
        }
    }

    @Test
    void aClaimThatCommittedButWhoseReplyWasLostStillRunsItsRunsOnce() {
        FlakyStore flaky = new FlakyStore(new InMemoryJobStore(Clock.systemUTC()));
        RunWatcher watcher = new RunWatcher();
        TestJobs.RecordingJob job = TestJobs.succeeding("test.lost-reply", d -> d);
        try (Vigil vigil = Vigil.builder().clock(Clock.systemUTC()).store(flaky.store).discoverJobs(false)
                .nodeId("lossy-node").listener(watcher).register(job).build()) {
            vigil.disable(BuiltInJobs.WATCHDOG);
            vigil.disable(BuiltInJobs.PURGE_HISTORY);
            flaky.loseNextReplies("claimDue", 1);
            RunRecord run = vigil.trigger("test.lost-reply");
            vigil.start();

            assertThat(watcher.awaitFinished(run.id()).state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(flaky.failed.get()).as("the reply was lost").isEqualTo(1);
            assertThat(job.runs).extracting(c -> c.runId()).containsExactly(run.id());
        }
    }
}
