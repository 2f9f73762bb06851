package dev.vigil.core;

import dev.vigil.spi.RunRecord;
import dev.vigil.spi.store.ClaimResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that claims due runs, hands them to the executor, and sleeps until the earliest due
 * time or a wake-up. It never polls when nothing is due, except — for a store shared with other
 * nodes — every poll interval, to see their work.
 *
 * <p>It claims as many runs as there are free workers. While runs are short (under
 * {@link #SHORT_RUN} on average lately) it claims ahead: once no more than half of {@link #AHEAD}
 * runs per worker are left, it claims up to {@link #AHEAD} per worker, which wait in the executor's
 * queue. A worker that finishes then starts its next run at once instead of waiting for a claim, and
 * the store sees one claim for several runs. A run that waits this way is covered by the
 * heartbeats; since only short runs are claimed ahead, it waits for a few short runs at most. Runs
 * claimed ahead hold nothing others wait for (see
 * {@link dev.vigil.spi.store.JobStore#claimDue(String, int, int, Duration)}): a run that held a mutex
 * key while it waited would multiply the key's hold time, and a queue of such runs once starved a
 * scheduled run on the same key past its misfire threshold.
 */
final class Dispatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration BLOCKED_RECHECK = Duration.ofSeconds(1);
    /** Runs shorter than this on average are claimed ahead of the free workers. */
    static final Duration SHORT_RUN = Duration.ofMillis(20);
    /** How many runs per worker may be in flight while runs are short. */
    static final int AHEAD = 16;

    private final Engine engine;
    private final ExecutorService executor;
    private final int workers;
    /** Runs handed to the executor that have not ended yet, begun or not. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** A moving average of how long runs take here, in nanoseconds; long until the first run ends. */
    private volatile long averageRunNanos = Long.MAX_VALUE;
    private final Duration pollInterval;
    /** Set by {@link #wake()}, cleared when the dispatcher looks again. */
    private final AtomicBoolean woken = new AtomicBoolean();
    private volatile Thread thread;
    private volatile boolean stopping;
    private Duration backoff = Duration.ZERO;
    private boolean storeFailedSinceLastClaim;

    /** @param pollInterval how often to look for other nodes' work, or null for a store only this node uses */
    Dispatcher(Engine engine, ExecutorService executor, int workers, Duration pollInterval) {
        this.engine = engine;
        this.executor = executor;
        this.workers = workers;
        this.pollInterval = pollInterval;
    }

    void wake() {
        if (woken.compareAndSet(false, true)) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    void stop() {
        stopping = true;
        wake();
    }

    /** @return runs claimed and handed to the executor that have not ended yet, whether their job has begun or not */
    int inFlight() {
        return inFlight.get();
    }

    /** How many more runs to claim now: none while the workers have enough to do. */
    private int wanted() {
        int inFlightNow = inFlight.get();
        if (averageRunNanos < SHORT_RUN.toNanos()) {
            return inFlightNow > AHEAD * workers / 2 ? 0 : AHEAD * workers - inFlightNow;
        }
        return workers - inFlightNow;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        while (!stopping) {
            long wait;
            try {
                // Working out how long to sleep reads the store too: a failure there must not end this thread.
                wait = claimOnce() ? -1 : waitNanos();
                backoff = Duration.ZERO;
            } catch (RuntimeException e) {
                storeFailedSinceLastClaim = true;
                backoff = backoff.isZero() ? Duration.ofMillis(250) : min(backoff.multipliedBy(2), MAX_BACKOFF);
                log.warn("Could not claim due runs from the store; trying again in {}", backoff, e);
                sleep(backoff.toNanos());
                continue;
            }
            if (wait >= 0) {
                sleep(wait);
            }
        }
    }

    /** Claims up to the free capacity; returns true if it filled it (more may be due). */
    private boolean claimOnce() {
        int free = wanted();
        if (free <= 0) {
            return false;
        }
        // Only runs without a mutex key or a child place wait in the executor's queue: one that holds
        // such a thing is claimed only for a free worker, so it never keeps others from it while it waits.
        int freeWorkers = Math.max(0, workers - inFlight.get());
        ClaimResult claim = engine.store.claimDue(engine.nodeId, free, Math.min(free, freeWorkers), engine.lease);
        claim.claimed().forEach(engine::claimed);
        List<RunRecord> runs = claim.claimed();
        if (storeFailedSinceLastClaim) {
            // A claim that failed may have committed all the same; take over what it claimed.
            storeFailedSinceLastClaim = false;
            runs = new ArrayList<>(runs);
            runs.addAll(engine.orphans());
        }
        for (RunRecord run : runs) {
            inFlight.incrementAndGet();
            try {
                executor.execute(() -> {
                    long began = System.nanoTime();
                    try {
                        engine.execute(run);
                    } finally {
                        long took = System.nanoTime() - began;
                        // Updated by several workers without a lock: a lost update only blurs the average.
                        long average = averageRunNanos;
                        averageRunNanos = average == Long.MAX_VALUE ? took : average + (took - average) / 8;
                        inFlight.decrementAndGet();
                        wake();
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.decrementAndGet();
                engine.dropClaim(run);
                log.error("The executor refused run {} of {}; its lease will expire and the watchdog will retry it",
                        run.id(), run.jobType(), e);
            }
        }
        // After the claimed runs are on their way, so that a store failure here cannot strand them.
        claim.skipped().forEach(engine::afterSkipped);
        return !claim.claimed().isEmpty() && claim.claimed().size() == free;
    }

    /** How long to sleep, in nanoseconds: until the next due run, a wake-up, or the poll interval; 0 means until woken. */
    private long waitNanos() {
        long wait = pollInterval == null ? 0 : Math.max(1, pollInterval.toNanos());
        if (wanted() <= 0) {
            return wait;
        }
        Optional<Instant> next = engine.store.nextDueTime();
        if (next.isPresent()) {
            // Wake at the due instant itself (parkNanos, not a wait rounded to whole milliseconds). Woken a
            // little early, the claim finds nothing and the loop sleeps for what is left.
            Duration left = Duration.between(engine.clock.instant(), next.get());
            // A due run still queued is blocked (mutex, parallelism, QUEUE_ONE): a completion wakes us,
            // but look again within a second so that a later run behind it is not overslept.
            long until = left.isNegative() || left.isZero() ? BLOCKED_RECHECK.toNanos() : left.toNanos();
            wait = wait == 0 ? until : Math.min(wait, until);
        }
        return wait;
    }

    /** Sleeps for the nanoseconds (0: until woken) or until woken or stopped. */
    private void sleep(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (!woken.get() && !stopping) {
            if (nanos == 0) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
            if (Thread.interrupted()) {
                stopping = true;
            }
        }
        woken.set(false);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
