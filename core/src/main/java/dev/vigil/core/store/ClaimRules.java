package dev.vigil.core.store;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.RunRecord;

/**
 * The claim rules of {@link dev.vigil.spi.store.JobStore}, in their order, for both stores: what a
 * due run does given what running runs hold. Each store supplies its view of "held" and updates it
 * as it claims.
 */
final class ClaimRules {
    private ClaimRules() {
    }

    /** What running (and waiting) runs hold, as a store sees it at the moment of the claim. */
    interface Held {
        boolean mutexHeld(String key);

        /** Whether a non-child run of the definition is RUNNING or WAITING_FOR_CHILDREN. */
        boolean definitionActive(String definitionId);

        int runningChildren(long parentRunId);

        int childParallelism(long parentRunId);
    }

    /** What becomes of one due run. */
    enum Decision {
        /** Start it now. */
        CLAIM,
        /** End it SKIPPED: its definition is running and its policy is SKIP_IF_RUNNING. */
        SKIP,
        /** Leave it queued for now. */
        WAIT
    }

    static Decision decide(RunRecord r, Held held) {
        if (r.parentRunId() != null) {
            if (held.runningChildren(r.parentRunId()) >= held.childParallelism(r.parentRunId())) {
                return Decision.WAIT;
            }
        } else if (held.definitionActive(r.definitionId())) {
            if (r.concurrency() == ConcurrencyPolicy.QUEUE_ONE) {
                return Decision.WAIT;
            }
            if (r.concurrency() == ConcurrencyPolicy.SKIP_IF_RUNNING) {
                return Decision.SKIP;
            }
        }
        // After the definition's own policy, so that a SKIP_IF_RUNNING run is skipped, not held, when
        // its mutex key is held by a run of its own definition.
        if (r.mutexKey() != null && held.mutexHeld(r.mutexKey())) {
            return Decision.WAIT;
        }
        return Decision.CLAIM;
    }

    /**
     * Whether a claimed run would hold something that other definitions' runs may wait for while it
     * runs: a mutex key, or a place among its parent's parallel children. (Its definition's turn
     * only ever keeps the same definition's runs waiting, which could not run beside it anyway.)
     */
    static boolean holds(RunRecord r) {
        return r.mutexKey() != null || r.parentRunId() != null;
    }

    static String skipMessage(RunRecord r) {
        return "skipped: another run of " + r.definitionId() + " was running";
    }
}
