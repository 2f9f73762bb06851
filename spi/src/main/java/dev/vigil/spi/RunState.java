package dev.vigil.spi;

/** Where a run is in its life. */
public enum RunState {
    /** Waiting to become due or for a worker. */
    QUEUED,
    /** A node holds its lease and runs it. */
    RUNNING,
    /** Its job returned and it waits for the children it spawned. */
    WAITING_FOR_CHILDREN,
    /** Ended well: every item succeeded. */
    SUCCEEDED,
    /** Ended with some items failed and some succeeded. */
    PARTIAL,
    /** Ended badly: the job threw, reported failure, or every item failed. */
    FAILED,
    /** Passed its timeout. */
    TIMED_OUT,
    /** Cancelled by a person or by shutdown. */
    CANCELLED,
    /** Its node stopped heartbeating; the watchdog ended it. */
    ABANDONED,
    /** Not run: another run of its definition was running, or a missed fire the misfire policy skips. */
    SKIPPED;

    /** @return whether the run has ended */
    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING && this != WAITING_FOR_CHILDREN;
    }
}
