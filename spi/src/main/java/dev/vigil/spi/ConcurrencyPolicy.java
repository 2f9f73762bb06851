package dev.vigil.spi;

/**
 * What happens when a run of a definition becomes due while another run of the same definition is
 * running. Scheduled fires of one definition never overlap each other (the next fire is enqueued
 * when the current one completes); this policy decides about manual triggers and retries that meet
 * a running run, and about a scheduled fire that meets a manual run.
 */
public enum ConcurrencyPolicy {
    /** The later run is not started; it is recorded as {@code SKIPPED}. The default. */
    SKIP_IF_RUNNING,
    /** Runs of one definition may overlap. */
    ALLOW,
    /** The later run waits until the running one ends; at most one run waits. */
    QUEUE_ONE
}
