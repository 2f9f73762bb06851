package dev.vigil.spi.store;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.RunOrigin;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A run to be stored as {@code QUEUED}.
 *
 * @param definitionId the definition it belongs to; not null
 * @param jobType the job type it runs; not null
 * @param origin why it exists; not null
 * @param parentRunId the parent run, or null
 * @param attempt 1 for a first attempt
 * @param scheduledTime the fire time it stands for; not null
 * @param dueAt when it may start; not null
 * @param mutexKey its resource key, or null
 * @param concurrency its definition's concurrency policy; not null
 * @param timeout its time limit, {@link Duration#ZERO} for none; not null
 * @param parameters its parameter values, already validated
 */
public record NewRun(String definitionId, String jobType, RunOrigin origin, Long parentRunId, int attempt,
                     Instant scheduledTime, Instant dueAt, String mutexKey, ConcurrencyPolicy concurrency,
                     Duration timeout, Map<String, String> parameters) {
    /** Validates presence and copies the parameters. */
    public NewRun {
        Objects.requireNonNull(definitionId, "definitionId");
        Objects.requireNonNull(jobType, "jobType");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(scheduledTime, "scheduledTime");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(concurrency, "concurrency");
        Objects.requireNonNull(timeout, "timeout");
        parameters = Map.copyOf(parameters);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        if ((origin == RunOrigin.CHILD) != (parentRunId != null)) {
            throw new IllegalArgumentException("A run has a parent exactly when its origin is CHILD");
        }
    }
}
