package dev.vigil.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.CronDialect;
import dev.vigil.spi.InvalidScheduleException;
import dev.vigil.spi.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void cronWithoutZoneIsReadInTheEngineZone() {
        CompiledSchedule schedule = Schedules.compile(Schedule.cron("0 0 2 * * ?"), BERLIN);
        assertThat(schedule).isInstanceOf(CronSchedule.class);
        assertThat(((CronSchedule) schedule).zone()).isEqualTo(BERLIN);
        assertThat(schedule.nextAfter(NEW_YEAR)).contains(Instant.parse("2026-01-01T01:00:00Z"));
        assertThat(schedule.schedule().toText()).isEqualTo("cron quartz default 0 0 2 * * ?");
    }

    @Test
    void cronWithItsOwnZoneIgnoresTheEngineZone() {
        Schedule cron = Schedule.cron("30 2 * * *", CronDialect.UNIX, ZoneId.of("America/New_York"));
        assertThat(Schedules.compile(cron, BERLIN).nextAfter(NEW_YEAR)).contains(Instant.parse("2026-01-01T07:30:00Z"));
    }

    @Test
    void cronTextFormCompiles() {
        CompiledSchedule schedule =
                Schedules.compile(Schedule.parse("cron quartz default 0 20 0/5 * * ?"), ZoneOffset.UTC);
        assertThat(schedule.nextAfter(NEW_YEAR)).contains(Instant.parse("2026-01-01T00:20:00Z"));
        assertThat(schedule.describe()).isEqualTo("Every 5 hours at minute 20");
    }

    @Test
    void invalidCronIsRejectedWhenCompiled() {
        assertThatThrownBy(() -> Schedules.compile(Schedule.cron("0 61 * * * ?"), ZoneOffset.UTC))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("Invalid cron expression '0 61 * * * ?' (quartz): minutes field value 61 is outside 0-59");
    }

    @Test
    void onceFiresAtItsInstantOnlyIfStrictlyAfter() {
        Instant at = Instant.parse("2026-12-24T18:00:00Z");
        CompiledSchedule schedule = Schedules.compile(Schedule.once(at), ZoneOffset.UTC);
        assertThat(schedule.nextAfter(NEW_YEAR)).contains(at);
        assertThat(schedule.nextAfter(at.minusNanos(1))).contains(at);
        assertThat(schedule.nextAfter(at)).isEmpty();
        assertThat(schedule.nextAfter(at.plusSeconds(1))).isEmpty();
        assertThat(schedule.describe()).isEqualTo("once at 2026-12-24T18:00:00Z");
    }

    @Test
    void manualNeverFiresByItself() {
        CompiledSchedule schedule = Schedules.compile(Schedule.manual(), ZoneOffset.UTC);
        assertThat(schedule.nextAfter(Instant.MIN)).isEmpty();
        assertThat(schedule.nextAfter(NEW_YEAR)).isEmpty();
        assertThat(schedule.describe()).isEqualTo("manually triggered only");
        assertThat(schedule.schedule()).isEqualTo(Schedule.manual());
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> Schedules.compile(null, ZoneOffset.UTC)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Schedules.compile(Schedule.manual(), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Schedules.compile(Schedule.once(NEW_YEAR), ZoneOffset.UTC).nextAfter(null))
                .isInstanceOf(NullPointerException.class);
    }
}
