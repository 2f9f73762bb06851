package dev.vigil.testkit;

import dev.vigil.spi.credential.CredentialPage;
import dev.vigil.spi.credential.CredentialStore;
import dev.vigil.spi.credential.ManagedCredential;
import dev.vigil.spi.credential.PendingCredential;
import dev.vigil.spi.credential.RotationStep;
import dev.vigil.spi.credential.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link CredentialStore} in memory, for tests of {@code cert.credential-rotation}: credentials in id
 * order, each with its current, pending and previous secret (copies in and out), and the crash
 * points a test chooses with {@link #crashOn(Crash)}. A check registered with
 * {@link #afterEachWrite(Runnable)} runs after every write, so a test can assert an invariant at
 * every step of a rotation. Thread-safe.
 *
 * <pre>{@code
 * InMemoryCredentialStore store = new InMemoryCredentialStore();
 * store.add(new ManagedCredential("ca-api", "digicert", CredentialKind.TOKEN, Duration.ofDays(30), created, Map.of()),
 *         Secret.ofText("old-token".toCharArray()));
 * store.crashOn(InMemoryCredentialStore.Crash.AFTER_STORE_PENDING);
 * }</pre>
 */
public final class InMemoryCredentialStore implements CredentialStore {

    /** Where {@link #crashOn(Crash)} makes the store throw a {@link RotationCrash}. */
    public enum Crash {
        /** After {@link #storePending} stored the secret. */
        AFTER_STORE_PENDING,
        /** After {@link #markPending} recorded {@link RotationStep#CHANGED}. */
        AFTER_MARK_CHANGED,
        /** After {@link #markPending} recorded {@link RotationStep#VERIFIED}. */
        AFTER_MARK_VERIFIED,
        /** In {@link #promote}, before anything changed. */
        BEFORE_PROMOTE,
        /** In {@link #promote}, after the promotion was stored. */
        AFTER_PROMOTE
    }

    private static final class Entry {
        ManagedCredential credential;
        Secret current;
        Secret previous;
        PendingCredential pending;
        String lastPromoted;
    }

    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final Map<Crash, Boolean> crashes = new EnumMap<>(Crash.class);
    private final List<Runnable> checks = new ArrayList<>();
    private int pageSize = Integer.MAX_VALUE;

    /**
     * Adds a credential with its current secret, or replaces the one with that id (and its pending
     * and previous secrets).
     *
     * @param credential the credential; not null
     * @param current its current secret; the store keeps a copy; not null
     * @return this
     */
    public synchronized InMemoryCredentialStore add(ManagedCredential credential, Secret current) {
        Entry entry = new Entry();
        entry.credential = Objects.requireNonNull(credential, "credential");
        entry.current = current.copy();
        entries.put(credential.id(), entry);
        return this;
    }

    /**
     * Makes the next operation at {@code point} throw a {@link RotationCrash}, once.
     *
     * @param point where; not null
     * @return this
     */
    public synchronized InMemoryCredentialStore crashOn(Crash point) {
        crashes.put(Objects.requireNonNull(point, "point"), true);
        return this;
    }

    /**
     * Runs {@code check} after every write (including one that then crashes), e.g. an assertion that
     * the target accepts the current or the pending secret.
     *
     * @param check the check; not null
     * @return this
     */
    public synchronized InMemoryCredentialStore afterEachWrite(Runnable check) {
        checks.add(Objects.requireNonNull(check, "check"));
        return this;
    }

    /**
     * @param value the most credentials one page holds, however large the limit asked; positive
     * @return this
     */
    public synchronized InMemoryCredentialStore pageSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("A page size is positive, was " + value);
        }
        this.pageSize = value;
        return this;
    }

    /**
     * @param credentialId a credential's id
     * @return a copy of its previous secret (the current one before the last promotion); empty if none
     */
    public synchronized Optional<Secret> previous(String credentialId) {
        return Optional.ofNullable(entry(credentialId).previous).map(Secret::copy);
    }

    @Override
    public synchronized CredentialPage page(Optional<String> cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("A page limit is positive, was " + limit);
        }
        int size = Math.min(limit, pageSize);
        Map<String, Entry> tail = cursor.isEmpty() ? entries : entries.tailMap(cursor.get(), false);
        List<ManagedCredential> page = tail.values().stream().limit(size).map(e -> e.credential).toList();
        boolean more = tail.size() > page.size();
        return new CredentialPage(page, more ? Optional.of(page.get(page.size() - 1).id()) : Optional.empty());
    }

    @Override
    public synchronized Optional<ManagedCredential> find(String credentialId) {
        return Optional.ofNullable(entries.get(credentialId)).map(e -> e.credential);
    }

    @Override
    public synchronized Set<String> withPendingRotation() {
        Set<String> ids = new TreeSet<>();
        entries.forEach((id, e) -> {
            if (e.pending != null) {
                ids.add(id);
            }
        });
        return ids;
    }

    @Override
    public synchronized Secret current(String credentialId) {
        return entry(credentialId).current.copy();
    }

    @Override
    public synchronized Optional<PendingCredential> pending(String credentialId) {
        PendingCredential p = entry(credentialId).pending;
        return p == null ? Optional.empty() : Optional.of(new PendingCredential(p.credentialId(), p.rotationId(),
                p.secret().copy(), p.step(), p.createdAt()));
    }

    @Override
    public synchronized void storePending(String credentialId, String rotationId, Secret secret, Instant createdAt) {
        Entry entry = entry(credentialId);
        if (entry.pending != null) {
            if (entry.pending.rotationId().equals(rotationId)) {
                return;
            }
            throw new IllegalStateException("Credential " + credentialId + " already has a pending secret of rotation "
                    + entry.pending.rotationId() + "; it is never overwritten");
        }
        entry.pending = new PendingCredential(credentialId, rotationId, secret.copy(), RotationStep.STORED, createdAt);
        wrote(Crash.AFTER_STORE_PENDING);
    }

    @Override
    public synchronized void markPending(String credentialId, String rotationId, RotationStep step) {
        PendingCredential p = pendingOf(credentialId, rotationId);
        if (!step.isAfter(p.step())) {
            return;
        }
        entry(credentialId).pending = new PendingCredential(credentialId, rotationId, p.secret(), step, p.createdAt());
        wrote(step == RotationStep.CHANGED ? Crash.AFTER_MARK_CHANGED : Crash.AFTER_MARK_VERIFIED);
    }

    @Override
    public synchronized void promote(String credentialId, String rotationId, Instant rotatedAt) {
        Entry entry = entry(credentialId);
        if (entry.pending == null && rotationId.equals(entry.lastPromoted)) {
            return;
        }
        PendingCredential p = pendingOf(credentialId, rotationId);
        crashIfArmed(Crash.BEFORE_PROMOTE);
        entry.previous = entry.current;
        entry.current = p.secret();
        entry.pending = null;
        entry.lastPromoted = rotationId;
        ManagedCredential c = entry.credential;
        entry.credential = new ManagedCredential(c.id(), c.system(), c.kind(), c.ttl(), rotatedAt, c.policy());
        wrote(Crash.AFTER_PROMOTE);
    }

    @Override
    public synchronized void discardPending(String credentialId, String rotationId) {
        Entry entry = entry(credentialId);
        if (entry.pending != null && entry.pending.rotationId().equals(rotationId)) {
            entry.pending = null;
            wrote(null);
        }
    }

    private PendingCredential pendingOf(String credentialId, String rotationId) {
        PendingCredential p = entry(credentialId).pending;
        if (p == null || !p.rotationId().equals(rotationId)) {
            throw new IllegalStateException("Credential " + credentialId + " has no pending secret of rotation "
                    + rotationId);
        }
        return p;
    }

    private Entry entry(String credentialId) {
        Entry entry = entries.get(credentialId);
        if (entry == null) {
            throw new NoSuchElementException("No credential " + credentialId + " in the store");
        }
        return entry;
    }

    private void wrote(Crash point) {
        checks.forEach(Runnable::run);
        if (point != null) {
            crashIfArmed(point);
        }
    }

    private void crashIfArmed(Crash point) {
        if (crashes.remove(point) != null) {
            throw new RotationCrash("in the credential store, " + point);
        }
    }
}
