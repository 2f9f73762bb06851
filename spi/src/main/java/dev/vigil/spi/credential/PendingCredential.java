package dev.vigil.spi.credential;

import java.time.Instant;
import java.util.Objects;

/**
 * A rotation in progress: the new secret the store keeps beside the current one until it is
 * promoted, and how far the rotation has come.
 *
 * @param credentialId the credential's id; not blank
 * @param rotationId the rotation's id, unique per rotation; not blank
 * @param secret the new secret; not null
 * @param step how far the rotation has come; not null
 * @param createdAt when the rotation stored it; not null
 */
public record PendingCredential(String credentialId, String rotationId, Secret secret, RotationStep step,
                                Instant createdAt) {

    /**
     * Validates presence.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an id is blank
     */
    public PendingCredential {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(rotationId, "rotationId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(createdAt, "createdAt");
        if (credentialId.isBlank() || rotationId.isBlank()) {
            throw new IllegalArgumentException("A pending credential needs a credential id and a rotation id");
        }
    }
}
