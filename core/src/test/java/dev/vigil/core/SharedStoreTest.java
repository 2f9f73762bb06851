package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.VigilListener;
import dev.vigil.spi.store.RunCompletion;
import dev.vigil.spi.store.RunQuery;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two engines in one JVM sharing one store behave like two nodes of a cluster. */
class SharedStoreTest {
    private final Clock clock = Clock.systemUTC();
    private final InMemoryJobStore store = new InMemoryJobStore(clock);
    private final List<Vigil> engines = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private Vigil node(String id, VigilListener listener, TestJobs.RecordingJob... jobs) {
        Vigil v = Vigil.builder().clock(clock).store(store).discoverJobs(false).nodeId(id).workers(4)
                .leaseDuration(Duration.ofSeconds(1)).shutdownTimeout(Duration.ofSeconds(2)).listener(listener)
                .register(jobs).build().start();
        engines.add(v);
        return v;
    }

    @AfterEach
    void stop() {
        release.countDown();
        engines.forEach(Vigil::close);
    }

    private TestJobs.RecordingJob blocking(String id) {
        return TestJobs.job(id, d -> d.concurrency(ConcurrencyPolicy.ALLOW), c -> {
            while (!release.await(10, TimeUnit.MILLISECONDS)) {
                c.checkCancelled();
            }
            return JobResult.success();
        });
    }

    @Test
    void aCancelAskedOnOneNodeStopsTheRunOnAnotherAtItsNextHeartbeat() {
        RunWatcher onA = new RunWatcher();
        Vigil a = node("node-a", onA, blocking("test.long"));
        Vigil b = node("node-b", new RunWatcher(), blocking("test.long"));
        engines.remove(b);
        b.close();

        RunRecord run = a.trigger("test.long");
        onA.awaitStarted(r -> r.id() == run.id());
        assertThat(b.cancel(run.id())).isTrue();

        assertThat(onA.awaitFinished(run.id()).state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void aNodeThatLosesItsLeaseStopsTheJobAndItsCompletionIsRejected() {
        Set<Long> lost = ConcurrentHashMap.newKeySet();
        RunWatcher watcher = new RunWatcher();
        Vigil a = node("node-a", new VigilListener() {
            @Override
            public void runStarted(RunRecord r) {
                watcher.runStarted(r);
            }

            @Override
            public void leaseLost(long runId) {
                lost.add(runId);
                watcher.runFinished(store.findRun(runId).orElseThrow());
            }
        }, blocking("test.long"));

        RunRecord run = a.trigger("test.long");
        RunRecord started = watcher.awaitStarted(r -> r.id() == run.id());
        // Another node's watchdog decided this run was abandoned.
        assertThat(store.complete(new RunCompletion(run.id(), "node-a", started.fencingToken(), RunState.ABANDONED,
                RunCounts.ZERO, "taken over", List.of(), List.of(), false)).accepted()).isTrue();

        watcher.awaitFinished(r -> r.id() == run.id());
        assertThat(lost).containsExactly(run.id());
        a.close();
        RunRecord after = store.findRun(run.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(RunState.ABANDONED);
        assertThat(after.message()).isEqualTo("taken over");
    }

    @Test
    void twoNodesNeverRunTheSameRunTwiceNorOverlapOnAMutexKey() {
        Map<String, AtomicInteger> holders = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        Map<Long, AtomicInteger> executions = new ConcurrentHashMap<>();
        TestJobs.RecordingJob touch = TestJobs.job("test.touch", d -> d.concurrency(ConcurrencyPolicy.ALLOW)
                .parameter(ParameterSpec.optional("host", ParameterType.STRING, "host")), c -> {
            executions.computeIfAbsent(c.runId(), k -> new AtomicInteger()).incrementAndGet();
            String key = c.parameters().asMap().getOrDefault("host", "?");
            if (holders.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            for (int spin = 0; spin < 10_000; spin++) {
                Thread.onSpinWait();
            }
            holders.get(key).decrementAndGet();
            return JobResult.builder().succeeded().build();
        });
        TestJobs.RecordingJob sameType = new TestJobs.RecordingJob(touch.descriptor(), touch::run);
        RunWatcher watcher = new RunWatcher();
        node("node-a", watcher, touch);
        node("node-b", watcher, sameType);

        int total = 400;
        for (int i = 0; i < total; i++) {
            String host = "web-" + (i % 7);
            store.enqueue(new dev.vigil.spi.store.NewRun("test.touch", "test.touch", dev.vigil.spi.RunOrigin.MANUAL,
                    null, 1, clock.instant(), clock.instant(), "host:" + host, ConcurrencyPolicy.ALLOW, Duration.ZERO,
                    Map.of("host", host)));
        }
        engines.forEach(v -> v.trigger("vigil.watchdog"));
        for (long id = 1; id <= total + 2; id++) {
            long runId = id;
            if (store.findRun(runId).map(r -> r.jobType().equals("test.touch")).orElse(false)) {
                watcher.awaitFinished(r -> r.id() == runId && r.state().isTerminal());
            }
        }

        List<RunRecord> runs = store.runs(RunQuery.all().jobType("test.touch").limit(10_000));
        assertThat(runs).hasSize(total).extracting(RunRecord::state).containsOnly(RunState.SUCCEEDED);
        assertThat(executions).hasSize(total).allSatisfy((id, n) -> assertThat(n.get()).isEqualTo(1));
        assertThat(runs).extracting(RunRecord::owner).contains("node-a", "node-b");
        assertThat(overlaps.get()).isZero();
    }
}
