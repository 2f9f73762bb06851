package dev.vigil.core.schedule;

import dev.vigil.spi.IntervalEnd;
import dev.vigil.spi.IntervalUnit;
import dev.vigil.spi.InvalidScheduleException;
import dev.vigil.spi.Schedule;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Every {@code step} units from a start. Occurrence 0 is the start itself; occurrence k is:
 * <ul>
 *   <li>minutes and hours: start + k × step, exact durations;
 *   <li>days, weeks, months, years: the start's wall-clock date-time in the zone plus k × step
 *       calendar units, anchored to the start so that month ends never drift (Jan 31 → Feb 28/29
 *       → Mar 31), turned into an instant with the daylight-saving policy of {@link ZoneTimeline}
 *       (a time in a gap happens at the transition, a time in an overlap at its first occurrence).
 * </ul>
 * {@link #nextAfter(Instant)} estimates k arithmetically and corrects it by a step or two, so its
 * cost does not grow with the number of past occurrences.
 */
final class IntervalSchedule implements CompiledSchedule {
    private final Schedule.Interval schedule;
    private final ZoneId zone;
    private final ZoneTimeline timeline;
    private final Instant start;
    private final long step;
    private final ChronoUnit unit;
    /** For minutes and hours: the step in seconds; 0 for calendar units. */
    private final long stepSeconds;
    private final LocalDateTime localStart;
    /** The last occurrence index allowed by an occurrence count; Long.MAX_VALUE otherwise. */
    private final long lastIndex;
    /** The inclusive end instant, or null. */
    private final Instant end;

    IntervalSchedule(Schedule.Interval schedule, ZoneId zone) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.timeline = ZoneTimeline.of(zone);
        this.start = schedule.start();
        this.step = schedule.step();
        this.unit = schedule.unit().chronoUnit();
        if (schedule.unit().isExact()) {
            try {
                this.stepSeconds = Math.multiplyExact(step, schedule.unit() == IntervalUnit.MINUTES ? 60L : 3600L);
            } catch (ArithmeticException e) {
                throw new InvalidScheduleException("An interval step of " + step + " "
                        + schedule.unit().name().toLowerCase(Locale.ROOT) + " is too large; use a step below "
                        + Long.MAX_VALUE / 3600 + " hours", e);
            }
        } else {
            this.stepSeconds = 0;
        }
        this.localStart = LocalDateTime.ofInstant(start, zone);
        IntervalEnd intervalEnd = schedule.end();
        this.lastIndex = intervalEnd instanceof IntervalEnd.AfterOccurrences after
                ? after.occurrences() - 1 : Long.MAX_VALUE;
        this.end = intervalEnd instanceof IntervalEnd.At at ? at.instant() : null;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        Objects.requireNonNull(after, "after");
        if (after.isBefore(start)) {
            return withinEnd(start);
        }
        try {
            return stepSeconds != 0 ? nextExact(after) : nextCalendar(after);
        } catch (ArithmeticException | DateTimeException e) {
            return Optional.empty(); // beyond the range of Instant or LocalDateTime: no more occurrences
        }
    }

    private Optional<Instant> nextExact(Instant after) {
        long elapsed = after.getEpochSecond() - start.getEpochSecond();
        if (after.getNano() < start.getNano()) {
            elapsed--;
        }
        long k = elapsed / stepSeconds + 1;
        if (k > lastIndex) {
            return Optional.empty();
        }
        return withinEnd(start.plusSeconds(Math.multiplyExact(k, stepSeconds)));
    }

    private Optional<Instant> nextCalendar(Instant after) {
        long units = unit.between(localStart, LocalDateTime.ofInstant(after, zone));
        long k = Math.max(0, units / step);
        if (k > lastIndex) {
            k = lastIndex;
        }
        while (k > 0 && occurrence(k).isAfter(after)) {
            k--;
        }
        Instant next = occurrence(k);
        while (!next.isAfter(after)) {
            if (++k > lastIndex) {
                return Optional.empty();
            }
            next = occurrence(k);
        }
        return withinEnd(next);
    }

    /** Occurrence k of a calendar-unit interval. */
    private Instant occurrence(long k) {
        if (k == 0) {
            return start;
        }
        LocalDateTime local = localStart.plus(Math.multiplyExact(k, step), unit);
        long instant = timeline.firstInstant(local.toEpochSecond(ZoneOffset.UTC));
        return Instant.ofEpochSecond(instant, local.getNano());
    }

    private Optional<Instant> withinEnd(Instant occurrence) {
        return end != null && occurrence.isAfter(end) ? Optional.empty() : Optional.of(occurrence);
    }

    @Override
    public String describe() {
        String unitName = schedule.unit().name().toLowerCase(Locale.ROOT);
        StringBuilder text = new StringBuilder("every ");
        if (step == 1) {
            text.append(unitName, 0, unitName.length() - 1);
        } else {
            text.append(step).append(' ').append(unitName);
        }
        text.append(" from ").append(start);
        if (!schedule.unit().isExact()) {
            text.append(" at the same local time in ").append(zone);
        }
        IntervalEnd intervalEnd = schedule.end();
        if (intervalEnd instanceof IntervalEnd.AfterOccurrences count) {
            text.append(", ").append(count.occurrences())
                    .append(count.occurrences() == 1 ? " occurrence" : " occurrences").append(" in total");
        } else if (intervalEnd instanceof IntervalEnd.At at) {
            text.append(" until ").append(at.instant());
        }
        return text.toString();
    }

    @Override
    public Schedule.Interval schedule() {
        return schedule;
    }

    @Override
    public String toString() {
        return "IntervalSchedule[" + schedule.toText() + " in " + zone + "]";
    }
}
