package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RenewalPointTest {
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(90));

    @Test
    void aThresholdCountsDaysBeforeNotAfter() {
        assertThat(RenewalPoint.plain(FROM, TO, OptionalInt.of(30))).isEqualTo(TO.minus(Duration.ofDays(30)));
    }

    @Test
    void withoutAThresholdTheRenewalIsDueTwoThirdsIntoTheLifetime() {
        assertThat(RenewalPoint.plain(FROM, TO, OptionalInt.empty())).isEqualTo(FROM.plus(Duration.ofDays(60)));
    }

    @Test
    void theJitterIsDeterministicEarlierOnlyAndBoundedByADay() {
        Instant plain = RenewalPoint.plain(FROM, TO, OptionalInt.empty());
        for (int i = 0; i < 200; i++) {
            Instant due = RenewalPoint.due("cert-" + i, FROM, TO, OptionalInt.empty());
            assertThat(due).isEqualTo(RenewalPoint.due("cert-" + i, FROM, TO, OptionalInt.empty()))
                    .isBeforeOrEqualTo(plain).isAfterOrEqualTo(plain.minus(Duration.ofHours(24)));
        }
    }

    @Test
    void theJitterIsAtMostFivePercentOfAShortLifetime() {
        Duration lifetime = Duration.ofDays(10);
        for (int i = 0; i < 200; i++) {
            assertThat(RenewalPoint.jitter("cert-" + i, lifetime)).isLessThanOrEqualTo(Duration.ofHours(12));
        }
        assertThat(RenewalPoint.jitter("cert-1", Duration.ZERO)).isZero();
    }

    @Test
    void theJitterDiffersAcrossCertificatesAndSpreadsOverTheWindow() {
        Set<Duration> seen = new HashSet<>();
        Duration longest = Duration.ZERO;
        for (int i = 0; i < 100; i++) {
            Duration jitter = RenewalPoint.jitter("cert-" + i, Duration.ofDays(90));
            seen.add(jitter);
            longest = jitter.compareTo(longest) > 0 ? jitter : longest;
        }
        assertThat(seen).hasSizeGreaterThan(95);
        assertThat(longest).isGreaterThan(Duration.ofHours(20));
    }
}
