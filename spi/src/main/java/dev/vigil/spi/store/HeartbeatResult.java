package dev.vigil.spi.store;

import java.util.Set;

/**
 * What {@link JobStore#heartbeat} found.
 *
 * @param lost runs whose lease the caller no longer holds (ended by the watchdog, or unknown)
 * @param cancelRequested runs still held for which someone asked cancellation
 */
public record HeartbeatResult(Set<Long> lost, Set<Long> cancelRequested) {

    /** Nothing lost, nothing to cancel. */
    public static final HeartbeatResult NONE = new HeartbeatResult(Set.of(), Set.of());

    /** Copies the sets. */
    public HeartbeatResult {
        lost = Set.copyOf(lost);
        cancelRequested = Set.copyOf(cancelRequested);
    }
}
