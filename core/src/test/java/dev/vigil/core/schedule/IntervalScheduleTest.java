package dev.vigil.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vigil.spi.IntervalEnd;
import dev.vigil.spi.IntervalUnit;
import dev.vigil.spi.InvalidScheduleException;
import dev.vigil.spi.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntervalScheduleTest {
    private static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static CompiledSchedule compile(Schedule.Interval interval) {
        return Schedules.compile(interval, ZoneOffset.UTC);
    }

    private static List<String> fires(Schedule.Interval interval, ZoneId zone, Instant after, int count) {
        return Fires.of(Schedules.compile(interval.inZone(zone), ZoneOffset.UTC), zone, after, count);
    }

    @Test
    void firstOccurrenceIsTheStartItself() {
        CompiledSchedule schedule = compile(Schedule.every(15, IntervalUnit.MINUTES).from(NEW_YEAR));
        assertThat(schedule.nextAfter(NEW_YEAR.minusSeconds(3600))).contains(NEW_YEAR);
        assertThat(schedule.nextAfter(NEW_YEAR.minusNanos(1))).contains(NEW_YEAR);
        assertThat(schedule.nextAfter(NEW_YEAR)).contains(NEW_YEAR.plusSeconds(900));
        assertThat(schedule.nextAfter(NEW_YEAR.plusSeconds(450))).contains(NEW_YEAR.plusSeconds(900));
        assertThat(schedule.nextAfter(NEW_YEAR.plusSeconds(900))).contains(NEW_YEAR.plusSeconds(1800));
    }

    @Test
    void exactStepsKeepTheStartsFractionOfASecond() {
        Instant start = Instant.parse("2026-01-01T00:00:00.500Z");
        CompiledSchedule schedule = compile(Schedule.every(1, IntervalUnit.HOURS).from(start));
        assertThat(schedule.nextAfter(start)).contains(Instant.parse("2026-01-01T01:00:00.500Z"));
        assertThat(schedule.nextAfter(Instant.parse("2026-01-01T01:00:00.400Z")))
                .contains(Instant.parse("2026-01-01T01:00:00.500Z"));
        assertThat(schedule.nextAfter(Instant.parse("2026-01-01T01:00:00.500Z")))
                .contains(Instant.parse("2026-01-01T02:00:00.500Z"));
    }

    @Test
    void afterOccurrencesCountsTheStart() {
        Schedule.Interval interval =
                Schedule.every(15, IntervalUnit.MINUTES).from(NEW_YEAR).until(IntervalEnd.after(3));
        assertThat(fires(interval, ZoneOffset.UTC, NEW_YEAR.minusSeconds(1), 5))
                .containsExactly("2026-01-01T00:00Z", "2026-01-01T00:15Z", "2026-01-01T00:30Z");
        assertThat(compile(interval).nextAfter(Instant.parse("2030-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void afterOneOccurrenceFiresOnlyAtTheStart() {
        Schedule.Interval interval = Schedule.every(1, IntervalUnit.DAYS).from(NEW_YEAR).until(IntervalEnd.after(1));
        assertThat(fires(interval, BERLIN, NEW_YEAR.minusSeconds(1), 3)).containsExactly("2026-01-01T01:00+01:00");
    }

    @Test
    void endInstantIsInclusive() {
        Schedule.Interval onTheEnd = Schedule.every(15, IntervalUnit.MINUTES).from(NEW_YEAR)
                .until(IntervalEnd.at(NEW_YEAR.plusSeconds(2700)));
        assertThat(fires(onTheEnd, ZoneOffset.UTC, NEW_YEAR, 5))
                .containsExactly("2026-01-01T00:15Z", "2026-01-01T00:30Z", "2026-01-01T00:45Z");
        Schedule.Interval betweenTwo = Schedule.every(1, IntervalUnit.MONTHS).from(NEW_YEAR)
                .until(IntervalEnd.at(Instant.parse("2026-03-15T00:00:00Z")));
        assertThat(fires(betweenTwo, ZoneOffset.UTC, NEW_YEAR, 5))
                .containsExactly("2026-02-01T00:00Z", "2026-03-01T00:00Z");
    }

    @Test
    void monthlyFromJanuaryThirtyFirstStaysAnchoredToTheThirtyFirst() {
        Instant start = Instant.parse("2026-01-31T09:00:00Z");
        Schedule.Interval interval = Schedule.every(1, IntervalUnit.MONTHS).from(start);
        assertThat(fires(interval, ZoneOffset.UTC, start, 4)).containsExactly(
                "2026-02-28T09:00Z", "2026-03-31T09:00Z", "2026-04-30T09:00Z", "2026-05-31T09:00Z");
        assertThat(fires(interval, ZoneOffset.UTC, Instant.parse("2028-01-31T09:00:00Z"), 2))
                .containsExactly("2028-02-29T09:00Z", "2028-03-31T09:00Z");
    }

    @Test
    void yearlyFromLeapDayFallsBackToTheTwentyEighth() {
        Instant start = Instant.parse("2028-02-29T12:00:00Z");
        Schedule.Interval interval = Schedule.every(1, IntervalUnit.YEARS).from(start);
        assertThat(fires(interval, ZoneOffset.UTC, start, 4)).containsExactly(
                "2029-02-28T12:00Z", "2030-02-28T12:00Z", "2031-02-28T12:00Z", "2032-02-29T12:00Z");
    }

    @Test
    void everyTwoWeeks() {
        Instant monday = Instant.parse("2026-01-05T06:00:00Z");
        Schedule.Interval interval = Schedule.every(2, IntervalUnit.WEEKS).from(monday);
        assertThat(fires(interval, ZoneOffset.UTC, monday, 2))
                .containsExactly("2026-01-19T06:00Z", "2026-02-02T06:00Z");
    }

    @Test
    void dailyIntervalKeepsItsLocalTimeAcrossDaylightSaving() {
        Instant start = Instant.parse("2026-03-27T07:00:00Z"); // 08:00 +01:00
        Schedule.Interval interval = Schedule.every(1, IntervalUnit.DAYS).from(start);
        assertThat(fires(interval, BERLIN, start, 3)).containsExactly(
                "2026-03-28T08:00+01:00", "2026-03-29T08:00+02:00", "2026-03-30T08:00+02:00");
    }

    @Test
    void dailyIntervalInsideTheGapFiresAtTheTransitionAndReturnsToItsTime() {
        Instant start = Instant.parse("2026-03-27T01:30:00Z"); // 02:30 +01:00
        Schedule.Interval interval = Schedule.every(1, IntervalUnit.DAYS).from(start);
        assertThat(fires(interval, BERLIN, start, 3)).containsExactly(
                "2026-03-28T02:30+01:00", "2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00");
    }

    @Test
    void dailyIntervalInsideTheOverlapFiresAtTheFirstOccurrence() {
        Instant start = Instant.parse("2026-10-23T00:30:00Z"); // 02:30 +02:00
        Schedule.Interval interval = Schedule.every(1, IntervalUnit.DAYS).from(start);
        assertThat(fires(interval, BERLIN, start, 3)).containsExactly(
                "2026-10-24T02:30+02:00", "2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00");
    }

    @Test
    void hourlyIntervalIsAnExactDurationAcrossDaylightSaving() {
        Instant start = Instant.parse("2026-03-29T00:00:00Z"); // 01:00 +01:00
        Schedule.Interval interval = Schedule.every(1, IntervalUnit.HOURS).from(start);
        assertThat(fires(interval, BERLIN, start, 2))
                .containsExactly("2026-03-29T03:00+02:00", "2026-03-29T04:00+02:00");
    }

    @Test
    void farFutureLookupsAreArithmeticNotALoopFromTheStart() {
        CompiledSchedule minutes = compile(Schedule.every(1, IntervalUnit.MINUTES).from(NEW_YEAR));
        CompiledSchedule days = Schedules.compile(
                Schedule.every(1, IntervalUnit.DAYS).from(Instant.parse("2026-01-01T08:00:00Z")).inZone(BERLIN),
                ZoneOffset.UTC);
        CompiledSchedule months =
                compile(Schedule.every(1, IntervalUnit.MONTHS).from(Instant.parse("2026-01-31T09:00:00Z")));

        assertThat(minutes.nextAfter(Instant.parse("2290-06-15T12:34:56Z")))
                .contains(Instant.parse("2290-06-15T12:35:00Z"));
        assertThat(days.nextAfter(Instant.parse("2290-06-15T12:00:00Z")))
                .contains(LocalDateTime.parse("2290-06-16T09:00").atZone(BERLIN).toInstant());
        assertThat(months.nextAfter(Instant.parse("2290-02-01T00:00:00Z")))
                .contains(Instant.parse("2290-02-28T09:00:00Z"));

        SplittableRandom random = new SplittableRandom(42);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 30_000; i++) {
                Instant after = NEW_YEAR.plusSeconds(random.nextLong(1, 270L * 365 * 86_400));
                assertThat(minutes.nextAfter(after)).isPresent();
                assertThat(days.nextAfter(after)).isPresent();
                assertThat(months.nextAfter(after)).isPresent();
            }
        });
    }

    @Test
    void stepsBeyondTheRangeOfTimeEndTheSchedule() {
        CompiledSchedule schedule = compile(Schedule.every(Long.MAX_VALUE / 2, IntervalUnit.DAYS).from(NEW_YEAR));
        assertThat(schedule.nextAfter(NEW_YEAR)).isEmpty();
        assertThat(compile(Schedule.every(1, IntervalUnit.MINUTES).from(NEW_YEAR)).nextAfter(Instant.MAX)).isEmpty();
    }

    @Test
    void describesStepStartZoneAndEnd() {
        assertThat(compile(Schedule.every(15, IntervalUnit.MINUTES).from(NEW_YEAR)
                .until(IntervalEnd.at(Instant.parse("2027-01-01T00:00:00Z")))).describe())
                .isEqualTo("every 15 minutes from 2026-01-01T00:00:00Z until 2027-01-01T00:00:00Z");
        assertThat(compile(Schedule.every(1, IntervalUnit.MONTHS).from(Instant.parse("2026-01-31T09:00:00Z"))
                .inZone(BERLIN).until(IntervalEnd.after(12))).describe())
                .isEqualTo("every month from 2026-01-31T09:00:00Z at the same local time in Europe/Berlin,"
                        + " 12 occurrences in total");
        assertThat(compile(Schedule.every(2, IntervalUnit.DAYS).from(NEW_YEAR)).describe())
                .isEqualTo("every 2 days from 2026-01-01T00:00:00Z at the same local time in Z");
    }

    @Test
    void calendarStepsUseTheEngineZoneWhenTheScheduleHasNone() {
        Schedule.Interval interval = Schedule.every(1, IntervalUnit.DAYS).from(Instant.parse("2026-03-28T07:00:00Z"));
        CompiledSchedule schedule = Schedules.compile(interval, BERLIN);
        assertThat(schedule.nextAfter(Instant.parse("2026-03-28T07:00:00Z")))
                .contains(Instant.parse("2026-03-29T06:00:00Z"));
        assertThat(schedule.schedule()).isSameAs(interval);
    }

    @Test
    void stepZeroIsRejectedBySchedule() {
        assertThatThrownBy(() -> Schedule.every(0, IntervalUnit.MINUTES).from(NEW_YEAR))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void unknownZoneInTextFormIsRejected() {
        assertThatThrownBy(() -> Schedule.parse("every 1 days from 2026-01-01T00:00:00Z zone Mars/Olympus end never"))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("Mars/Olympus");
    }

    @Test
    void zeroOccurrencesAndAnEndBeforeTheStartAreRejected() {
        assertThatThrownBy(() -> IntervalEnd.after(0)).isInstanceOf(InvalidScheduleException.class);
        assertThatThrownBy(() -> Schedule.every(1, IntervalUnit.DAYS).from(NEW_YEAR)
                .until(IntervalEnd.at(NEW_YEAR.minusSeconds(1))))
                .isInstanceOf(InvalidScheduleException.class);
    }

    @Test
    void hourStepTooLargeForSecondsIsRejectedWhenCompiled() {
        assertThatThrownBy(() -> compile(Schedule.every(Long.MAX_VALUE, IntervalUnit.HOURS).from(NEW_YEAR)))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void textFormRoundTripsThroughCompile() {
        Schedule parsed = Schedule.parse("every 1 months from 2026-01-31T09:00:00Z zone Europe/Berlin end after 12");
        CompiledSchedule schedule = Schedules.compile(parsed, ZoneOffset.UTC);
        assertThat(schedule.nextAfter(Instant.parse("2026-01-31T09:00:00Z")))
                .contains(LocalDateTime.parse("2026-02-28T10:00").atZone(BERLIN).toInstant());
    }
}
