package dev.vigil.spi;

import java.time.Instant;

/**
 * Hears what the engine does. Every method has an empty default, so a host overrides only what it
 * needs. Called on engine threads: keep it quick and thread-safe. An exception thrown here is
 * logged and ignored.
 */
public interface VigilListener {

    /** @param run the run, now {@code RUNNING} */
    default void runStarted(RunRecord run) {
    }

    /** @param run the run, now ended or {@code WAITING_FOR_CHILDREN} */
    default void runFinished(RunRecord run) {
    }

    /**
     * Scheduled fires of a definition were missed.
     *
     * @param definitionId the definition
     * @param firstMissed the earliest missed fire time
     * @param missed how many fires were missed (counted up to a bound)
     * @param policy what the engine did about them
     */
    default void misfire(String definitionId, Instant firstMissed, long missed, MisfirePolicy policy) {
    }

    /**
     * This node lost the lease of a run it was running (the watchdog of another node took it over,
     * or the store no longer knows it); the engine cancels the job.
     *
     * @param runId the run
     */
    default void leaseLost(long runId) {
    }
}
