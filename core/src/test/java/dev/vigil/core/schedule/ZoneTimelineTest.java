package dev.vigil.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The flat transition table answers exactly as java.time's ZoneRules, including far outside it. */
class ZoneTimelineTest {

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago",
        "Europe/Dublin", "Africa/Casablanca", "Pacific/Apia", "Asia/Kolkata", "Antarctica/Troll", "UTC", "+05:45"})
    void agreesWithZoneRulesEverywhere(String id) {
        ZoneId zone = ZoneId.of(id);
        ZoneRules rules = zone.getRules();
        ZoneTimeline timeline = ZoneTimeline.of(zone);
        SplittableRandom random = new SplittableRandom(id.hashCode());
        long from = LocalDate.of(1700, 1, 1).toEpochDay() * 86_400;
        long to = LocalDate.of(2600, 1, 1).toEpochDay() * 86_400;
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(from, to);
            assertThat(timeline.offsetAt(second))
                    .as("offset at %s", second)
                    .isEqualTo(rules.getOffset(java.time.Instant.ofEpochSecond(second)).getTotalSeconds());
            long local = random.nextLong(from, to);
            assertThat(timeline.firstInstant(local))
                    .as("first instant of local %s", local)
                    .isEqualTo(expected(rules, local));
        }
        // and right at every transition of a few years
        ZoneOffsetTransition t = rules.nextTransition(ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, zone).toInstant());
        for (int i = 0; t != null && i < 20; i++, t = rules.nextTransition(t.getInstant())) {
            long at = t.toEpochSecond();
            for (long second = at - 2; second <= at + 2; second++) {
                assertThat(timeline.offsetAt(second))
                        .isEqualTo(rules.getOffset(java.time.Instant.ofEpochSecond(second)).getTotalSeconds());
            }
            long low = t.getDateTimeBefore().toEpochSecond(ZoneOffset.UTC);
            long high = t.getDateTimeAfter().toEpochSecond(ZoneOffset.UTC);
            long stride = 1 + Math.abs(high - low) / 7;
            for (long local = Math.min(low, high) - 2; local <= Math.max(low, high) + 2; local += stride) {
                assertThat(timeline.firstInstant(local)).isEqualTo(expected(rules, local));
                ZoneTimeline.Overlap overlap = timeline.overlapAt(local);
                boolean inOverlap = t.isOverlap() && local >= high && local < low;
                assertThat(overlap != null).as("overlap at %s", local).isEqualTo(inOverlap);
            }
        }
    }

    /** Vigil's policy written with java.time: gap -> transition instant, overlap -> earlier offset. */
    private static long expected(ZoneRules rules, long local) {
        LocalDateTime dateTime = LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC);
        ZoneOffsetTransition transition = rules.getTransition(dateTime);
        if (transition != null && transition.isGap()) {
            return transition.toEpochSecond();
        }
        return dateTime.toEpochSecond(rules.getValidOffsets(dateTime).get(0));
    }
}
