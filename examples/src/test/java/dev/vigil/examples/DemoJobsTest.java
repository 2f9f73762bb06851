package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunState;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.JobHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo jobs, one at a time, through the testkit's harness: no engine, no threads. */
class DemoJobsTest {

    @Test
    void flakySyncFailsOnItsFirstAttemptAndSucceedsOnTheSecond() {
        HarnessRun first = JobHarness.forJob(new FlakySyncJob()).run();
        HarnessRun second = JobHarness.forJob(new FlakySyncJob()).attempt(2).run();

        assertThat(first.runState()).isEqualTo(RunState.FAILED);
        assertThat(first.result().message()).contains("did not answer");
        assertThat(second.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(second.counts()).isEqualTo(new RunCounts(12, 12, 0, 0));
    }

    @Test
    void flakySyncDeclaresARetryWithAShortFirstDelay() {
        var retry = new FlakySyncJob().descriptor().defaultPolicies().retry();

        assertThat(retry.maxAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(retry.initialDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void discoverSpawnsOneChildPerHostStaggeredAndAtMostTwoAtOnce() {
        HarnessRun run = JobHarness.forJob(new DiscoverJob())
                .childType(new DiscoverHostJob().descriptor())
                .parameter("hosts", "web-01, db-02")
                .run();

        assertThat(run.runState()).isEqualTo(RunState.WAITING_FOR_CHILDREN);
        ChildBatch batch = run.children().get(0);
        assertThat(batch.stagger()).isEqualTo(Duration.ofSeconds(1));
        assertThat(batch.maxParallel()).isEqualTo(2);
        assertThat(run.spawnedChildren()).containsExactly(
                new ChildRun("demo.discover-host", Map.of("host", "web-01"), "host:web-01"),
                new ChildRun("demo.discover-host", Map.of("host", "db-02"), "host:db-02"));
    }

    @Test
    void discoverWithNoHostsSpawnsNothing() {
        HarnessRun run = JobHarness.forJob(new DiscoverJob()).parameter("hosts", "").run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.children()).isEmpty();
    }

    @Test
    void discoverHostCountsAReachableHostAsSucceeded() {
        HarnessRun run = JobHarness.forJob(new DiscoverHostJob())
                .childOf(7).parameter("host", "web-01").parameter("work", "PT0S").run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts()).isEqualTo(new RunCounts(1, 1, 0, 0));
    }

    @Test
    void discoverHostCountsAnUnreachableHostAsAFailedItem() {
        HarnessRun run = JobHarness.forJob(new DiscoverHostJob())
                .childOf(7).parameter("host", "db-02").parameter("work", "PT0S").run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().itemErrors()).containsExactly(new ItemError("db-02", "connection refused (simulated)"));
    }

    @Test
    void discoverHostRejectsAMalformedHostName() {
        JobHarness harness = JobHarness.forJob(new DiscoverHostJob()).parameter("host", "web 01; rm -rf /");

        assertThatThrownBy(harness::run).isInstanceOf(InvalidParameterException.class).hasMessageContaining("host");
    }

    @Test
    void discoverHostStopsWhenCancelled() {
        HarnessRun run = JobHarness.forJob(new DiscoverHostJob())
                .childOf(7).parameter("host", "web-01").cancelled(true).run();

        assertThat(run.runState()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void intervalScanSkipsEndpointsUnderMaintenance() {
        HarnessRun run = JobHarness.forJob(new IntervalScanJob(Instant.parse("2026-01-01T00:00:00Z")))
                .parameter("endpoints", "a.test:443,b.test:443,c.test:443")
                .parameter("maintenance", "b.test:443")
                .run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts()).isEqualTo(new RunCounts(3, 2, 0, 1));
        assertThat(run.cancellationChecks()).isEqualTo(3);
    }

    @Test
    void heartbeatFiresEveryFiveSeconds() {
        HarnessRun run = JobHarness.forJob(new HeartbeatJob()).run();

        assertThat(new HeartbeatJob().descriptor().defaultSchedule().toText())
                .isEqualTo("cron quartz default */5 * * * * ?");
        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
    }
}
