package dev.vigil.testkit;

import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.store.JobStore;
import dev.vigil.spi.store.RunQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Steps an engine through time on the test thread, so that an engine test reads like a timeline
 * and never sleeps:
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * InMemoryJobStore store = new InMemoryJobStore(clock);
 * Vigil vigil = Vigil.builder().clock(clock).store(store)...build();
 * EngineDriver driver = new EngineDriver(clock, store, vigil::runDue);
 *
 * assertThat(driver.advance(Duration.ofHours(1))).isEqualTo(12);   // a job every 5 minutes
 * }</pre>
 *
 * <p>The engine's {@code runDue} runs everything due now on the calling thread and returns how
 * many runs it ran. The driver moves the {@link ManualClock} from one queued run's due time to the
 * next, calling it at each, so each run starts exactly when it is due — as it would with free
 * workers — and the runs it enqueues (next fires, retries, children) are seen on the way.
 *
 * <p>The store must read its time from the same clock (as the in-memory store built on it does);
 * a store with its own clock, such as a database's, cannot be driven this way. Every loop is capped
 * at {@value #MAX_STEPS} steps and fails with {@link IllegalStateException} beyond that, so a job
 * that re-enqueues itself with no delay fails the test instead of hanging it. Not thread-safe: call
 * it from one test thread.
 */
public final class EngineDriver {

    /** The most steps (calls of {@code runDue}, or moves of the clock) one method call takes. */
    public static final int MAX_STEPS = 1_000_000;

    private final ManualClock clock;
    private final JobStore store;
    private final IntSupplier runDue;

    /**
     * @param clock the clock both the engine and the store read; not null
     * @param store the engine's store, read for due times; not null
     * @param runDue the engine's "run everything due now on this thread, return how many ran"; not null
     */
    public EngineDriver(ManualClock clock, JobStore store, IntSupplier runDue) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.runDue = Objects.requireNonNull(runDue, "runDue");
    }

    /**
     * Runs what is due now, again and again, until nothing more is (runs may enqueue runs due at once,
     * such as children). The clock does not move.
     *
     * @return how many runs ran
     * @throws IllegalStateException if runs are still due after {@value #MAX_STEPS} calls
     */
    public int runDue() {
        int total = 0;
        for (int step = 0; step < MAX_STEPS; step++) {
            int ran = runDue.getAsInt();
            if (ran < 0) {
                throw new IllegalStateException("runDue returned " + ran + "; it must return how many runs it ran");
            }
            if (ran == 0) {
                return total;
            }
            total += ran;
        }
        throw new IllegalStateException("Runs were still due at " + clock.instant() + " after " + MAX_STEPS
                + " calls of runDue (" + total + " runs); a job probably enqueues runs that are due at once, forever");
    }

    /**
     * Moves the clock forward by {@code amount}, stopping at each queued run's due time on the way to
     * run what is due there, and runs what is due at the end.
     *
     * @param amount how far; zero or positive, not null
     * @return how many runs ran
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws IllegalStateException if it takes more than {@value #MAX_STEPS} steps
     */
    public int advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("The driver moves time only forward, was asked to move by " + amount);
        }
        return advanceTo(clock.instant().plus(amount));
    }

    /**
     * Moves the clock forward to {@code target}, stopping at each queued run's due time on the way to
     * run what is due there, and runs what is due at {@code target}.
     *
     * @param target where the clock ends; not before the clock's time, not null
     * @return how many runs ran
     * @throws IllegalArgumentException if {@code target} is before the clock's time
     * @throws IllegalStateException if it takes more than {@value #MAX_STEPS} steps
     */
    public int advanceTo(Instant target) {
        Objects.requireNonNull(target, "target");
        if (target.isBefore(clock.instant())) {
            throw new IllegalArgumentException("The driver moves time only forward; " + target
                    + " is before the clock's " + clock.instant());
        }
        int total = stepThroughDueTimes(target);
        clock.set(target);
        return total + runDue();
    }

    /**
     * Moves the clock to each next queued run's due time and runs what is due there, until no queued
     * run is due within {@code horizon} of the clock's time when called. The clock ends at the last
     * due time it stopped at (or where it was), not at the horizon, so a test can go on from there.
     * A recurring schedule always has a next fire, so the horizon is what ends the loop.
     *
     * @param horizon how far ahead to look; zero or positive, not null
     * @return how many runs ran
     * @throws IllegalArgumentException if {@code horizon} is negative
     * @throws IllegalStateException if it takes more than {@value #MAX_STEPS} steps
     */
    public int runUntilIdle(Duration horizon) {
        Objects.requireNonNull(horizon, "horizon");
        if (horizon.isNegative()) {
            throw new IllegalArgumentException("horizon must not be negative, was " + horizon);
        }
        return stepThroughDueTimes(clock.instant().plus(horizon));
    }

    /** Runs what is due, then moves to each later due time up to {@code limit} and runs what is due there. */
    private int stepThroughDueTimes(Instant limit) {
        int total = runDue();
        for (int step = 0; step < MAX_STEPS; step++) {
            Optional<Instant> next = nextDueTimeAfter(clock.instant());
            if (next.isEmpty() || next.get().isAfter(limit)) {
                return total;
            }
            clock.set(next.get());
            total += runDue();
        }
        throw new IllegalStateException("Still stepping towards " + limit + " at " + clock.instant() + " after "
                + MAX_STEPS + " due times (" + total + " runs); shorten the time span");
    }

    /**
     * The earliest due time after {@code now}. The store's {@code nextDueTime()} is the earliest of
     * all queued runs, which may be one that is due but held back (a mutex key, a concurrency policy,
     * a child parallelism limit); then the queued runs are read to find the next later one.
     */
    private Optional<Instant> nextDueTimeAfter(Instant now) {
        Optional<Instant> earliest = store.nextDueTime();
        if (earliest.isEmpty() || earliest.get().isAfter(now)) {
            return earliest;
        }
        Instant next = null;
        RunQuery page = RunQuery.all().states(RunState.QUEUED).limit(RunQuery.MAX_LIMIT);
        while (true) {
            List<RunRecord> runs = store.runs(page);
            for (RunRecord run : runs) {
                if (run.dueAt().isAfter(now) && (next == null || run.dueAt().isBefore(next))) {
                    next = run.dueAt();
                }
            }
            if (runs.size() < page.limit()) {
                return Optional.ofNullable(next);
            }
            page = page.before(runs.get(runs.size() - 1).id());
        }
    }
}
