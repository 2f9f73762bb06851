package dev.vigil.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so that schedules, leases, timeouts and
 * audit times are exact and no test sleeps.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>Thread-safe: an engine's threads may read it while the test thread moves it. A copy made
 * with {@link #withZone(ZoneId)} shares the time of the clock it was made from: moving either moves
 * both. Two manual clocks are equal only if they are the same object.
 */
public final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * @param start the time the clock shows until moved; not null
     * @return a clock at {@code start} in UTC
     */
    public static ManualClock at(Instant start) {
        return at(start, ZoneOffset.UTC);
    }

    /**
     * @param start the time the clock shows until moved; not null
     * @param zone the clock's zone; not null
     * @return a clock at {@code start} in {@code zone}
     */
    public static ManualClock at(Instant start, ZoneId zone) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(zone, "zone");
        return new ManualClock(new AtomicReference<>(start), zone);
    }

    /**
     * Moves the clock forward.
     *
     * @param amount how far; zero or positive, not null
     * @return the new time
     * @throws IllegalArgumentException if {@code amount} is negative; use {@link #set(Instant)} to
     *     move back deliberately
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("A manual clock advances only forward, was asked to move by "
                    + amount + "; call set(Instant) to move it back on purpose");
        }
        return now.updateAndGet(t -> t.plus(amount));
    }

    /**
     * Sets the time. Unlike {@link #advance(Duration)}, this may move the clock backwards, which a
     * test may do on purpose to imitate a host whose clock was corrected; an engine under test sees
     * time go back, as it would in production.
     *
     * @param instant the new time; not null
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * @param newZone the zone of the copy; not null
     * @return a clock in {@code newZone} that shares this clock's time: moving one moves the other
     */
    @Override
    public ManualClock withZone(ZoneId newZone) {
        Objects.requireNonNull(newZone, "newZone");
        return newZone.equals(zone) ? this : new ManualClock(now, newZone);
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + ", " + zone + "]";
    }
}
