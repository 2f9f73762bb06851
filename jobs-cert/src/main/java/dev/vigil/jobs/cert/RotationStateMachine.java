package dev.vigil.jobs.cert;

import dev.vigil.spi.credential.CredentialStore;
import dev.vigil.spi.credential.CredentialTarget;
import dev.vigil.spi.credential.ManagedCredential;
import dev.vigil.spi.credential.PendingCredential;
import dev.vigil.spi.credential.RotationStep;
import dev.vigil.spi.credential.Secret;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.security.SecureRandom;

/**
 * Rotates one credential, or finishes the rotation a crash or a failure left, from whatever state
 * the store recorded. The invariant it keeps at every step: the target accepts the store's current
 * secret or its pending one.
 *
 * <p>A new rotation: generate (an invalid policy stops here); the target must accept the stored
 * current secret (else nothing is done); {@linkplain CredentialStore#storePending store it pending} ({@code STORED}); change the
 * target ({@code CHANGED}); verify the new secret on the target ({@code VERIFIED}); promote it.
 *
 * <p>A pending rotation, at any step, is resumed by asking the target which secret it accepts:
 * <ul>
 *   <li>the pending one: it is marked {@code VERIFIED} and promoted (whether the crash came before
 *       or after the change, or before or during the promotion);
 *   <li>only the current one: the change never happened or did not stick; the target is changed
 *       again with the same pending secret, and the rotation goes on as a new one would;
 *   <li>neither: the item fails for manual attention, and both secrets stay stored.
 * </ul>
 *
 * <p>When the change call throws, the target is asked the same way: if it accepts the new secret
 * (the change was applied and the reply lost) the rotation goes on; if it still accepts the current
 * one and not the new one, it refused the change, and the unused pending secret is discarded so the
 * next run starts afresh; otherwise both stay stored. When the new secret fails verification after
 * a change, nothing is rolled back: the pending secret is kept for the next run, which resumes as
 * above. A rollback would be one more change on a target that just misbehaved, and it would lose
 * nothing the store does not already keep. A target that cannot be asked (it throws) ends the item
 * with every stored secret kept. Nothing is ever discarded unless the target provably accepts the
 * current secret.
 */
final class RotationStateMachine {
    private static final String MANUAL = "manual attention: the target accepts neither the current nor the pending "
            + "secret; both the current and the pending secret are kept";

    /** What a completed rotation did. */
    record Rotated(String rotationId, Optional<RotationStep> resumedFrom, boolean changedTarget) {
    }

    /** Why a rotation stopped; the message holds no secret. The state it leaves is resumable. */
    static final class RotationFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Optional<RotationStep> resumedFrom;

        RotationFailure(String message, Optional<RotationStep> resumedFrom) {
            super(message, null, false, false);
            this.resumedFrom = resumedFrom;
        }

        Optional<RotationStep> resumedFrom() {
            return resumedFrom;
        }
    }

    private final CredentialStore store;
    private final SecretGenerator generator;
    private final Clock clock;
    private final SecureRandom random;

    RotationStateMachine(CredentialStore store, SecretGenerator generator, Clock clock, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Advances the credential's rotation to its end.
     *
     * @throws RotationFailure if it stopped; every secret the target may accept is still stored
     * @throws SecretGenerator.PolicyException if its policy is invalid; nothing was stored or changed
     */
    Rotated advance(ManagedCredential credential, CredentialTarget target) {
        List<Secret> secrets = new ArrayList<>();
        Optional<RotationStep> resumedFrom = Optional.empty();
        String where = "reading the credential from the store";
        try {
            Optional<PendingCredential> pending = store.pending(credential.id());
            pending.ifPresent(p -> secrets.add(p.secret()));
            resumedFrom = pending.map(PendingCredential::step);
            Secret current = store.current(credential.id());
            secrets.add(current);
            Attempt attempt = new Attempt(credential, target, current, resumedFrom, secrets);
            try {
                return pending.isPresent() ? attempt.resume(pending.get()) : attempt.start();
            } finally {
                where = attempt.where;
            }
        } catch (RotationFailure | SecretGenerator.PolicyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RotationFailure(where + " failed: " + Redaction.describe(e, secrets)
                    + "; every stored secret is kept and the next run resumes", resumedFrom);
        } finally {
            secrets.forEach(Secret::destroy);
        }
    }

    /** One credential's rotation in this run. */
    private final class Attempt {
        private final ManagedCredential credential;
        private final CredentialTarget target;
        private final Secret current;
        private final Optional<RotationStep> resumedFrom;
        private final List<Secret> secrets;
        private String where = "reading the credential";
        private boolean changed;

        Attempt(ManagedCredential credential, CredentialTarget target, Secret current,
                Optional<RotationStep> resumedFrom, List<Secret> secrets) {
            this.credential = credential;
            this.target = target;
            this.current = current;
            this.resumedFrom = resumedFrom;
            this.secrets = secrets;
        }

        Rotated start() {
            where = "generating the new secret";
            Secret next = generator.generate(credential);
            secrets.add(next);
            where = "verifying the current secret on " + credential.system();
            if (!target.verify(credential, current)) {
                throw failure("the target does not accept the stored current secret, so it is not rotated; "
                        + "nothing was changed");
            }
            String rotationId = newRotationId();
            where = "storing the new secret as pending";
            store.storePending(credential.id(), rotationId, next, clock.instant());
            return changeThenPromote(rotationId, next);
        }

        Rotated resume(PendingCredential pending) {
            Secret next = pending.secret();
            where = "asking " + credential.system() + " which secret it accepts";
            if (target.verify(credential, next)) {
                return promote(pending.rotationId());
            }
            if (!target.verify(credential, current)) {
                throw failure(MANUAL);
            }
            return changeThenPromote(pending.rotationId(), next);
        }

        /** The target accepts the current secret; the new one is stored pending. */
        private Rotated changeThenPromote(String rotationId, Secret next) {
            where = "changing the secret on " + credential.system();
            try {
                target.change(credential, current, next);
            } catch (RuntimeException e) {
                String reason = Redaction.describe(e, secrets);
                where = "asking " + credential.system() + " which secret it accepts after a failed change";
                if (!target.verify(credential, next)) {
                    if (target.verify(credential, current)) {
                        where = "discarding the refused secret";
                        store.discardPending(credential.id(), rotationId);
                        throw failure("the target refused the change (" + reason + ") and still accepts the current "
                                + "secret, which stays in use; the unused new secret was discarded");
                    }
                    throw failure("the change failed (" + reason + "); " + MANUAL);
                }
                // The change was applied and its reply lost.
            }
            changed = true;
            where = "recording the change";
            store.markPending(credential.id(), rotationId, RotationStep.CHANGED);
            where = "verifying the new secret on " + credential.system();
            if (!target.verify(credential, next)) {
                if (target.verify(credential, current)) {
                    throw failure("the target took the change but does not accept the new secret; it still accepts "
                            + "the current secret, which stays in use; the pending secret is kept and the next run "
                            + "tries again");
                }
                throw failure("the target took the change but does not accept the new secret; " + MANUAL
                        + ", and the next run asks the target again");
            }
            return promote(rotationId);
        }

        /** The target accepts the pending secret. */
        private Rotated promote(String rotationId) {
            where = "recording the verification";
            store.markPending(credential.id(), rotationId, RotationStep.VERIFIED);
            where = "promoting the new secret";
            store.promote(credential.id(), rotationId, clock.instant());
            return new Rotated(rotationId, resumedFrom, changed);
        }

        private RotationFailure failure(String message) {
            return new RotationFailure(message, resumedFrom);
        }
    }

    private String newRotationId() {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** Keeps secrets out of messages taken from a host's exceptions. */
    static final class Redaction {
        private Redaction() {
        }

        /**
         * @return the exception's type and message, with every occurrence of a text secret's
         *     text replaced by {@code ****}
         */
        static String describe(Throwable e, List<Secret> secrets) {
            return scrub(CertificateScan.failure(e), secrets);
        }

        static String scrub(String message, List<Secret> secrets) {
            String result = message;
            for (Secret secret : secrets) {
                if (secret.isDestroyed() || secret.publicKey().isPresent()) {
                    continue;
                }
                char[] text = secret.text();
                try {
                    result = replace(result, text);
                } finally {
                    Arrays.fill(text, '\0');
                }
            }
            return result;
        }

        private static String replace(String message, char[] secret) {
            if (secret.length == 0) {
                return message;
            }
            StringBuilder out = new StringBuilder(message.length());
            int i = 0;
            while (i < message.length()) {
                if (matchesAt(message, i, secret)) {
                    out.append("****");
                    i += secret.length;
                } else {
                    out.append(message.charAt(i++));
                }
            }
            return out.toString();
        }

        private static boolean matchesAt(String message, int at, char[] secret) {
            if (at + secret.length > message.length()) {
                return false;
            }
            for (int j = 0; j < secret.length; j++) {
                if (message.charAt(at + j) != secret[j]) {
                    return false;
                }
            }
            return true;
        }
    }
}
