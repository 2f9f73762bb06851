package dev.vigil.spi.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A credential the host's vault manages and Vigil rotates: which system it opens, what kind of
 * secret it is, how long a secret may live, when the current one was set, and how a new one is made.
 * Holds no secret.
 *
 * @param id the credential's stable id in the {@link CredentialStore}; not blank
 * @param system the integrated system or device it belongs to, the name
 *     {@link CredentialTargets#find(String)} looks up; not blank
 * @param kind what kind of secret it is; not null
 * @param ttl how long a secret lives before it is rotated; positive; not null
 * @param rotatedAt when the current secret was set (its creation, if it was never rotated); not null
 * @param policy how a new secret is generated, by {@link CredentialKind kind} (see the keys on each
 *     constant); not secret; copied; not null, possibly empty for the defaults. Vigil validates it
 *     when it generates a secret and fails only this credential if it is invalid.
 */
public record ManagedCredential(String id, String system, CredentialKind kind, Duration ttl, Instant rotatedAt,
                                Map<String, String> policy) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the id or system is blank or the TTL is not positive
     */
    public ManagedCredential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(rotatedAt, "rotatedAt");
        policy = Map.copyOf(policy);
        if (id.isBlank()) {
            throw new IllegalArgumentException("A managed credential needs an id");
        }
        if (system.isBlank()) {
            throw new IllegalArgumentException("Managed credential " + id + " needs a system");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("Managed credential " + id + " needs a positive TTL, was " + ttl);
        }
    }

    /** @return when the current secret is due to be rotated: {@code rotatedAt + ttl} */
    public Instant dueAt() {
        return rotatedAt.plus(ttl);
    }

    /**
     * @param now the time to compare with; not null
     * @return whether the current secret's TTL has passed at {@code now} (a secret is due at the
     *     instant it reaches its TTL)
     */
    public boolean isDue(Instant now) {
        return !now.isBefore(dueAt());
    }
}
