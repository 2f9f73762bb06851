package dev.vigil.core;

import dev.vigil.spi.JobDescriptor;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered job type as the host sees it.
 *
 * @param descriptor what the job type declares
 * @param provider the name of the module or provider that offered it (e.g. {@code jobs-cert})
 * @param disabledReason why its definitions cannot run (e.g. a missing host service), if so
 * @param defaultScheduleDescription the default schedule in English
 */
public record JobTypeInfo(JobDescriptor descriptor, String provider, Optional<String> disabledReason,
                          String defaultScheduleDescription) {
    /** Validates presence. */
    public JobTypeInfo {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(disabledReason, "disabledReason");
        Objects.requireNonNull(defaultScheduleDescription, "defaultScheduleDescription");
    }

    /** @return the job type id */
    public String id() {
        return descriptor.id();
    }

    /** @return whether its definitions can run */
    public boolean usable() {
        return disabledReason.isEmpty();
    }
}
