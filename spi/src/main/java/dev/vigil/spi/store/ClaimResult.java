package dev.vigil.spi.store;

import dev.vigil.spi.RunRecord;
import java.util.List;

/**
 * What {@link JobStore#claimDue} did.
 *
 * @param claimed runs now {@code RUNNING} under the caller's lease, oldest due first
 * @param skipped runs the store ended {@code SKIPPED} because another run of their definition was
 *     running and their concurrency policy is {@code SKIP_IF_RUNNING}
 */
public record ClaimResult(List<RunRecord> claimed, List<RunRecord> skipped) {

    /** Nothing claimed, nothing skipped. */
    public static final ClaimResult EMPTY = new ClaimResult(List.of(), List.of());

    /** Copies the lists. */
    public ClaimResult {
        claimed = List.copyOf(claimed);
        skipped = List.copyOf(skipped);
    }
}
