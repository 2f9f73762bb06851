package dev.vigil.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a run reports when its job returns: an outcome, item counts, a message, and the first
 * {@link #MAX_ITEM_ERRORS} per-item errors (the rest are counted in {@code failed} and in
 * {@code itemErrorsDropped}).
 *
 * <p>Most jobs build one with {@link #builder()} as they go through their items:
 *
 * <pre>{@code
 * JobResult.Builder result = JobResult.builder();
 * for (Certificate c : page) {
 *     context.checkCancelled();
 *     try {
 *         check(c);
 *         result.succeeded();
 *     } catch (RuntimeException e) {
 *         result.failed(c.serial(), e.getMessage());
 *     }
 * }
 * return result.build();
 * }</pre>
 *
 * @param outcome how the run went; not null
 * @param counts the item counts; not null
 * @param message a one-line summary for people; not null, may be empty
 * @param itemErrors at most {@link #MAX_ITEM_ERRORS} per-item errors
 * @param itemErrorsDropped how many further item errors were not kept
 */
public record JobResult(Outcome outcome, RunCounts counts, String message, List<ItemError> itemErrors,
                        long itemErrorsDropped) {

    /** The most per-item errors one result keeps. */
    public static final int MAX_ITEM_ERRORS = 100;

    /** How a run went. */
    public enum Outcome {
        /** Everything it did succeeded. */
        SUCCEEDED,
        /** Some items failed, some succeeded. */
        PARTIAL,
        /** The run failed as a whole, or every item it tried failed. */
        FAILED;

        /** @return the run state this outcome ends a run in */
        public RunState toRunState() {
            return RunState.valueOf(name());
        }
    }

    /** Validates presence and bounds. */
    public JobResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(message, "message");
        itemErrors = List.copyOf(itemErrors);
        if (itemErrors.size() > MAX_ITEM_ERRORS) {
            itemErrorsDropped += itemErrors.size() - MAX_ITEM_ERRORS;
            itemErrors = List.copyOf(itemErrors.subList(0, MAX_ITEM_ERRORS));
        }
        if (itemErrorsDropped < 0) {
            throw new IllegalArgumentException("itemErrorsDropped must not be negative");
        }
    }

    /** @return a success with no items and no message */
    public static JobResult success() {
        return new JobResult(Outcome.SUCCEEDED, RunCounts.ZERO, "", List.of(), 0);
    }

    /** @param message a summary @return a success with no items */
    public static JobResult success(String message) {
        return new JobResult(Outcome.SUCCEEDED, RunCounts.ZERO, message, List.of(), 0);
    }

    /** @param message why it failed; never a secret @return a failure with no items */
    public static JobResult failure(String message) {
        return new JobResult(Outcome.FAILED, RunCounts.ZERO, message, List.of(), 0);
    }

    /** @return a builder that counts items; thread-safe, so parallel item work may share it */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Counts items and keeps the first errors. Its outcome, unless set, follows from the counts:
     * no failures → {@code SUCCEEDED}; failures and successes → {@code PARTIAL}; failures only →
     * {@code FAILED}. All methods are thread-safe.
     */
    public static final class Builder {
        private long processed;
        private long succeeded;
        private long failed;
        private long skipped;
        private long dropped;
        private final List<ItemError> errors = new ArrayList<>();
        private String message = "";
        private Outcome outcome;

        private Builder() {
        }

        /** Counts one item processed and succeeded. @return this */
        public synchronized Builder succeeded() {
            processed++;
            succeeded++;
            return this;
        }

        /**
         * Counts one item processed and failed, keeping its error if there is room.
         *
         * @param item which item; not null
         * @param error what went wrong; never a secret; not null
         * @return this
         */
        public synchronized Builder failed(String item, String error) {
            processed++;
            failed++;
            if (errors.size() < MAX_ITEM_ERRORS) {
                errors.add(new ItemError(item, error));
            } else {
                dropped++;
            }
            return this;
        }

        /** Counts one item processed and deliberately skipped. @return this */
        public synchronized Builder skipped() {
            processed++;
            skipped++;
            return this;
        }

        /** @param counts counts to add, e.g. from a sub-task @return this */
        public synchronized Builder add(RunCounts counts) {
            processed += counts.processed();
            succeeded += counts.succeeded();
            failed += counts.failed();
            skipped += counts.skipped();
            return this;
        }

        /** @param value a one-line summary; never a secret @return this */
        public synchronized Builder message(String value) {
            this.message = Objects.requireNonNull(value, "message");
            return this;
        }

        /** @param value an outcome that overrides the one derived from counts @return this */
        public synchronized Builder outcome(Outcome value) {
            this.outcome = Objects.requireNonNull(value, "outcome");
            return this;
        }

        /** @return the counts so far */
        public synchronized RunCounts counts() {
            return new RunCounts(processed, succeeded, failed, skipped);
        }

        /** @return the result */
        public synchronized JobResult build() {
            Outcome o = outcome;
            if (o == null) {
                o = failed == 0 ? Outcome.SUCCEEDED : succeeded > 0 || skipped > 0 ? Outcome.PARTIAL : Outcome.FAILED;
            }
            return new JobResult(o, counts(), message, errors, dropped);
        }
    }
}
