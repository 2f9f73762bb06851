package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.RetryPolicy;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.store.RunQuery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParentChildTest extends EngineTestBase {

    private final TestJobs.RecordingJob scanHost = TestJobs.job("test.scan-host", d -> d
            .parameter(ParameterSpec.required("host", ParameterType.STRING, "host to scan")), c -> {
                String host = c.parameters().string("host");
                JobResult.Builder r = JobResult.builder().succeeded().succeeded();
                return host.equals("bad") ? r.failed(host, "connection refused").build() : r.build();
            });

    private TestJobs.RecordingJob discover(List<String> hosts, Duration stagger, int parallel, boolean failAfterSpawn) {
        return TestJobs.job("test.discover", d -> d, c -> {
            List<ChildRun> children = new ArrayList<>();
            for (String h : hosts) {
                children.add(ChildRun.of("test.scan-host", Map.of("host", h)).withMutexKey("host:" + h));
            }
            c.spawnChildren(ChildBatch.of(children).staggeredBy(stagger).atMostParallel(parallel));
            if (failAfterSpawn) {
                throw new IllegalStateException("inventory went away");
            }
            return JobResult.success("spawned " + hosts.size());
        });
    }

    @Test
    void parentWaitsForStaggeredChildrenAndAggregatesTheirCounts() {
        build(discover(List.of("a", "b", "bad", "d"), Duration.ofSeconds(30), 10, false), scanHost);

        RunRecord parent = vigil.trigger("test.discover");
        driver.runDue();
        assertThat(store.findRun(parent.id()).orElseThrow().state()).isEqualTo(RunState.WAITING_FOR_CHILDREN);

        driver.runUntilIdle(Duration.ofMinutes(5));

        RunRecord done = store.findRun(parent.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(RunState.PARTIAL);
        assertThat(done.counts()).isEqualTo(new RunCounts(9, 8, 1, 0));
        assertThat(done.childrenTotal()).isEqualTo(4);
        assertThat(done.message()).contains("spawned 4").contains("4 children");
        List<RunRecord> children = new ArrayList<>(store.runs(RunQuery.all().childrenOf(parent.id())));
        children.sort((x, y) -> Long.compare(x.id(), y.id()));
        assertThat(children).extracting(RunRecord::origin).containsOnly(RunOrigin.CHILD);
        assertThat(children).extracting(RunRecord::startedAt).containsExactly(T0, T0.plusSeconds(30),
                T0.plusSeconds(60), T0.plusSeconds(90));
        assertThat(children).extracting(RunRecord::mutexKey).containsExactly("host:a", "host:b", "host:bad", "host:d");
        assertThat(done.endedAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void aTriggeredRunStandsAloneWithItsMutexKeyAndIsRetriedByItsOwnPolicyWhileTheTriggeringRunEnds() {
        AtomicInteger polls = new AtomicInteger();
        TestJobs.RecordingJob poll = TestJobs.job("test.poll", d -> d
                .parameter(ParameterSpec.required("order", ParameterType.STRING, "order to poll"))
                .concurrency(ConcurrencyPolicy.ALLOW)
                .retry(RetryPolicy.exponential(5, Duration.ofMinutes(1), Duration.ofMinutes(10))), c ->
                polls.incrementAndGet() < 3 ? JobResult.failure("order " + c.parameters().string("order")
                        + " still pending") : JobResult.success("issued"));
        TestJobs.RecordingJob submit = TestJobs.job("test.submit", d -> d, c -> {
            c.trigger("test.poll", Map.of("order", "o-1"), "certificate:1");
            return JobResult.success("submitted");
        });
        build(submit, poll);

        RunRecord submitted = vigil.trigger("test.submit");
        driver.runDue();

        assertThat(store.findRun(submitted.id()).orElseThrow().state()).as("the trigger does not wait")
                .isEqualTo(RunState.SUCCEEDED);
        driver.runUntilIdle(Duration.ofMinutes(30));
        List<RunRecord> polling = history("test.poll");
        assertThat(polling).extracting(RunRecord::state)
                .containsExactly(RunState.FAILED, RunState.FAILED, RunState.SUCCEEDED);
        assertThat(polling).extracting(RunRecord::origin)
                .containsExactly(RunOrigin.MANUAL, RunOrigin.RETRY, RunOrigin.RETRY);
        assertThat(polling).allSatisfy(r -> {
            assertThat(r.parentRunId()).isNull();
            assertThat(r.mutexKey()).isEqualTo("certificate:1");
            assertThat(r.parameters()).containsEntry("order", "o-1");
        });
        assertThat(Duration.between(polling.get(0).startedAt(), polling.get(1).startedAt()))
                .isBetween(Duration.ofSeconds(48), Duration.ofSeconds(72));
    }

    @Test
    void triggeringAnUnknownTypeFailsTheTriggeringRunWithAClearMessage() {
        TestJobs.RecordingJob submit = TestJobs.job("test.submit", d -> d, c -> {
            c.trigger("test.nope", Map.of(), null);
            return JobResult.success();
        });
        build(submit);

        RunRecord run = vigil.trigger("test.submit");
        driver.runDue();

        RunRecord done = store.findRun(run.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(RunState.FAILED);
        assertThat(done.message()).contains("test.nope");
    }

    @Test
    void parentWhoseChildrenAllSucceedSucceeds() {
        build(discover(List.of("a", "b"), Duration.ZERO, 1, false), scanHost);

        RunRecord parent = vigil.trigger("test.discover");
        driver.runDue();

        assertThat(store.findRun(parent.id()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(scanHost.count()).isEqualTo(2);
    }

    @Test
    void childOfAnUnknownTypeFailsTheParentWithAClearMessage() {
        TestJobs.RecordingJob parentJob = TestJobs.job("test.bad-parent", d -> d, c -> {
            c.spawnChildren(ChildBatch.of(List.of(ChildRun.of("test.nope", Map.of()))));
            return JobResult.success();
        });
        build(parentJob);

        RunRecord parent = vigil.trigger("test.bad-parent");
        driver.runDue();

        RunRecord done = store.findRun(parent.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(RunState.FAILED);
        assertThat(done.message()).contains("test.nope");
    }

    @Test
    void purgeDeletesOldHistoryButSparesAParentWithUnfinishedChildren() {
        build(discover(List.of("a", "b"), Duration.ofDays(100), 10, true), scanHost,
                TestJobs.succeeding("test.noise", d -> d));
        RunRecord oldNoise = vigil.trigger("test.noise");
        RunRecord parent = vigil.trigger("test.discover");
        driver.runDue();
        assertThat(store.findRun(parent.id()).orElseThrow().state()).isEqualTo(RunState.FAILED);

        clock.advance(Duration.ofDays(61));
        vigil.trigger("vigil.purge-history");
        driver.runDue();

        assertThat(store.findRun(oldNoise.id())).as("61 days old").isEmpty();
        RunRecord spared = store.findRun(parent.id()).orElseThrow();
        assertThat(spared.childrenFinished()).isLessThan(spared.childrenTotal());
        RunRecord purge = store.runs(RunQuery.forDefinition("vigil.purge-history").limit(1)).get(0);
        assertThat(purge.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(purge.counts().processed()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void purgeKeepsRecentHistory() {
        build(TestJobs.succeeding("test.recent", d -> d));
        RunRecord recent = vigil.trigger("test.recent");
        driver.runDue();

        clock.advance(Duration.ofDays(59));
        vigil.trigger("vigil.purge-history");
        driver.runDue();

        assertThat(store.findRun(recent.id())).isPresent();
    }

    @Test
    void childrenRunAtMostMaxParallelAtOnceOnAStartedEngine() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch allStarted = new CountDownLatch(6);
        TestJobs.RecordingJob slowHost = TestJobs.job("test.scan-host", d -> d
                .parameter(ParameterSpec.required("host", ParameterType.STRING, "host")), c -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    allStarted.countDown();
                    try {
                        // Hold the slot long enough for the dispatcher to try to start more.
                        allStarted.await(200, TimeUnit.MILLISECONDS);
                    } finally {
                        running.decrementAndGet();
                    }
                    return JobResult.builder().succeeded().build();
                });
        RunWatcher watcher = new RunWatcher();
        Vigil live = Vigil.builder().clock(Clock.systemUTC()).discoverJobs(false).workers(6).listener(watcher)
                .register(discover(List.of("1", "2", "3", "4", "5", "6"), Duration.ZERO, 2, false), slowHost)
                .build().start();
        try {
            RunRecord parent = live.trigger("test.discover");
            RunRecord done = watcher.awaitFinished(r -> r.id() == parent.id() && r.state().isTerminal());
            assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(done.counts().succeeded()).isEqualTo(6);
            assertThat(peak.get()).isEqualTo(2);
        } finally {
            live.close();
        }
    }
}
