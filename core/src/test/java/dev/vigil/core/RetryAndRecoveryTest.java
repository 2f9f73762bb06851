package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.JobResult;
import dev.vigil.spi.RetryPolicy;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.store.ClaimResult;
import dev.vigil.spi.store.RunCompletion;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryAndRecoveryTest extends EngineTestBase {

    private static final RetryPolicy THREE_TRIES = new RetryPolicy(3, Duration.ofSeconds(10), 2.0,
            Duration.ofMinutes(5), 0.0, EnumSet.allOf(RetryPolicy.RetryOn.class));

    @Test
    void failedRunIsRetriedWithExponentialBackoffAsNewRuns() {
        TestJobs.RecordingJob job = TestJobs.job("test.flaky", d -> d.retry(THREE_TRIES), c -> {
            throw new IllegalStateException("device unreachable");
        });
        build(job);

        RunRecord first = vigil.trigger("test.flaky");
        driver.runUntilIdle(Duration.ofMinutes(2));

        List<RunRecord> runs = history("test.flaky");
        assertThat(runs).extracting(RunRecord::origin).containsExactly(RunOrigin.MANUAL, RunOrigin.RETRY, RunOrigin.RETRY);
        assertThat(runs).extracting(RunRecord::attempt).containsExactly(1, 2, 3);
        assertThat(runs).extracting(RunRecord::state).containsOnly(RunState.FAILED);
        assertThat(runs.get(0).message()).contains("IllegalStateException: device unreachable").contains("attempt 2");
        assertThat(Duration.between(runs.get(0).endedAt(), runs.get(1).startedAt())).isEqualTo(Duration.ofSeconds(10));
        assertThat(Duration.between(runs.get(1).endedAt(), runs.get(2).startedAt())).isEqualTo(Duration.ofSeconds(20));
        assertThat(runs.get(0).id()).isEqualTo(first.id());
    }

    @Test
    void retryStopsAtTheFirstSuccess() {
        TestJobs.RecordingJob job = TestJobs.job("test.second-time-lucky", d -> d.retry(THREE_TRIES),
                c -> c.attempt() == 1 ? JobResult.failure("CA busy") : JobResult.builder().succeeded().build());
        build(job);

        vigil.trigger("test.second-time-lucky");
        driver.runUntilIdle(Duration.ofMinutes(2));

        assertThat(history("test.second-time-lucky")).extracting(RunRecord::state)
                .containsExactly(RunState.FAILED, RunState.SUCCEEDED);
    }

    @Test
    void jitterSpreadsRetryDelaysWithinItsBounds() {
        RetryPolicy policy = RetryPolicy.exponential(10, Duration.ofSeconds(10), Duration.ofMinutes(1));
        SplittableRandom random = new SplittableRandom(7);

        for (int i = 0; i < 1000; i++) {
            Duration d = policy.delayAfter(3, random::nextDouble);
            assertThat(d).isBetween(Duration.ofSeconds(32), Duration.ofSeconds(48));
        }
        assertThat(policy.delayAfter(9, () -> 0.5)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void watchdogAbandonsARunWhoseNodeStoppedHeartbeatingAndRetriesIt() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.recoverable", d -> d.retry(THREE_TRIES));
        build(job);
        RunRecord run = vigil.trigger("test.recoverable");
        // Another node claims it and dies without a word.
        ClaimResult claim = store.claimDue("dead-node", 10, Duration.ofSeconds(60));
        RunRecord claimed = claim.claimed().stream().filter(r -> r.id() == run.id()).findFirst().orElseThrow();

        clock.advance(Duration.ofSeconds(59));
        vigil.trigger("vigil.watchdog");
        driver.runDue();
        assertThat(store.findRun(run.id()).orElseThrow().state()).as("lease still valid").isEqualTo(RunState.RUNNING);

        clock.advance(Duration.ofSeconds(2));
        vigil.trigger("vigil.watchdog");
        driver.runDue();
        RunRecord abandoned = store.findRun(run.id()).orElseThrow();
        assertThat(abandoned.state()).isEqualTo(RunState.ABANDONED);
        assertThat(abandoned.message()).contains("dead-node");

        driver.runUntilIdle(Duration.ofMinutes(1));
        assertThat(history("test.recoverable")).extracting(RunRecord::state)
                .containsExactly(RunState.ABANDONED, RunState.SUCCEEDED);

        // The dead node wakes up and reports success: fencing rejects it and nothing changes.
        var late = store.complete(new RunCompletion(claimed.id(), "dead-node", claimed.fencingToken(),
                RunState.SUCCEEDED, new RunCounts(5, 5, 0, 0), "late", List.of(), List.of(), false));
        assertThat(late.accepted()).isFalse();
        assertThat(store.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.ABANDONED);
        assertThat(store.findRun(run.id()).orElseThrow().counts()).isEqualTo(RunCounts.ZERO);
    }

    @Test
    void abandonedScheduledRunKeepsItsScheduleGoing() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.scheduled-recovery", d -> d.cron("0 0/10 * * * ?"));
        build(job);
        clock.advance(Duration.ofMinutes(10));
        store.claimDue("dead-node", 100, Duration.ofSeconds(30));
        assertThat(vigil.definition("test.scheduled-recovery").nextFireTime()).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        vigil.trigger("vigil.watchdog");
        driver.runDue();

        assertThat(history("test.scheduled-recovery")).extracting(RunRecord::state)
                .containsExactly(RunState.ABANDONED, RunState.QUEUED);
        driver.advance(Duration.ofMinutes(10));
        assertThat(job.count()).isEqualTo(1);
    }

    @Test
    void jobThatIgnoresItsTimeoutOnAManualClockEndsTimedOut() {
        TestJobs.RecordingJob job = TestJobs.job("test.overrun", d -> d.timeout(Duration.ofMinutes(5)), c -> {
            clock.advance(Duration.ofMinutes(6));
            c.checkCancelled();
            return JobResult.success();
        });
        build(job);

        RunRecord run = vigil.trigger("test.overrun");
        driver.runDue();

        assertThat(store.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.TIMED_OUT);
    }

    @Test
    void partialResultKeepsItemErrorsAndCounts() {
        TestJobs.RecordingJob job = TestJobs.job("test.partial", d -> d, c -> JobResult.builder()
                .succeeded().succeeded().failed("serial 0A:1F", "CRL signature invalid").skipped().build());
        build(job);

        RunRecord run = vigil.trigger("test.partial");
        driver.runDue();

        RunRecord done = store.findRun(run.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(RunState.PARTIAL);
        assertThat(done.counts()).isEqualTo(new RunCounts(4, 2, 1, 1));
        assertThat(done.itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("serial 0A:1F");
            assertThat(e.message()).isEqualTo("CRL signature invalid");
        });
    }
}
