package dev.vigil.spi.store;

import java.util.Optional;

/**
 * What {@link JobStore#complete(RunCompletion)} did.
 *
 * @param accepted false when the fencing check failed: the run is no longer this owner's with this
 *     token, or no longer running; then nothing changed
 * @param parentReadyToFinish a run now {@code WAITING_FOR_CHILDREN} whose children have all ended —
 *     this run itself, or its parent — which the caller finishes with {@link JobStore#finishParent}
 */
public record CompletionResult(boolean accepted, Optional<Long> parentReadyToFinish) {

    /** The completion was rejected by fencing; nothing changed. */
    public static final CompletionResult REJECTED = new CompletionResult(false, Optional.empty());

    /** Validates presence. */
    public CompletionResult {
        java.util.Objects.requireNonNull(parentReadyToFinish, "parentReadyToFinish");
    }
}
