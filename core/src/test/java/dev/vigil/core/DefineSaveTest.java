package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.store.NewRun;
import dev.vigil.spi.store.RunQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code define(...).save()}: what it stores, queues and returns, for new and for existing ids. */
class DefineSaveTest extends EngineTestBase {
    private static final String TYPE = "test.scan";

    @Test
    void savingANewDefinitionReturnsWhatReadingItBackGives() {
        build(TestJobs.succeeding(TYPE, d -> d.cron("0 0 * * * ?")));

        DefinitionInfo saved = vigil.define("scan-1", TYPE).schedule(Schedule.cron("0 30 10 * * ?")).save();

        assertThat(saved).isEqualTo(vigil.definition("scan-1"));
        assertThat(saved.nextFireTime()).contains(Instant.parse("2026-03-02T10:30:00Z"));
        assertThat(saved.lastRun()).get().extracting(RunRecord::state).isEqualTo(RunState.QUEUED);
        assertThat(saved.scheduleDescription()).isNotBlank();
        assertThat(saved.definition().scheduleAnchor()).isEqualTo(T0);
    }

    @Test
    void aNewManualOrDisabledDefinitionQueuesNothing() {
        build(TestJobs.succeeding(TYPE, d -> d.cron("0 0 * * * ?")));

        DefinitionInfo manual = vigil.define("scan-manual", TYPE).schedule(Schedule.manual()).save();
        DefinitionInfo disabled = vigil.define("scan-off", TYPE).enabled(false).save();

        assertThat(manual).isEqualTo(vigil.definition("scan-manual"));
        assertThat(disabled).isEqualTo(vigil.definition("scan-off"));
        assertThat(manual.nextFireTime()).isEmpty();
        assertThat(disabled.nextFireTime()).isEmpty();
        assertThat(history("scan-manual")).isEmpty();
        assertThat(history("scan-off")).isEmpty();
    }

    @Test
    void definingAnExistingIdAgainMovesItsScheduleToTheNewOne() {
        build(TestJobs.succeeding(TYPE, d -> d.cron("0 0 * * * ?")));
        vigil.define("scan-1", TYPE).schedule(Schedule.cron("0 30 10 * * ?")).save();
        clock.advance(Duration.ofMinutes(1));

        DefinitionInfo again = vigil.define("scan-1", TYPE).schedule(Schedule.cron("0 45 10 * * ?")).save();

        assertThat(again).isEqualTo(vigil.definition("scan-1"));
        assertThat(again.nextFireTime()).contains(Instant.parse("2026-03-02T10:45:00Z"));
        assertThat(history("scan-1")).extracting(RunRecord::state, RunRecord::scheduledTime).containsExactly(
                tuple(RunState.CANCELLED, Instant.parse("2026-03-02T10:30:00Z")),
                tuple(RunState.QUEUED, Instant.parse("2026-03-02T10:45:00Z")));
    }

    @Test
    void aNewDefinitionReplacesAFireLeftQueuedUnderItsId() {
        build(TestJobs.succeeding(TYPE, d -> d.cron("0 0 * * * ?")));
        Instant leftover = Instant.parse("2026-03-02T11:00:00Z");
        RunRecord orphan = store.enqueue(new NewRun("scan-1", TYPE, RunOrigin.SCHEDULED, null, 1, leftover, leftover,
                null, ConcurrencyPolicy.ALLOW, Duration.ZERO, Map.of())).orElseThrow();

        DefinitionInfo saved = vigil.define("scan-1", TYPE).schedule(Schedule.cron("0 30 10 * * ?")).save();

        assertThat(saved).isEqualTo(vigil.definition("scan-1"));
        assertThat(saved.nextFireTime()).contains(Instant.parse("2026-03-02T10:30:00Z"));
        assertThat(store.findRun(orphan.id())).get().extracting(RunRecord::state).isEqualTo(RunState.CANCELLED);
        List<RunRecord> queued = store.runs(RunQuery.forDefinition("scan-1").states(RunState.QUEUED));
        assertThat(queued).extracting(RunRecord::scheduledTime).containsExactly(Instant.parse("2026-03-02T10:30:00Z"));
    }

    @Test
    void aNewDefinitionFiresOnItsSchedule() {
        TestJobs.RecordingJob job = TestJobs.succeeding(TYPE, d -> d.cron("0 0 * * * ?"));
        build(job);
        vigil.define("scan-1", TYPE).schedule(Schedule.cron("0 0/20 * * * ?")).save();

        driver.advance(Duration.ofMinutes(41));

        assertThat(job.runs).extracting(c -> c.scheduledTime()).contains(Instant.parse("2026-03-02T10:20:00Z"),
                Instant.parse("2026-03-02T10:40:00Z"));
    }
}
