package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    private static final Instant START = Instant.parse("2026-03-29T00:30:00Z");

    @Test
    void clockStandsStillUntilMoved() {
        ManualClock clock = ManualClock.at(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void advanceMovesForwardAndReturnsTheNewTime() {
        ManualClock clock = ManualClock.at(START);

        assertThat(clock.advance(Duration.ofMinutes(90))).isEqualTo(START.plus(Duration.ofMinutes(90)));
        assertThat(clock.advance(Duration.ZERO)).isEqualTo(START.plus(Duration.ofMinutes(90)));
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(90)));
    }

    @Test
    void advanceRejectsGoingBack() {
        ManualClock clock = ManualClock.at(START);

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set(Instant)");
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void setMayMoveTheClockBackOnPurpose() {
        ManualClock clock = ManualClock.at(START);

        clock.set(START.minus(Duration.ofHours(1)));

        assertThat(clock.instant()).isEqualTo(START.minus(Duration.ofHours(1)));
    }

    @Test
    void zonedClockReadsLocalTimeInItsZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ManualClock clock = ManualClock.at(START, berlin);

        clock.advance(Duration.ofHours(1));

        assertThat(ZonedDateTime.now(clock).toLocalTime().toString()).isEqualTo("03:30");
        assertThat(clock.getZone()).isEqualTo(berlin);
    }

    @Test
    void copyInAnotherZoneSharesTheTime() {
        ManualClock utc = ManualClock.at(START);
        ManualClock tokyo = utc.withZone(ZoneId.of("Asia/Tokyo"));

        utc.advance(Duration.ofMinutes(5));
        tokyo.advance(Duration.ofMinutes(5));

        assertThat(utc.instant()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        assertThat(tokyo.instant()).isEqualTo(utc.instant());
        assertThat(tokyo.getZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(utc.withZone(ZoneOffset.UTC)).isSameAs(utc);
    }
}
