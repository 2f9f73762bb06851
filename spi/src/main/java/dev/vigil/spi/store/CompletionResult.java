package dev.vigil.spi.store;

import dev.vigil.spi.RunRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link JobStore#complete(RunCompletion)} did.
 *
 * @param accepted false when the fencing check failed: the run is no longer this owner's with this
 *     token, or no longer running; then nothing changed
 * @param parentReadyToFinish a run now {@code WAITING_FOR_CHILDREN} whose children have all ended —
 *     this run itself, or its parent — which the caller finishes with {@link JobStore#finishParent}
 * @param ended the run as the completion left it, exactly as {@link JobStore#findRun} would return
 *     it then; present if and only if the completion was accepted
 */
public record CompletionResult(boolean accepted, Optional<Long> parentReadyToFinish, Optional<RunRecord> ended) {

    /** The completion was rejected by fencing; nothing changed. */
    public static final CompletionResult REJECTED = new CompletionResult(false, Optional.empty(), Optional.empty());

    /** Validates presence and that only an accepted completion has an ended run. */
    public CompletionResult {
        Objects.requireNonNull(parentReadyToFinish, "parentReadyToFinish");
        Objects.requireNonNull(ended, "ended");
        if (accepted != ended.isPresent()) {
            throw new IllegalArgumentException("an accepted completion carries the ended run, a rejected one none");
        }
    }

    /**
     * @param ended the run as the completion left it
     * @param parentReadyToFinish as above, or null for none
     * @return an accepted completion
     */
    public static CompletionResult accepted(RunRecord ended, Long parentReadyToFinish) {
        return new CompletionResult(true, Optional.ofNullable(parentReadyToFinish), Optional.of(ended));
    }
}
