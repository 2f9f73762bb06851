package dev.vigil.core;

import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.RunRecord;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job definition as the host's admin screen shows it.
 *
 * @param definition the stored definition
 * @param disabledReason why it cannot run even if enabled (unknown or unusable job type), if so
 * @param nextFireTime when its schedule fires next, if it is queued
 * @param lastRun its most recent run, if any
 * @param scheduleDescription the schedule in English
 */
public record DefinitionInfo(JobDefinition definition, Optional<String> disabledReason,
                             Optional<Instant> nextFireTime, Optional<RunRecord> lastRun,
                             String scheduleDescription) {
    /** Validates presence. */
    public DefinitionInfo {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(disabledReason, "disabledReason");
        Objects.requireNonNull(nextFireTime, "nextFireTime");
        Objects.requireNonNull(lastRun, "lastRun");
        Objects.requireNonNull(scheduleDescription, "scheduleDescription");
    }

    /** @return the definition id */
    public String id() {
        return definition.id();
    }

    /** @return whether its schedule fires: enabled by the host and its job type usable */
    public boolean active() {
        return definition.enabled() && disabledReason.isEmpty();
    }
}
