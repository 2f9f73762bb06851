package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.IntervalEnd;
import dev.vigil.spi.IntervalUnit;
import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.InvalidScheduleException;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.MisfirePolicy;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.UnknownJobException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulingTest extends EngineTestBase {

    @Test
    void eachJobTypeGetsAnEnabledDefaultDefinitionWithItsSchedule() {
        build(TestJobs.succeeding("test.every-minute", d -> d.cron("0 * * * * ?")));

        DefinitionInfo info = vigil.definition("test.every-minute");

        assertThat(info.active()).isTrue();
        assertThat(vigil.definition("vigil.watchdog").definition().enabled()).as("disabled by the test base").isFalse();
        assertThat(info.nextFireTime()).contains(Instant.parse("2026-03-02T10:01:00Z"));
        assertThat(vigil.definitions()).extracting(DefinitionInfo::id)
                .contains("test.every-minute", "vigil.watchdog", "vigil.purge-history");
    }

    @Test
    void cronDefinitionRunsAtEachFireTimeAndNotBetween() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.five-minutes", d -> d.cron("0 0/5 * * * ?"));
        build(job);

        driver.advance(Duration.ofMinutes(4));
        assertThat(job.count()).isZero();
        driver.advance(Duration.ofMinutes(11));

        assertThat(job.runs).extracting(c -> c.scheduledTime()).containsExactly(
                Instant.parse("2026-03-02T10:05:00Z"), Instant.parse("2026-03-02T10:10:00Z"),
                Instant.parse("2026-03-02T10:15:00Z"));
        assertThat(history("test.five-minutes")).extracting(RunRecord::state)
                .containsExactly(RunState.SUCCEEDED, RunState.SUCCEEDED, RunState.SUCCEEDED, RunState.QUEUED);
    }

    @Test
    void triggerNowRunsAtOnceAndDoesNotMoveTheSchedule() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.hourly", d -> d.cron("0 0 * * * ?"));
        build(job);
        Instant nextBefore = vigil.definition("test.hourly").nextFireTime().orElseThrow();

        RunRecord manual = vigil.trigger("test.hourly");
        driver.runDue();

        assertThat(vigil.run(manual.id()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(job.runs).extracting(c -> c.origin()).containsExactly(RunOrigin.MANUAL);
        assertThat(vigil.definition("test.hourly").nextFireTime()).contains(nextBefore);
        driver.advanceTo(nextBefore);
        assertThat(job.runs).extracting(c -> c.origin()).containsExactly(RunOrigin.MANUAL, RunOrigin.SCHEDULED);
    }

    @Test
    void disabledDefinitionDoesNotFireUntilEnabledAgain() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.minutely", d -> d.cron("0 * * * * ?"));
        build(job);

        vigil.disable("test.minutely");
        driver.advance(Duration.ofMinutes(10));
        assertThat(job.count()).isZero();
        assertThat(vigil.definition("test.minutely").nextFireTime()).isEmpty();

        vigil.enable("test.minutely");
        driver.advance(Duration.ofMinutes(2));
        assertThat(job.runs).extracting(c -> c.scheduledTime()).containsExactly(
                Instant.parse("2026-03-02T10:11:00Z"), Instant.parse("2026-03-02T10:12:00Z"));
    }

    @Test
    void disabledDefinitionCanStillBeTriggered() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.manual-ok", d -> d.cron("0 0 0 * * ?"));
        build(job);
        vigil.disable("test.manual-ok");

        vigil.trigger("test.manual-ok");
        driver.runDue();

        assertThat(job.count()).isEqualTo(1);
    }

    @Test
    void rescheduleReplacesTheQueuedFire() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.resched", d -> d.cron("0 0 0 * * ?"));
        build(job);

        vigil.reschedule("test.resched", Schedule.cron("0 30 10 * * ?"));
        driver.advance(Duration.ofHours(1));

        assertThat(job.runs).extracting(c -> c.scheduledTime()).containsExactly(Instant.parse("2026-03-02T10:30:00Z"));
        assertThat(history("test.resched")).filteredOn(r -> r.state() == RunState.QUEUED)
                .extracting(RunRecord::dueAt).containsExactly(Instant.parse("2026-03-03T10:30:00Z"));
    }

    @Test
    void hostDefinedDefinitionRunsWithItsOwnParameters() {
        TestJobs.RecordingJob job = TestJobs.job("test.import", d -> d
                .parameter(ParameterSpec.required("group", ParameterType.STRING, "certificate group")),
                c -> JobResult.success(c.parameters().string("group")));
        build(job);

        vigil.define("import-finance", "test.import").parameter("group", "finance")
                .schedule(Schedule.every(1, IntervalUnit.HOURS).from(T0).until(IntervalEnd.after(3))).save();
        driver.advance(Duration.ofHours(10));

        assertThat(job.runs).extracting(c -> c.parameters().string("group")).containsExactly("finance", "finance", "finance");
        assertThat(job.runs).extracting(c -> c.scheduledTime()).as("the start is the first occurrence")
                .containsExactly(T0, T0.plusSeconds(3600), T0.plusSeconds(7200));
    }

    @Test
    void onceScheduleFiresOnceAndNeverAgain() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.once", d -> d);
        build(job);

        vigil.define("once-a", "test.once").schedule(Schedule.once(T0.plusSeconds(90))).save();
        driver.advance(Duration.ofDays(3));

        assertThat(job.count()).isEqualTo(1);
        assertThat(vigil.definition("once-a").nextFireTime()).isEmpty();
    }

    @Test
    void invalidCronIsRejectedWhenDefinedNamingTheField() {
        build(TestJobs.succeeding("test.cron-check", d -> d));

        assertThatThrownBy(() -> vigil.reschedule("test.cron-check", Schedule.cron("0 61 * * * ?")))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("minute");
        assertThat(vigil.definition("test.cron-check").definition().schedule()).isEqualTo(Schedule.manual());
    }

    @Test
    void unknownDefinitionAndJobTypeGiveClearErrors() {
        build();

        assertThatThrownBy(() -> vigil.trigger("no.such-thing")).isInstanceOf(UnknownJobException.class)
                .hasMessageContaining("no.such-thing");
        assertThatThrownBy(() -> vigil.define("x", "no.such-type")).isInstanceOf(UnknownJobException.class)
                .hasMessageContaining("no.such-type").hasMessageContaining("vigil.watchdog");
    }

    @Test
    void badParameterIsRejectedBeforeAnythingRuns() {
        TestJobs.RecordingJob job = TestJobs.job("test.batch", d -> d
                .parameter(ParameterSpec.optional("batchSize", ParameterType.INTEGER, "items per page")
                        .withRange(1, 500).withDefault("100")), c -> JobResult.success());
        build(job);

        assertThatThrownBy(() -> vigil.trigger("test.batch", Map.of("batchSize", "9000")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> vigil.trigger("test.batch", Map.of("colour", "red")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("colour");
        driver.runDue();
        assertThat(job.count()).isZero();
    }

    @Test
    void fireOnceRunsOneCatchUpRunAfterDowntimeThenResumes() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.fire-once", d -> d.cron("0 * * * * ?")
                .misfire(MisfirePolicy.fireOnce()));
        build(job);

        clock.advance(Duration.ofHours(2));
        driver.runDue();
        assertThat(job.count()).isEqualTo(1);
        assertThat(job.runs.get(0).scheduledTime()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));

        driver.advance(Duration.ofMinutes(1));
        assertThat(job.count()).isEqualTo(2);
    }

    @Test
    void skipRunsNoneOfTheMissedFires() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.skip", d -> d.cron("0 * * * * ?")
                .misfire(MisfirePolicy.skip()));
        build(job);

        clock.advance(Duration.ofHours(2).plusSeconds(30));
        driver.runDue();

        assertThat(job.count()).isZero();
        assertThat(history("test.skip")).extracting(RunRecord::state).containsExactly(RunState.SKIPPED, RunState.QUEUED);
        assertThat(vigil.definition("test.skip").nextFireTime()).contains(Instant.parse("2026-03-02T12:01:00Z"));
    }

    @Test
    void catchUpRunsTheMostRecentMissedFiresUpToItsMaximum() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.catch-up", d -> d.cron("0 0 * * * ?")
                .misfire(MisfirePolicy.catchUp(3)));
        build(job);

        clock.advance(Duration.ofHours(10).plusMinutes(30));
        driver.runDue();

        assertThat(job.runs).extracting(c -> c.scheduledTime()).containsExactly(
                Instant.parse("2026-03-02T18:00:00Z"), Instant.parse("2026-03-02T19:00:00Z"),
                Instant.parse("2026-03-02T20:00:00Z"));
        assertThat(vigil.definition("test.catch-up").nextFireTime()).contains(Instant.parse("2026-03-02T21:00:00Z"));
    }

    @Test
    void fireLaterThanTheThresholdButBusyIsStillAMisfire() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.threshold", d -> d.cron("0 * * * * ?")
                .misfire(MisfirePolicy.skip().withThreshold(Duration.ofSeconds(30))));
        build(job);

        clock.advance(Duration.ofSeconds(80));
        driver.runDue();
        assertThat(job.count()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(80));
        driver.runDue();
        assertThat(job.count()).as("fire at 10:02 is 40 s late, past the 30 s threshold").isEqualTo(1);
    }
}
