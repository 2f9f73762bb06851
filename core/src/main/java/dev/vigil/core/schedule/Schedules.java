package dev.vigil.core.schedule;

import dev.vigil.spi.InvalidScheduleException;
import dev.vigil.spi.Schedule;
import java.time.ZoneId;
import java.util.Objects;

/** Compiles {@link Schedule}s into {@link CompiledSchedule}s. */
public final class Schedules {
    private Schedules() {
    }

    /**
     * Validates and compiles a schedule. Call it when the schedule is defined, so that a bad
     * expression is rejected then and never when it would fire.
     *
     * @param schedule the schedule; not null
     * @param engineZone the zone used when the schedule's own zone is null (the engine's zone); not
     *     null
     * @return the compiled schedule
     * @throws InvalidScheduleException if the schedule is invalid; the message names the field, the
     *     value and what is allowed, e.g. {@code Invalid cron expression '0 61 * * * ?' (quartz):
     *     minutes field value 61 is outside 0-59}
     * @throws NullPointerException if an argument is null
     */
    public static CompiledSchedule compile(Schedule schedule, ZoneId engineZone) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(engineZone, "engineZone");
        if (schedule instanceof Schedule.Cron cron) {
            return CronSchedule.compile(cron, cron.zone() != null ? cron.zone() : engineZone);
        }
        if (schedule instanceof Schedule.Interval interval) {
            return new IntervalSchedule(interval, interval.zone() != null ? interval.zone() : engineZone);
        }
        if (schedule instanceof Schedule.Once once) {
            return new OnceSchedule(once);
        }
        if (schedule instanceof Schedule.Manual) {
            return ManualSchedule.INSTANCE;
        }
        throw new IllegalArgumentException("Unknown kind of schedule: " + schedule.getClass().getName());
    }
}
