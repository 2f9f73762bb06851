package dev.vigil.spi.credential;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The host's vault of managed credentials: a host service the job {@code cert.credential-rotation}
 * requires. For each credential it keeps the current secret, at most one pending secret (a rotation
 * in progress, with the {@link RotationStep step} it reached) and, after a promotion, the previous
 * secret.
 *
 * <p>A rotation writes here before and after it touches the target, so that a crash at any point
 * leaves a secret the target accepts in the store: the new secret is {@linkplain #storePending stored}
 * before the target is changed, and {@linkplain #promote promoted} only after the target accepted it.
 * Every write names its rotation id and is idempotent for it, so a resumed or repeated call does no
 * harm. A write must be durable when the method returns.
 *
 * <p>Implementations must be safe for use by several threads at once, and never put a secret in an
 * exception message or a log line.
 */
public interface CredentialStore {

    /**
     * Returns one page of the managed credentials, in an order that stays stable while a job pages
     * through it (by id, say).
     *
     * @param cursor where the previous page ended ({@link CredentialPage#nextCursor()}); empty for the
     *     first page; not null
     * @param limit the most credentials to return; positive
     * @return the page; not null
     * @throws RuntimeException if the store cannot be read; the run fails
     */
    CredentialPage page(Optional<String> cursor, int limit);

    /**
     * @param credentialId a credential's id; not null
     * @return the credential; empty if the store has none of that id
     * @throws RuntimeException if the store cannot be read; that credential fails
     */
    Optional<ManagedCredential> find(String credentialId);

    /**
     * @return the ids of the credentials that have a pending secret (a rotation to resume); not null,
     *     possibly empty; small, as rotations are short-lived
     * @throws RuntimeException if the store cannot be read; the run fails
     */
    Set<String> withPendingRotation();

    /**
     * @param credentialId a credential's id; not null
     * @return a new copy of its current secret, which the caller may destroy; not null
     * @throws java.util.NoSuchElementException if the store has no such credential
     * @throws RuntimeException if the store cannot be read; that credential fails
     */
    Secret current(String credentialId);

    /**
     * @param credentialId a credential's id; not null
     * @return its rotation in progress, with a new copy of the pending secret; empty if none
     * @throws RuntimeException if the store cannot be read; that credential fails
     */
    Optional<PendingCredential> pending(String credentialId);

    /**
     * Stores a new secret as the credential's pending one, at step {@link RotationStep#STORED}, and
     * leaves the current one as it is. Storing the same rotation id again does nothing.
     *
     * @param credentialId a credential's id; not null
     * @param rotationId the new rotation's id; not blank
     * @param secret the new secret; the store keeps its own copy; not null
     * @param createdAt the engine clock's time; not null
     * @throws IllegalStateException if the credential has a pending secret of another rotation: the
     *     target may already accept that one, so it is never overwritten
     * @throws java.util.NoSuchElementException if the store has no such credential
     * @throws RuntimeException if the store cannot write; the rotation stops before the target is touched
     */
    void storePending(String credentialId, String rotationId, Secret secret, Instant createdAt);

    /**
     * Records that a rotation reached a step. A step not after the recorded one does nothing.
     *
     * @param credentialId a credential's id; not null
     * @param rotationId the rotation's id; not null
     * @param step the step reached; not null
     * @throws IllegalStateException if the credential has no pending secret of that rotation
     * @throws RuntimeException if the store cannot write; the next run asks the target again
     */
    void markPending(String credentialId, String rotationId, RotationStep step);

    /**
     * In one atomic step, makes the pending secret of the rotation the current one, keeps the secret
     * that was current as the previous one (replacing an older previous one, so a host can roll back
     * by hand until the next rotation), sets the credential's {@link ManagedCredential#rotatedAt()},
     * and removes the pending secret. Promoting a rotation that was already promoted does nothing.
     *
     * @param credentialId a credential's id; not null
     * @param rotationId the rotation's id; not null
     * @param rotatedAt the engine clock's time; not null
     * @throws IllegalStateException if the credential has no pending secret of that rotation and that
     *     rotation was not the last one promoted
     * @throws RuntimeException if the store cannot write; then nothing changed, and the next run
     *     promotes again
     */
    void promote(String credentialId, String rotationId, Instant rotatedAt);

    /**
     * Removes the pending secret of a rotation that the target provably never took (it refused the
     * change and still accepts the current secret). Discarding a rotation that is not pending does
     * nothing.
     *
     * @param credentialId a credential's id; not null
     * @param rotationId the rotation's id; not null
     * @throws RuntimeException if the store cannot write; the next run resumes the rotation instead
     */
    void discardPending(String credentialId, String rotationId);
}
