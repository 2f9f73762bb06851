package dev.vigil.core.schedule;

import dev.vigil.spi.CronDialect;
import dev.vigil.spi.InvalidScheduleException;
import dev.vigil.spi.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A compiled cron expression in a time zone.
 *
 * <p>Dialects: Quartz (6 or 7 fields, {@code ? L W # LW L-n}, names, day of week 1 = Sunday), Unix
 * (5 fields, day of week 0 and 7 = Sunday; when both day fields are restricted a day matches if
 * either does, as in Vixie cron) and Spring 5.3+ (6 fields starting with seconds, day of week 0 and
 * 7 = Sunday, {@code L W LW L-n nL n#k}). The macros {@code @yearly}, {@code @annually},
 * {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight} and {@code @hourly} work in
 * all three. An explicit year (Quartz's seventh field) may be 1970-2299; without one the schedule
 * has no end.
 *
 * <p>{@link #nextAfter(Instant)} is strictly after its argument, as in Quartz and Spring, and
 * follows Vigil's daylight-saving policy:
 * <ul>
 *   <li>Gap (clocks jump forward): a fire time inside the gap fires once, at the first instant
 *       after the gap. A daily 02:30 job in Europe/Berlin runs at 03:00 on the spring-forward day;
 *       several fire times inside one gap collapse to that one instant.
 *   <li>Overlap (clocks fall back): an expression whose hour field is a single value or a list
 *       fires once, at the first occurrence. An expression whose hour field is {@code *}, a range
 *       or a step fires in both passes of the repeated hour ({@code 0 0/15 * * * ?} fires at
 *       02:00, 02:15, 02:30, 02:45 at +02:00 and again at +01:00 in Europe/Berlin). In a list
 *       that mixes the two, such as {@code 1,2-3}, each hour follows the entry it comes from.
 * </ul>
 *
 * <p>Immutable and thread-safe. Next-fire computation uses Vigil's own compiled form, not
 * cron-utils' {@code ExecutionTime}; it is allocation-light and correct to at least year 2299.
 */
public final class CronSchedule implements CompiledSchedule {
    private final Schedule.Cron schedule;
    private final ZoneId zone;
    private final ZoneTimeline timeline;
    private final boolean fixedOffset;
    private final int fixedOffsetSeconds;
    private final CronPattern pattern;
    private final long hours;
    private final long secondPassHours;
    private final String expression;
    private final String description;

    private CronSchedule(Schedule.Cron schedule, ZoneId zone, CronSyntax.Compiled compiled) {
        this.schedule = schedule;
        this.zone = zone;
        this.timeline = ZoneTimeline.of(zone);
        this.fixedOffset = timeline.isFixedOffset();
        this.fixedOffsetSeconds = fixedOffset ? timeline.offsetAt(0) : 0;
        this.pattern = compiled.pattern();
        this.hours = pattern.hours();
        this.secondPassHours = pattern.secondPassHours();
        this.expression = compiled.expression();
        this.description = compiled.description();
    }

    /**
     * Validates and compiles a cron expression.
     *
     * @param expression the expression; not null or blank
     * @param dialect its dialect; not null
     * @param zone the zone its wall-clock times are read in; not null
     * @return the compiled schedule
     * @throws InvalidScheduleException if the expression is invalid; the message names the field,
     *     the value and what is allowed, e.g. {@code Invalid cron expression '0 61 * * * ?' (quartz):
     *     minutes field value 61 is outside 0-59}
     * @throws NullPointerException if an argument is null
     */
    public static CronSchedule compile(String expression, CronDialect dialect, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return compile(Schedule.cron(expression, dialect, zone), zone);
    }

    /** Compiles {@code schedule} in {@code zone} (the schedule's own zone or the engine's). */
    static CronSchedule compile(Schedule.Cron schedule, ZoneId zone) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(zone, "zone");
        return new CronSchedule(schedule, zone, CronSyntax.compile(schedule.expression(), schedule.dialect()));
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        Objects.requireNonNull(after, "after");
        long next = nextEpochSecondAfter(after.getEpochSecond());
        return next == CronPattern.NONE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(next));
    }

    /**
     * The allocation-light core of {@link #nextAfter(Instant)}. Fire times are whole seconds, so
     * "strictly after {@code after}" is the same for every nanosecond within that second.
     *
     * @param after an epoch second
     * @return the next fire time in epoch seconds, or {@link CronPattern#NONE}
     */
    long nextEpochSecondAfter(long after) {
        if (fixedOffset) {
            long local = pattern.nextLocal(after + fixedOffsetSeconds + 1, hours, Long.MAX_VALUE);
            return local == CronPattern.NONE ? CronPattern.NONE : local - fixedOffsetSeconds;
        }
        int offset = timeline.offsetAt(after);
        long localAfter = after + offset;
        long best = CronPattern.NONE;
        long local = pattern.nextLocal(localAfter + 1, hours, Long.MAX_VALUE);
        while (local != CronPattern.NONE) {
            best = timeline.firstInstant(local);
            if (best > after) {
                break;
            }
            // `after` is in the second pass of a fall-back overlap and `local` in its repeated
            // wall-clock time, whose first pass is over: continue after the overlap.
            ZoneTimeline.Overlap overlap = timeline.overlapAt(local);
            local = pattern.nextLocal(overlap != null ? overlap.endLocal() : local + 1, hours, Long.MAX_VALUE);
            best = CronPattern.NONE;
        }
        if (secondPassHours != 0) {
            best = earlier(best, secondPassAfter(after, offset, localAfter));
        }
        return best;
    }

    /**
     * The next fire time in the second pass of the fall-back overlap that {@code after} lies in (in
     * either pass), if any. Only hours written as {@code *}, a range or a step fire there.
     */
    private long secondPassAfter(long after, int offset, long localAfter) {
        ZoneTimeline.Overlap overlap = timeline.overlapAt(localAfter);
        if (overlap == null) {
            return CronPattern.NONE;
        }
        long from = offset == overlap.laterOffset() ? localAfter + 1 : overlap.startLocal();
        long local = pattern.nextLocal(from, secondPassHours, overlap.endLocal());
        if (local == CronPattern.NONE) {
            return CronPattern.NONE;
        }
        long instant = local - overlap.laterOffset();
        return instant > after ? instant : CronPattern.NONE;
    }

    private static long earlier(long a, long b) {
        if (a == CronPattern.NONE) {
            return b;
        }
        if (b == CronPattern.NONE) {
            return a;
        }
        return Math.min(a, b);
    }

    /**
     * @return cron-utils' English description of the expression, e.g. "At 02:00"; macros are
     *     described by what they expand to
     */
    @Override
    public String describe() {
        return description;
    }

    /** @return the schedule as defined (its zone may be null, meaning the engine's zone) */
    @Override
    public Schedule.Cron schedule() {
        return schedule;
    }

    /** @return the zone this schedule's wall-clock times are read in */
    public ZoneId zone() {
        return zone;
    }

    /** @return the expression as compiled: upper case, macros expanded */
    public String expression() {
        return expression;
    }

    @Override
    public String toString() {
        return "CronSchedule[" + schedule.dialect().name().toLowerCase(Locale.ROOT) + " '" + expression
                + "' in " + zone + "]";
    }
}
