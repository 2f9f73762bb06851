package dev.vigil.core;

import dev.vigil.spi.Progress;
import dev.vigil.spi.RunRecord;
import java.time.Instant;
import java.util.concurrent.Future;

/** A run this node is executing: its lease token, its thread, and why it is being stopped, if it is. */
final class ActiveRun {

    /** Why a run is being stopped. */
    enum StopReason {
        TIMED_OUT, CANCELLED, LEASE_LOST, SHUTDOWN
    }

    final RunRecord run;
    /** When the run passes its timeout, or null. */
    final Instant deadline;
    private volatile Thread thread;
    private volatile StopReason stopReason;
    private volatile Progress progress;
    private volatile boolean spawnedChildren;
    private volatile Future<?> timeoutTask;

    /** Local monotonic time (System.nanoTime) by which the lease must have been renewed. */
    private volatile long leaseValidUntilNanos;

    ActiveRun(RunRecord run, Instant deadline, long leaseValidUntilNanos) {
        this.run = run;
        this.deadline = deadline;
        this.leaseValidUntilNanos = leaseValidUntilNanos;
    }

    void leaseRenewed(long validUntilNanos) {
        this.leaseValidUntilNanos = validUntilNanos;
    }

    boolean leaseMayHaveExpired(long nowNanos) {
        return nowNanos - leaseValidUntilNanos >= 0;
    }

    /** Binds the run to the thread that runs its job; a stop asked before this interrupts it now. */
    void attach(Thread t) {
        this.thread = t;
        if (stopReason != null) {
            t.interrupt();
        }
    }

    void detach() {
        this.thread = null;
        Future<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    void timeoutTask(Future<?> task) {
        this.timeoutTask = task;
    }

    /** Asks the job to stop: sets the flag it polls and interrupts its thread. The first reason wins. */
    void stop(StopReason reason) {
        synchronized (this) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** The reason the run is stopping, or null; a deadline passed on the clock counts as a timeout. */
    StopReason stopReason(Instant now) {
        if (stopReason == null && deadline != null && !now.isBefore(deadline)) {
            stop(StopReason.TIMED_OUT);
        }
        return stopReason;
    }

    Progress progress() {
        return progress;
    }

    void progress(Progress value) {
        this.progress = value;
    }

    boolean spawnedChildren() {
        return spawnedChildren;
    }

    void markSpawnedChildren() {
        this.spawnedChildren = true;
    }
}
