package dev.vigil.spi;

import java.time.temporal.ChronoUnit;

/**
 * The step unit of an interval schedule. Minutes and hours are exact durations; days and longer
 * are calendar steps in the schedule's time zone, so "every day from 09:00" stays at 09:00 local
 * time across daylight-saving changes, and month and year steps are anchored to the start date.
 */
public enum IntervalUnit {
    /** Exact 60-second steps. */
    MINUTES(ChronoUnit.MINUTES),
    /** Exact 3600-second steps. */
    HOURS(ChronoUnit.HOURS),
    /** Calendar days in the schedule's zone. */
    DAYS(ChronoUnit.DAYS),
    /** Calendar weeks in the schedule's zone. */
    WEEKS(ChronoUnit.WEEKS),
    /** Calendar months, anchored to the start's day of month (Jan 31, Feb 28/29, Mar 31). */
    MONTHS(ChronoUnit.MONTHS),
    /** Calendar years, anchored to the start's date (Feb 29 falls back to Feb 28). */
    YEARS(ChronoUnit.YEARS);

    private final ChronoUnit chronoUnit;

    IntervalUnit(ChronoUnit chronoUnit) {
        this.chronoUnit = chronoUnit;
    }

    /** @return the equivalent {@link ChronoUnit} */
    public ChronoUnit chronoUnit() {
        return chronoUnit;
    }

    /** @return true for MINUTES and HOURS, which step by exact durations rather than calendar fields */
    public boolean isExact() {
        return this == MINUTES || this == HOURS;
    }
}
