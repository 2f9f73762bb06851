package dev.vigil.core.schedule;

import java.util.BitSet;

/**
 * The compiled, dialect-free form of a cron expression: one bit mask per field plus the few
 * calendar rules that are not plain sets (last day, nearest weekday, n-th and last weekday).
 *
 * <p>{@link #nextLocal} finds the next matching wall-clock time, counted in "local epoch seconds"
 * (seconds since 1970-01-01T00:00 as if the zone were UTC). It searches field by field: when a
 * field has no match it advances the next larger field and resets the smaller ones, so a search
 * costs a handful of bit operations per field, never one step per second or per day. Time zones
 * are not its business; {@link CronSchedule} maps local times to instants.
 *
 * <p>Immutable and thread-safe. Nothing on the search path allocates.
 */
final class CronPattern {
    /** Returned by {@link #nextLocal} when nothing matches. */
    static final long NONE = Long.MIN_VALUE;
    /** Years an explicit year field may name. A {@code *} year is not limited to these. */
    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 2299;
    /** The Gregorian calendar, weekdays included, repeats every 400 years. */
    private static final int CALENDAR_CYCLE_YEARS = 400;
    private static final int SECONDS_PER_DAY = 86_400;
    /** Searches stay well inside java.time's years (±999,999,999). */
    private static final long MAX_SEARCH_YEAR = 999_999_000L;

    private final long seconds;
    private final long minutes;
    private final long hours;
    private final long secondPassHours;
    private final long daysOfMonth;
    private final long lastDayOffsets;
    private final long nearestWeekdays;
    private final boolean lastWeekdayOfMonth;
    private final long months;
    private final long nthDaysOfWeek;
    private final long lastDaysOfWeek;
    private final boolean dayOfMonthOrDayOfWeek;
    private final boolean plainDays;
    /** Index: ISO day of week of the 1st of the month, minus 1. Value: the days (bits 1-31) on a plain day of week. */
    private final long[] weekdayPatterns;
    /** Null when every year matches; else bit (year - FIRST_YEAR). */
    private final long[] years;
    private final int lastYear;

    private CronPattern(Builder b) {
        this.seconds = b.seconds;
        this.minutes = b.minutes;
        this.hours = b.hours;
        this.secondPassHours = b.secondPassHours & b.hours;
        this.daysOfMonth = b.daysOfMonth;
        this.lastDayOffsets = b.lastDayOffsets;
        this.nearestWeekdays = b.nearestWeekdays;
        this.lastWeekdayOfMonth = b.lastWeekdayOfMonth;
        this.months = b.months;
        this.nthDaysOfWeek = b.nthDaysOfWeek;
        this.lastDaysOfWeek = b.lastDaysOfWeek;
        this.dayOfMonthOrDayOfWeek = b.dayOfMonthOrDayOfWeek;
        this.plainDays = b.lastDayOffsets == 0 && b.nearestWeekdays == 0 && !b.lastWeekdayOfMonth
                && b.nthDaysOfWeek == 0 && b.lastDaysOfWeek == 0;
        this.weekdayPatterns = new long[7];
        for (int firstDow = 1; firstDow <= 7; firstDow++) {
            long pattern = 0;
            for (int day = 1; day <= 31; day++) {
                if ((b.daysOfWeek & (1L << dayOfWeek(firstDow, day))) != 0) {
                    pattern |= 1L << day;
                }
            }
            weekdayPatterns[firstDow - 1] = pattern;
        }
        if (b.years == null || b.everyYear) {
            this.years = null;
            this.lastYear = Integer.MAX_VALUE;
        } else {
            this.years = b.years.toLongArray();
            this.lastYear = b.years.isEmpty() ? FIRST_YEAR - 1 : FIRST_YEAR + b.years.length() - 1;
        }
    }

    /** @return the hours (bit mask) whose wall-clock times fire in both passes of a fall-back overlap */
    long secondPassHours() {
        return secondPassHours;
    }

    /** @return every hour of the expression (bit mask) */
    long hours() {
        return hours;
    }

    /**
     * The first matching wall-clock second at or after {@code fromLocal} and before
     * {@code limitLocal}.
     *
     * @param fromLocal local epoch seconds to start at (inclusive)
     * @param hourMask the hours to accept; {@link #hours()} or a subset
     * @param limitLocal local epoch seconds to stop at (exclusive); {@code Long.MAX_VALUE} for none
     * @return local epoch seconds of the match, or {@link #NONE}
     */
    long nextLocal(long fromLocal, long hourMask, long limitLocal) {
        long epochDay = Math.floorDiv(fromLocal, SECONDS_PER_DAY);
        int secondOfDay = Math.floorMod(fromLocal, SECONDS_PER_DAY);
        int hour = secondOfDay / 3600;
        int minute = secondOfDay / 60 % 60;
        int second = secondOfDay % 60;

        // days-to-civil (H. Hinnant), inlined so that nothing is allocated
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int doe = (int) (z - era * 146_097);
        int yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int mp = (5 * doy + 2) / 153;
        int day = doy - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        long longYear = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (longYear > MAX_SEARCH_YEAR) {
            return NONE;
        }
        if (longYear < -MAX_SEARCH_YEAR) {
            // before any year java.time can represent a match in: start at the earliest one
            longYear = -MAX_SEARCH_YEAR;
            month = 1;
            day = 1;
            hour = 0;
            minute = 0;
            second = 0;
        }
        int year = (int) longYear;
        int maxYear = years == null ? year + CALENDAR_CYCLE_YEARS : lastYear;
        boolean limited = limitLocal != Long.MAX_VALUE;

        int maskYear = Integer.MIN_VALUE;
        int maskMonth = 0;
        long dayMask = 0;
        while (true) {
            if (year > maxYear) {
                return NONE;
            }
            if (years != null) {
                int nextYear = nextYear(year);
                if (nextYear < 0) {
                    return NONE;
                }
                if (nextYear != year) {
                    year = nextYear;
                    month = 1;
                    day = 1;
                    hour = 0;
                    minute = 0;
                    second = 0;
                }
            }
            int nextMonth = nextBit(months, month);
            if (nextMonth < 0) {
                year++;
                month = 1;
                day = 1;
                hour = 0;
                minute = 0;
                second = 0;
                continue;
            }
            if (nextMonth != month) {
                month = nextMonth;
                day = 1;
                hour = 0;
                minute = 0;
                second = 0;
            }
            if (maskYear != year || maskMonth != month) {
                dayMask = daysOf(year, month);
                maskYear = year;
                maskMonth = month;
            }
            int nextDay = nextBit(dayMask, day);
            if (nextDay < 0) {
                month++;
                day = 1;
                hour = 0;
                minute = 0;
                second = 0;
                continue;
            }
            if (nextDay != day) {
                day = nextDay;
                hour = 0;
                minute = 0;
                second = 0;
            }
            if (limited && epochDay(year, month, day) * SECONDS_PER_DAY >= limitLocal) {
                return NONE;
            }
            int nextHour = nextBit(hourMask, hour);
            if (nextHour < 0) {
                day++;
                hour = 0;
                minute = 0;
                second = 0;
                continue;
            }
            if (nextHour != hour) {
                hour = nextHour;
                minute = 0;
                second = 0;
            }
            int nextMinute = nextBit(minutes, minute);
            if (nextMinute < 0) {
                hour++;
                minute = 0;
                second = 0;
                continue;
            }
            if (nextMinute != minute) {
                minute = nextMinute;
                second = 0;
            }
            int nextSecond = nextBit(seconds, second);
            if (nextSecond < 0) {
                minute++;
                second = 0;
                continue;
            }
            long local = epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + nextSecond;
            return local < limitLocal ? local : NONE;
        }
    }

    /** @return the matching days (bits 1-31) of one month */
    private long daysOf(int year, int month) {
        int length = lengthOfMonth(year, month);
        long valid = (1L << (length + 1)) - 2;
        int firstDow = Math.floorMod(epochDay(year, month, 1) + 3, 7) + 1;
        long byWeek = weekdayPatterns[firstDow - 1];
        if (plainDays) {
            long days = dayOfMonthOrDayOfWeek ? daysOfMonth | byWeek : daysOfMonth & byWeek;
            return days & valid;
        }
        long byMonth = daysOfMonth;
        for (long offsets = lastDayOffsets; offsets != 0; offsets &= offsets - 1) {
            int day = length - Long.numberOfTrailingZeros(offsets);
            if (day >= 1) {
                byMonth |= 1L << day;
            }
        }
        for (long wanted = nearestWeekdays & valid; wanted != 0; wanted &= wanted - 1) {
            byMonth |= 1L << nearestWeekday(Long.numberOfTrailingZeros(wanted), length, firstDow);
        }
        if (lastWeekdayOfMonth) {
            byMonth |= 1L << nearestWeekday(length, length, firstDow);
        }
        for (long nth = nthDaysOfWeek; nth != 0; nth &= nth - 1) {
            int bit = Long.numberOfTrailingZeros(nth);
            int dow = bit / 5 + 1;
            int ordinal = bit % 5 + 1;
            int day = firstOf(dow, firstDow) + 7 * (ordinal - 1);
            if (day <= length) {
                byWeek |= 1L << day;
            }
        }
        for (long last = lastDaysOfWeek; last != 0; last &= last - 1) {
            int first = firstOf(Long.numberOfTrailingZeros(last), firstDow);
            byWeek |= 1L << (first + (length - first) / 7 * 7);
        }
        long days = dayOfMonthOrDayOfWeek ? byMonth | byWeek : byMonth & byWeek;
        return days & valid;
    }

    /**
     * Quartz's "nW": the weekday nearest to {@code day} without leaving the month (Saturday the
     * 1st moves to Monday the 3rd, Sunday the last moves to Friday).
     */
    private static int nearestWeekday(int day, int length, int firstDow) {
        int dow = dayOfWeek(firstDow, day);
        if (dow == 6) {
            return day == 1 ? 3 : day - 1;
        }
        if (dow == 7) {
            return day == length ? day - 2 : day + 1;
        }
        return day;
    }

    /** @return the first day of the month falling on ISO day of week {@code dow} */
    private static int firstOf(int dow, int firstDow) {
        return 1 + Math.floorMod(dow - firstDow, 7);
    }

    /** @return the ISO day of week (1 = Monday) of {@code day} in a month whose 1st falls on {@code firstDow} */
    private static int dayOfWeek(int firstDow, int day) {
        return (firstDow - 1 + day - 1) % 7 + 1;
    }

    private int nextYear(int year) {
        int index = Math.max(0, year - FIRST_YEAR);
        int word = index >>> 6;
        if (word >= years.length) {
            return -1;
        }
        long bits = years[word] & (-1L << (index & 63));
        while (bits == 0) {
            if (++word >= years.length) {
                return -1;
            }
            bits = years[word];
        }
        return FIRST_YEAR + word * 64 + Long.numberOfTrailingZeros(bits);
    }

    /** @return the lowest set bit at or above {@code from}, or -1 */
    private static int nextBit(long mask, int from) {
        if (from > 63) {
            return -1;
        }
        long bits = mask & (-1L << from);
        return bits == 0 ? -1 : Long.numberOfTrailingZeros(bits);
    }

    static boolean isLeapYear(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    static int lengthOfMonth(int year, int month) {
        switch (month) {
            case 2:
                return isLeapYear(year) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Civil date to days since 1970-01-01 (H. Hinnant's days_from_civil). */
    static long epochDay(long year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        int yoe = (int) (y - era * 400);
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** Collects the fields while an expression is compiled. */
    static final class Builder {
        private long seconds;
        private long minutes;
        private long hours;
        private long secondPassHours;
        private long daysOfMonth;
        private long lastDayOffsets;
        private long nearestWeekdays;
        private boolean lastWeekdayOfMonth;
        private long months;
        private long daysOfWeek;
        private long nthDaysOfWeek;
        private long lastDaysOfWeek;
        private boolean dayOfMonthOrDayOfWeek;
        private BitSet years;
        private boolean everyYear;

        Builder second(int value) {
            seconds |= 1L << value;
            return this;
        }

        Builder minute(int value) {
            minutes |= 1L << value;
            return this;
        }

        /**
         * @param value the hour
         * @param repeating true when the hour comes from {@code *}, a range or a step, so that it
         *     fires again in the second pass of a fall-back overlap
         */
        Builder hour(int value, boolean repeating) {
            hours |= 1L << value;
            if (repeating) {
                secondPassHours |= 1L << value;
            }
            return this;
        }

        Builder dayOfMonth(int value) {
            daysOfMonth |= 1L << value;
            return this;
        }

        /** @param offset 0 for "L", n for "L-n" */
        Builder lastDayOfMonthMinus(int offset) {
            lastDayOffsets |= 1L << offset;
            return this;
        }

        Builder nearestWeekdayTo(int day) {
            nearestWeekdays |= 1L << day;
            return this;
        }

        Builder lastWeekdayOfMonth() {
            lastWeekdayOfMonth = true;
            return this;
        }

        Builder month(int value) {
            months |= 1L << value;
            return this;
        }

        /** @param isoDayOfWeek 1 = Monday … 7 = Sunday */
        Builder dayOfWeek(int isoDayOfWeek) {
            daysOfWeek |= 1L << isoDayOfWeek;
            return this;
        }

        /** @param ordinal 1-5: the ordinal-th such weekday of the month */
        Builder nthDayOfWeek(int isoDayOfWeek, int ordinal) {
            nthDaysOfWeek |= 1L << ((isoDayOfWeek - 1) * 5 + ordinal - 1);
            return this;
        }

        Builder lastDayOfWeek(int isoDayOfWeek) {
            lastDaysOfWeek |= 1L << isoDayOfWeek;
            return this;
        }

        /** Unix cron: a day matches when either day field matches (both are restricted). */
        Builder dayOfMonthOrDayOfWeek() {
            dayOfMonthOrDayOfWeek = true;
            return this;
        }

        /** Every year, with no limit (a {@code *} year, even alongside listed years). */
        Builder everyYear() {
            everyYear = true;
            return this;
        }

        Builder year(int value) {
            if (years == null) {
                years = new BitSet();
            }
            years.set(value - FIRST_YEAR);
            return this;
        }

        CronPattern build() {
            return new CronPattern(this);
        }
    }
}
