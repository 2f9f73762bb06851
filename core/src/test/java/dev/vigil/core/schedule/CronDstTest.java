package dev.vigil.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.CronDialect;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Vigil's daylight-saving policy for cron schedules:
 * <ul>
 *   <li>gap: a fire time inside it fires once, at the transition instant (the first instant after
 *       the gap); several fire times inside one gap collapse to that instant;
 *   <li>overlap: a single hour or an hour list fires once, at the first occurrence; an hour field
 *       that is {@code *}, a range or a step fires in both passes.
 * </ul>
 */
class CronDstTest {

    @Nested
    class EuropeBerlin {
        // 2026-03-29 02:00 +01:00 -> 03:00 +02:00 (01:00Z); 2026-10-25 03:00 +02:00 -> 02:00 +01:00 (01:00Z)
        private static final String ZONE = "Europe/Berlin";

        @Test
        void dailyJobStillFiresOnSpringForwardDay() {
            assertThat(Fires.quartz("0 30 2 * * ?", ZONE, "2026-03-27T12:00:00Z", 3)).containsExactly(
                    "2026-03-28T02:30+01:00", "2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00");
        }

        @Test
        void firesInsideTheGapCollapseToTheTransitionInstant() {
            assertThat(Fires.quartz("0 0/15 * * * ?", ZONE, "2026-03-29T00:30:00Z", 4)).containsExactly(
                    "2026-03-29T01:45+01:00", "2026-03-29T03:00+02:00", "2026-03-29T03:15+02:00",
                    "2026-03-29T03:30+02:00");
        }

        @Test
        void jobAfterTheTransitionInstantWaitsForTheNextDay() {
            assertThat(Fires.quartz("0 30 2 * * ?", ZONE, "2026-03-29T01:00:00Z", 1))
                    .containsExactly("2026-03-30T02:30+02:00");
        }

        @Test
        void everyQuarterHourFiresInBothPassesOfTheRepeatedHour() {
            assertThat(Fires.quartz("0 0/15 * * * ?", ZONE, "2026-10-25T00:00:00Z", 9)).containsExactly(
                    "2026-10-25T02:15+02:00", "2026-10-25T02:30+02:00", "2026-10-25T02:45+02:00",
                    "2026-10-25T02:00+01:00", "2026-10-25T02:15+01:00", "2026-10-25T02:30+01:00",
                    "2026-10-25T02:45+01:00", "2026-10-25T03:00+01:00", "2026-10-25T03:15+01:00");
        }

        @Test
        void fixedHourJobFiresOnceOnFallBackDay() {
            assertThat(Fires.quartz("0 30 2 * * ?", ZONE, "2026-10-24T12:00:00Z", 3)).containsExactly(
                    "2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00", "2026-10-27T02:30+01:00");
        }

        @Test
        void hourListFiresOnceInTheRepeatedHour() {
            assertThat(Fires.quartz("0 30 1,2 * * ?", ZONE, "2026-10-24T23:00:00Z", 3)).containsExactly(
                    "2026-10-25T01:30+02:00", "2026-10-25T02:30+02:00", "2026-10-26T01:30+01:00");
        }

        @Test
        void hourRangeFiresInBothPasses() {
            assertThat(Fires.quartz("0 30 1-3 * * ?", ZONE, "2026-10-24T23:00:00Z", 4)).containsExactly(
                    "2026-10-25T01:30+02:00", "2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00",
                    "2026-10-25T03:30+01:00");
        }

        @Test
        void hourStepFiresInBothPasses() {
            assertThat(Fires.quartz("0 0 0/2 * * ?", ZONE, "2026-10-24T23:30:00Z", 3)).containsExactly(
                    "2026-10-25T02:00+02:00", "2026-10-25T02:00+01:00", "2026-10-25T04:00+01:00");
        }

        @Test
        void searchFromTheSecondPassContinuesInTheSecondPass() {
            // 01:10Z is 02:10 +01:00, the second pass
            assertThat(Fires.quartz("0 0/15 * * * ?", ZONE, "2026-10-25T01:10:00Z", 2))
                    .containsExactly("2026-10-25T02:15+01:00", "2026-10-25T02:30+01:00");
        }

        @Test
        void fixedHourJobDoesNotFireAgainWhenSearchedFromTheSecondPass() {
            assertThat(Fires.quartz("0 30 2 * * ?", ZONE, "2026-10-25T01:10:00Z", 1))
                    .containsExactly("2026-10-26T02:30+01:00");
            assertThat(Fires.quartz("0 30 2 * * ?", ZONE, "2026-10-25T00:40:00Z", 1))
                    .containsExactly("2026-10-26T02:30+01:00");
        }

        @Test
        void searchFromTheFirstPassReachesTheSecondPassBeforeLaterTimes() {
            // 00:50Z is 02:50 +02:00; next is 02:00 +01:00 (01:00Z), not 03:00 +01:00
            assertThat(Fires.quartz("0 0 * * * ?", ZONE, "2026-10-25T00:50:00Z", 2))
                    .containsExactly("2026-10-25T02:00+01:00", "2026-10-25T03:00+01:00");
        }

        @Test
        void unixAndSpringDialectsFollowTheSamePolicy() {
            assertThat(Fires.of("30 2 * * *", CronDialect.UNIX, ZONE, "2026-03-29T00:00:00Z", 1))
                    .containsExactly("2026-03-29T03:00+02:00");
            assertThat(Fires.of("0 30 * * * *", CronDialect.SPRING, ZONE, "2026-10-25T00:00:00Z", 3))
                    .containsExactly("2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00", "2026-10-25T03:30+01:00");
        }
    }

    @Nested
    class AmericaNewYork {
        // 2026-03-08 02:00 -05:00 -> 03:00 -04:00; 2026-11-01 02:00 -04:00 -> 01:00 -05:00
        private static final String ZONE = "America/New_York";

        @Test
        void dailyJobStillFiresOnSpringForwardDay() {
            assertThat(Fires.quartz("0 30 2 * * ?", ZONE, "2026-03-07T12:00:00Z", 3)).containsExactly(
                    "2026-03-08T03:00-04:00", "2026-03-09T02:30-04:00", "2026-03-10T02:30-04:00");
        }

        @Test
        void fixedHourJobFiresOnceOnFallBackDay() {
            assertThat(Fires.quartz("0 30 1 * * ?", ZONE, "2026-10-31T12:00:00Z", 2))
                    .containsExactly("2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00");
        }

        @Test
        void hourlyJobFiresInBothPasses() {
            assertThat(Fires.quartz("0 30 * * * ?", ZONE, "2026-11-01T04:00:00Z", 4)).containsExactly(
                    "2026-11-01T00:30-04:00", "2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00",
                    "2026-11-01T02:30-05:00");
        }
    }

    @Nested
    class AustraliaLordHowe {
        // 30-minute shift: 2026-10-04 02:00 +10:30 -> 02:30 +11:00; 2026-04-05 02:00 +11:00 -> 01:30 +10:30
        private static final String ZONE = "Australia/Lord_Howe";

        @Test
        void dailyJobInsideTheHalfHourGapFiresAtItsEnd() {
            assertThat(Fires.quartz("0 15 2 * * ?", ZONE, "2026-10-02T12:00:00Z", 3)).containsExactly(
                    "2026-10-03T02:15+10:30", "2026-10-04T02:30+11:00", "2026-10-05T02:15+11:00");
        }

        @Test
        void firesInsideTheHalfHourGapCollapse() {
            assertThat(Fires.quartz("0 0/10 * * * ?", ZONE, "2026-10-03T15:10:00Z", 3)).containsExactly(
                    "2026-10-04T01:50+10:30", "2026-10-04T02:30+11:00", "2026-10-04T02:40+11:00");
        }

        @Test
        void quarterHourJobRepeatsTheHalfHourOverlap() {
            assertThat(Fires.quartz("0 0/15 * * * ?", ZONE, "2026-04-04T14:00:00Z", 6)).containsExactly(
                    "2026-04-05T01:15+11:00", "2026-04-05T01:30+11:00", "2026-04-05T01:45+11:00",
                    "2026-04-05T01:30+10:30", "2026-04-05T01:45+10:30", "2026-04-05T02:00+10:30");
        }

        @Test
        void fixedTimeInTheOverlapFiresOnce() {
            assertThat(Fires.quartz("0 45 1 * * ?", ZONE, "2026-04-04T12:00:00Z", 2))
                    .containsExactly("2026-04-05T01:45+11:00", "2026-04-06T01:45+10:30");
        }
    }

    @Nested
    class AustraliaSydney {
        // 2026-10-04 02:00 +10:00 -> 03:00 +11:00; 2026-04-05 03:00 +11:00 -> 02:00 +10:00
        private static final String ZONE = "Australia/Sydney";

        @Test
        void dailyJobStillFiresOnSpringForwardDay() {
            assertThat(Fires.quartz("0 30 2 * * ?", ZONE, "2026-10-02T12:00:00Z", 3)).containsExactly(
                    "2026-10-03T02:30+10:00", "2026-10-04T03:00+11:00", "2026-10-05T02:30+11:00");
        }

        @Test
        void hourlyJobFiresInBothPassesAndFixedJobOnce() {
            assertThat(Fires.quartz("0 0 * * * ?", ZONE, "2026-04-04T13:30:00Z", 4)).containsExactly(
                    "2026-04-05T01:00+11:00", "2026-04-05T02:00+11:00", "2026-04-05T02:00+10:00",
                    "2026-04-05T03:00+10:00");
            assertThat(Fires.quartz("0 30 2 * * ?", ZONE, "2026-04-04T12:00:00Z", 2))
                    .containsExactly("2026-04-05T02:30+11:00", "2026-04-06T02:30+10:00");
        }
    }

    @Nested
    class AmericaSantiago {
        // Midnight transitions: 2026-09-06 00:00 -04:00 -> 01:00 -03:00;
        // 2026-04-05 00:00 -03:00 -> 2026-04-04 23:00 -04:00
        private static final String ZONE = "America/Santiago";

        @Test
        void midnightJobFiresWhenMidnightDoesNotExist() {
            assertThat(Fires.quartz("0 0 0 * * ?", ZONE, "2026-09-04T12:00:00Z", 3)).containsExactly(
                    "2026-09-05T00:00-04:00", "2026-09-06T01:00-03:00", "2026-09-07T00:00-03:00");
        }

        @Test
        void repeatedHourBeforeMidnightFiresOnceOrTwice() {
            assertThat(Fires.quartz("0 30 23 * * ?", ZONE, "2026-04-04T12:00:00Z", 2))
                    .containsExactly("2026-04-04T23:30-03:00", "2026-04-05T23:30-04:00");
            assertThat(Fires.quartz("0 30 * * * ?", ZONE, "2026-04-05T01:00:00Z", 4)).containsExactly(
                    "2026-04-04T22:30-03:00", "2026-04-04T23:30-03:00", "2026-04-04T23:30-04:00",
                    "2026-04-05T00:30-04:00");
        }
    }

    @Test
    void fixedOffsetZonesHaveNoTransitions() {
        CronSchedule schedule = CronSchedule.compile("0 30 2 * * ?", CronDialect.QUARTZ, ZoneId.of("+05:30"));
        assertThat(schedule.nextAfter(Instant.parse("2026-03-29T00:00:00Z")))
                .contains(Instant.parse("2026-03-29T21:00:00Z"));
    }
}
