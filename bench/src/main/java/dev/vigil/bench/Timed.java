package dev.vigil.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Small timing helpers shared by the workloads. */
final class Timed {
    /** The longest any one measured phase may take before the bench gives up on it. */
    static final Duration PHASE_LIMIT = Duration.ofMinutes(20);

    private Timed() {
    }

    /** Waits for the latch, failing with a message that says what did not finish. */
    static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(PHASE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(what + " did not finish within " + PHASE_LIMIT + ": "
                    + latch.getCount() + " still to go");
        }
    }

    static void sleepUntil(long epochMillis) throws InterruptedException {
        long left;
        while ((left = epochMillis - System.currentTimeMillis()) > 0) {
            Thread.sleep(Math.min(left, 500));
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static double perSecond(long count, long nanos) {
        return count / seconds(nanos);
    }
}
