package dev.vigil.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.CronDialect;
import dev.vigil.spi.Schedule;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cron features in the three dialects, evaluated in UTC from Thursday 2026-01-01T00:00Z. */
class CronScheduleTest {
    private static final String NEW_YEAR = "2026-01-01T00:00:00Z";

    private static List<String> quartz(String expression, int count) {
        return Fires.quartz(expression, "UTC", NEW_YEAR, count);
    }

    private static List<String> unix(String expression, int count) {
        return Fires.of(expression, CronDialect.UNIX, "UTC", NEW_YEAR, count);
    }

    private static List<String> spring(String expression, int count) {
        return Fires.of(expression, CronDialect.SPRING, "UTC", NEW_YEAR, count);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 2 * * ?       | 2026-01-01T02:00Z, 2026-01-02T02:00Z, 2026-01-03T02:00Z",
        "0 0 0/6 * * ?     | 2026-01-01T06:00Z, 2026-01-01T12:00Z, 2026-01-01T18:00Z",
        "0 0 0,12 * * ?    | 2026-01-01T12:00Z, 2026-01-02T00:00Z, 2026-01-02T12:00Z",
        "0 0 6 ? * SUN     | 2026-01-04T06:00Z, 2026-01-11T06:00Z, 2026-01-18T06:00Z",
        "0 20 0/5 * * ?    | 2026-01-01T00:20Z, 2026-01-01T05:20Z, 2026-01-01T10:20Z",
        "0 0/15 * * * ?    | 2026-01-01T00:15Z, 2026-01-01T00:30Z, 2026-01-01T00:45Z",
        "0 0/5 * * * ?     | 2026-01-01T00:05Z, 2026-01-01T00:10Z, 2026-01-01T00:15Z",
        "0 0 0 L * ?       | 2026-01-31T00:00Z, 2026-02-28T00:00Z, 2026-03-31T00:00Z",
        "0 0 12 ? * MON#1  | 2026-01-05T12:00Z, 2026-02-02T12:00Z, 2026-03-02T12:00Z",
        "0 * * * * ?       | 2026-01-01T00:01Z, 2026-01-01T00:02Z, 2026-01-01T00:03Z",
    })
    void seedExpressionsFireAsQuartzDocumentsThem(String expression, String expected) {
        assertThat(quartz(expression.trim(), 3)).containsExactly(expected.trim().split(", "));
    }

    @Nested
    class Quartz {
        @Test
        void nextFireIsStrictlyAfterTheGivenInstant() {
            CronSchedule schedule = CronSchedule.compile("0 0 2 * * ?", CronDialect.QUARTZ, ZoneOffset.UTC);
            Instant fire = Instant.parse("2026-01-01T02:00:00Z");
            assertThat(schedule.nextAfter(fire)).contains(Instant.parse("2026-01-02T02:00:00Z"));
            assertThat(schedule.nextAfter(fire.minusNanos(1))).contains(fire);
            assertThat(schedule.nextAfter(fire.plusNanos(1))).contains(Instant.parse("2026-01-02T02:00:00Z"));
        }

        @Test
        void lastDayOfMonthMinusDays() {
            assertThat(quartz("0 0 0 L-3 * ?", 3)).containsExactly(
                    "2026-01-28T00:00Z", "2026-02-25T00:00Z", "2026-03-28T00:00Z");
        }

        @Test
        void lastWeekdayOfMonth() {
            // Jan 31 and Feb 28 2026 are Saturdays
            assertThat(quartz("0 0 0 LW * ?", 3)).containsExactly(
                    "2026-01-30T00:00Z", "2026-02-27T00:00Z", "2026-03-31T00:00Z");
        }

        @Test
        void nearestWeekdayMovesOffWeekendsWithoutLeavingTheMonth() {
            // Feb 15 and Mar 15 2026 are Sundays
            assertThat(quartz("0 0 0 15W * ?", 3)).containsExactly(
                    "2026-01-15T00:00Z", "2026-02-16T00:00Z", "2026-03-16T00:00Z");
            // Aug 1 2026 is a Saturday: Monday the 3rd, not Friday July 31
            assertThat(Fires.quartz("0 0 0 1W * ?", "UTC", "2026-07-15T00:00:00Z", 2))
                    .containsExactly("2026-08-03T00:00Z", "2026-09-01T00:00Z");
            // May 31 2026 is a Sunday: Friday the 29th, not Monday June 1
            assertThat(Fires.quartz("0 0 0 31W * ?", "UTC", "2026-05-01T00:00:00Z", 3))
                    .containsExactly("2026-05-29T00:00Z", "2026-07-31T00:00Z", "2026-08-31T00:00Z");
        }

        @Test
        void nearestWeekdayAfterTheDayItselfIsStillFound() {
            // Feb 15 2026 is a Sunday, so 15W is Monday the 16th, even when searching from the 16th
            assertThat(Fires.quartz("0 0 9 15W * ?", "UTC", "2026-02-16T00:00:00Z", 1))
                    .containsExactly("2026-02-16T09:00Z");
        }

        @Test
        void lastWeekdayOfWeekInMonth() {
            assertThat(quartz("0 0 0 ? * 6L", 3)).containsExactly(
                    "2026-01-30T00:00Z", "2026-02-27T00:00Z", "2026-03-27T00:00Z");
            assertThat(quartz("0 0 0 ? * FRIL", 1)).containsExactly("2026-01-30T00:00Z");
        }

        @Test
        void lAloneInDayOfWeekIsSaturday() {
            assertThat(quartz("0 0 0 ? * L", 2)).containsExactly("2026-01-03T00:00Z", "2026-01-10T00:00Z");
        }

        @Test
        void fifthWeekdayOnlyInMonthsThatHaveOne() {
            assertThat(quartz("0 0 0 ? * 2#5", 3)).containsExactly(
                    "2026-03-30T00:00Z", "2026-06-29T00:00Z", "2026-08-31T00:00Z");
        }

        @Test
        void namesStepsListsAndRanges() {
            assertThat(quartz("0 15 10 ? * MON-FRI", 3)).containsExactly(
                    "2026-01-01T10:15Z", "2026-01-02T10:15Z", "2026-01-05T10:15Z");
            assertThat(quartz("0 0 0 1 JAN,jul ?", 2)).containsExactly("2026-07-01T00:00Z", "2027-01-01T00:00Z");
            assertThat(quartz("0 0 0 1/10 * ?", 4)).containsExactly(
                    "2026-01-11T00:00Z", "2026-01-21T00:00Z", "2026-01-31T00:00Z", "2026-02-01T00:00Z");
            assertThat(quartz("0 0 0 1,15 * ?", 3)).containsExactly(
                    "2026-01-15T00:00Z", "2026-02-01T00:00Z", "2026-02-15T00:00Z");
            assertThat(quartz("30 10-20/5 8 * * ?", 4)).containsExactly(
                    "2026-01-01T08:10:30Z", "2026-01-01T08:15:30Z", "2026-01-01T08:20:30Z", "2026-01-02T08:10:30Z");
            assertThat(quartz("0 0 0 ? */5 *", 3)).containsExactly(
                    "2026-01-02T00:00Z", "2026-01-03T00:00Z", "2026-01-04T00:00Z");
            assertThat(quartz("0 0 0 1 */5 ?", 3)).containsExactly(
                    "2026-06-01T00:00Z", "2026-11-01T00:00Z", "2027-01-01T00:00Z");
        }

        @Test
        void rangesWrapAroundAsInQuartz() {
            assertThat(quartz("0 0 22-2 * * ?", 5)).containsExactly(
                    "2026-01-01T01:00Z", "2026-01-01T02:00Z", "2026-01-01T22:00Z", "2026-01-01T23:00Z",
                    "2026-01-02T00:00Z");
            assertThat(quartz("0 0 0 ? * FRI-MON", 5)).containsExactly(
                    "2026-01-02T00:00Z", "2026-01-03T00:00Z", "2026-01-04T00:00Z", "2026-01-05T00:00Z",
                    "2026-01-09T00:00Z");
            assertThat(quartz("0 0 0 1 NOV-FEB ?", 3)).containsExactly(
                    "2026-02-01T00:00Z", "2026-11-01T00:00Z", "2026-12-01T00:00Z");
        }

        @Test
        void dayOfMonthListMixesSpecialForms() {
            assertThat(quartz("0 0 0 10,L * ?", 3)).containsExactly(
                    "2026-01-10T00:00Z", "2026-01-31T00:00Z", "2026-02-10T00:00Z");
            assertThat(quartz("0 0 0 15W,L-1 * ?", 3)).containsExactly(
                    "2026-01-15T00:00Z", "2026-01-30T00:00Z", "2026-02-16T00:00Z");
        }
    }

    @Nested
    class Years {
        @Test
        void leapDaysInThe2200sSkip2200() {
            assertThat(Fires.quartz("0 0 12 29 2 ? *", "UTC", "2195-06-01T00:00:00Z", 3))
                    .containsExactly("2196-02-29T12:00Z", "2204-02-29T12:00Z", "2208-02-29T12:00Z");
            assertThat(Fires.quartz("0 0 12 29 2 ?", "Europe/Berlin", "2295-06-01T00:00:00Z", 2))
                    .containsExactly("2296-02-29T12:00+01:00", "2304-02-29T12:00+01:00");
        }

        @Test
        void lastYearFiresOnceThenNeverAgain() {
            CronSchedule schedule = CronSchedule.compile("0 0 0 1 1 ? 2299", CronDialect.QUARTZ, ZoneOffset.UTC);
            assertThat(schedule.nextAfter(Instant.parse("2026-01-01T00:00:00Z")))
                    .contains(Instant.parse("2299-01-01T00:00:00Z"));
            assertThat(schedule.nextAfter(Instant.parse("2299-01-01T00:00:00Z"))).isEmpty();
        }

        @Test
        void finiteYearRangeEndsAfterItsLastFire() {
            assertThat(quartz("0 0 0 1 1 ? 2030-2032", 5)).containsExactly(
                    "2030-01-01T00:00Z", "2031-01-01T00:00Z", "2032-01-01T00:00Z");
            assertThat(quartz("0 0 0 1 1 ? 2200/50", 5)).containsExactly("2200-01-01T00:00Z", "2250-01-01T00:00Z");
            assertThat(quartz("0 0 0 1 1 ? 2020", 1)).isEmpty();
        }

        @Test
        void starAmongListedYearsMeansEveryYear() {
            assertThat(quartz("0 0 0 1 1 ? 2030,*", 2)).containsExactly("2027-01-01T00:00Z", "2028-01-01T00:00Z");
        }

        @Test
        void weekdayRulesHoldIn2299() {
            LocalDate firstMonday = LocalDate.of(2299, 12, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
            LocalDate lastFriday = LocalDate.of(2299, 12, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.FRIDAY));
            assertThat(Fires.quartz("0 0 0 ? DEC MON#1 2299", "UTC", "2290-01-01T00:00:00Z", 2))
                    .containsExactly(firstMonday + "T00:00Z");
            assertThat(Fires.quartz("0 0 0 ? 12 6L", "UTC", "2299-06-01T00:00:00Z", 1))
                    .containsExactly(lastFriday + "T00:00Z");
        }

        @Test
        void everyYearGoesPast2299() {
            assertThat(Fires.quartz("0 0 0 L 2 ? *", "UTC", "2298-01-01T00:00:00Z", 3))
                    .containsExactly("2298-02-28T00:00Z", "2299-02-28T00:00Z", "2300-02-28T00:00Z");
        }

        @Test
        void impossibleDateNeverFires() {
            assertThat(quartz("0 0 0 30 2 ?", 1)).isEmpty();
            assertThat(quartz("0 0 0 31 4,6,9,11 ?", 1)).isEmpty();
        }
    }

    @Nested
    class Unix {
        @Test
        void fiveFieldsFireAtSecondZero() {
            assertThat(unix("30 2 * * *", 2)).containsExactly("2026-01-01T02:30Z", "2026-01-02T02:30Z");
            assertThat(unix("*/20 * * * *", 2)).containsExactly("2026-01-01T00:20Z", "2026-01-01T00:40Z");
        }

        @Test
        void sundayIsZeroOrSeven() {
            assertThat(unix("0 0 * * 0", 1)).containsExactly("2026-01-04T00:00Z");
            assertThat(unix("0 0 * * 7", 1)).containsExactly("2026-01-04T00:00Z");
            assertThat(unix("0 0 * * SUN-TUE", 3)).containsExactly(
                    "2026-01-04T00:00Z", "2026-01-05T00:00Z", "2026-01-06T00:00Z");
        }

        @Test
        void restrictedDayOfMonthAndDayOfWeekMatchEither() {
            assertThat(unix("0 0 1 * MON", 6)).containsExactly(
                    "2026-01-05T00:00Z", "2026-01-12T00:00Z", "2026-01-19T00:00Z", "2026-01-26T00:00Z",
                    "2026-02-01T00:00Z", "2026-02-02T00:00Z");
        }

        @Test
        void starredDayFieldMatchesBoth() {
            // odd days that are Mondays
            assertThat(unix("0 0 */2 * MON", 3)).containsExactly(
                    "2026-01-05T00:00Z", "2026-01-19T00:00Z", "2026-02-09T00:00Z");
        }

        @Test
        void dayOfWeekStepStartsOnSunday() {
            assertThat(unix("0 0 * * */2", 4)).containsExactly(
                    "2026-01-03T00:00Z", "2026-01-04T00:00Z", "2026-01-06T00:00Z", "2026-01-08T00:00Z");
        }
    }

    @Nested
    class Spring {
        @Test
        void secondsFirstAndSundayIsZeroOrSeven() {
            assertThat(spring("0 0 0 * * 0", 1)).containsExactly("2026-01-04T00:00Z");
            assertThat(spring("0 0 0 * * 7", 1)).containsExactly("2026-01-04T00:00Z");
            assertThat(spring("0 0 0 * * SUN-TUE", 3)).containsExactly(
                    "2026-01-04T00:00Z", "2026-01-05T00:00Z", "2026-01-06T00:00Z");
        }

        @Test
        void springQuartzExtensions() {
            assertThat(spring("0 0 0 L * *", 1)).containsExactly("2026-01-31T00:00Z");
            assertThat(spring("0 0 0 L-3 * ?", 1)).containsExactly("2026-01-28T00:00Z");
            assertThat(spring("0 0 0 LW * *", 1)).containsExactly("2026-01-30T00:00Z");
            assertThat(spring("0 0 0 15W * *", 2)).containsExactly("2026-01-15T00:00Z", "2026-02-16T00:00Z");
            assertThat(spring("0 0 0 ? * 5L", 1)).containsExactly("2026-01-30T00:00Z");
            assertThat(spring("0 0 0 * * MON#2,FRI#1", 3)).containsExactly(
                    "2026-01-02T00:00Z", "2026-01-12T00:00Z", "2026-02-06T00:00Z");
        }

        @Test
        void bothDayFieldsMustMatch() {
            // the 1st of a month that is a Monday
            assertThat(spring("0 0 0 1 * MON", 2)).containsExactly("2026-06-01T00:00Z", "2027-02-01T00:00Z");
        }

        @Test
        void dayOfWeekStepStartsOnMonday() {
            assertThat(spring("0 0 0 * * */2", 4)).containsExactly(
                    "2026-01-02T00:00Z", "2026-01-04T00:00Z", "2026-01-05T00:00Z", "2026-01-07T00:00Z");
        }
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
        "@yearly, QUARTZ, 2027-01-01T00:00Z",
        "@annually, UNIX, 2027-01-01T00:00Z",
        "@monthly, SPRING, 2026-02-01T00:00Z",
        "@weekly, QUARTZ, 2026-01-04T00:00Z",
        "@weekly, UNIX, 2026-01-04T00:00Z",
        "@weekly, SPRING, 2026-01-04T00:00Z",
        "@daily, UNIX, 2026-01-02T00:00Z",
        "@midnight, SPRING, 2026-01-02T00:00Z",
        "@hourly, QUARTZ, 2026-01-01T01:00Z",
        "@hourly, UNIX, 2026-01-01T01:00Z",
    })
    void macrosWorkInEveryDialect(String macro, CronDialect dialect, String expected) {
        assertThat(Fires.of(macro, dialect, "UTC", NEW_YEAR, 1)).containsExactly(expected);
    }

    @Test
    void describesWithCronUtilsInEnglish() {
        assertThat(CronSchedule.compile("0 0 2 * * ?", CronDialect.QUARTZ, ZoneOffset.UTC).describe())
                .isEqualTo("At 02:00");
        assertThat(CronSchedule.compile("0 0/15 * * * ?", CronDialect.QUARTZ, ZoneOffset.UTC).describe())
                .isEqualTo("Every 15 minutes");
        assertThat(CronSchedule.compile("@hourly", CronDialect.SPRING, ZoneOffset.UTC).describe())
                .isEqualTo("Every hour");
        assertThat(CronSchedule.compile("0 0 0 L * ?", CronDialect.QUARTZ, ZoneOffset.UTC).describe())
                .isEqualTo("At 00:00 last day of month");
    }

    @Test
    void keepsTheScheduleItWasCompiledFrom() {
        CronSchedule schedule = CronSchedule.compile("0  20 0/5 * * ?", CronDialect.QUARTZ, ZoneId.of("Europe/Berlin"));
        assertThat(schedule.schedule())
                .isEqualTo(Schedule.cron("0 20 0/5 * * ?", CronDialect.QUARTZ, ZoneId.of("Europe/Berlin")));
        assertThat(schedule.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(schedule.expression()).isEqualTo("0 20 0/5 * * ?");
    }

    @Test
    void rejectsNullArguments() {
        assertThatThrownBy(() -> CronSchedule.compile("0 0 2 * * ?", CronDialect.QUARTZ, null))
                .isInstanceOf(NullPointerException.class);
        CronSchedule schedule = CronSchedule.compile("0 0 2 * * ?", CronDialect.QUARTZ, ZoneOffset.UTC);
        assertThatThrownBy(() -> schedule.nextAfter(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void farFutureStartsGiveNoAnswerInsteadOfFailing() {
        CronSchedule schedule = CronSchedule.compile("0 0 2 * * ?", CronDialect.QUARTZ, ZoneId.of("Europe/Berlin"));
        assertThat(schedule.nextAfter(Instant.MAX)).isEmpty();
        assertThat(schedule.nextAfter(Instant.parse("9999-12-31T00:00:00Z")))
                .contains(Instant.parse("9999-12-31T01:00:00Z"));
        assertThat(schedule.nextAfter(Instant.MIN)).isPresent();
    }
}
