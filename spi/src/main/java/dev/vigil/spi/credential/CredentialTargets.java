package dev.vigil.spi.credential;

import java.util.Optional;

/**
 * The host's integrated systems by name: a host service the job {@code cert.credential-rotation}
 * requires to reach the system of a {@link ManagedCredential}. Implementations must be safe for use
 * by several threads at once.
 */
@FunctionalInterface
public interface CredentialTargets {

    /**
     * @param system a name from {@link ManagedCredential#system()}; not null
     * @return the target of that name; empty if the host has none (that credential then fails)
     */
    Optional<CredentialTarget> find(String system);
}
