package dev.vigil.spi.store;

import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunState;
import java.util.List;
import java.util.Objects;

/**
 * The end of a run, as its owner (or the watchdog) reports it to the store.
 *
 * @param runId the run
 * @param owner the node that claimed it; not null
 * @param fencingToken the token of that claim
 * @param state a terminal state, or {@code WAITING_FOR_CHILDREN}; not null
 * @param counts what the run itself did; the store adds them to the counts its children have
 *     already reported (a run's stored counts are zero until it completes, but for those); not null
 * @param message a one-line summary; not null
 * @param itemErrors its kept per-item errors
 * @param followUps runs to enqueue in the same transaction (the next scheduled fire, a retry);
 *     each is subject to the same rules as {@link JobStore#enqueue(NewRun)}, and one that those
 *     rules reject is dropped without failing the completion
 * @param onlyIfLeaseExpired accept only if the run's lease has expired (the watchdog's completions)
 */
public record RunCompletion(long runId, String owner, long fencingToken, RunState state, RunCounts counts,
                            String message, List<ItemError> itemErrors, List<NewRun> followUps,
                            boolean onlyIfLeaseExpired) {
    /** Validates presence and that the state can end a run. */
    public RunCompletion {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(message, "message");
        itemErrors = List.copyOf(itemErrors);
        followUps = List.copyOf(followUps);
        if (!state.isTerminal() && state != RunState.WAITING_FOR_CHILDREN) {
            throw new IllegalArgumentException("A run cannot complete as " + state);
        }
    }
}
