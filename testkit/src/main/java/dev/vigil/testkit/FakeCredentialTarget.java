package dev.vigil.testkit;

import dev.vigil.spi.credential.CredentialTarget;
import dev.vigil.spi.credential.CredentialTargets;
import dev.vigil.spi.credential.ManagedCredential;
import dev.vigil.spi.credential.Secret;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CredentialTarget} for tests of {@code cert.credential-rotation}: one integrated system
 * that holds, per credential (an account, an API key), the one secret it accepts (for a key pair,
 * only the public key, and it verifies a secret by checking a signature the private key makes). It can be down, refuse changes, take a
 * change and then fail every verification ({@link #failVerifyAfterChange(boolean)}), take a change
 * and then throw (a lost reply), and crash at a point a test chooses with {@link #crashOn(Crash)}.
 * It counts the changes it applied. A check registered with {@link #afterEachChange(Runnable)} runs
 * after every applied change. Thread-safe.
 *
 * <pre>{@code
 * FakeCredentialTarget digicert = FakeCredentialTarget.named("digicert").accepting("ca-api", oldToken);
 * JobHarness.forJob(job).service(CredentialTargets.class, FakeCredentialTarget.registry(digicert))...
 * }</pre>
 */
public final class FakeCredentialTarget implements CredentialTarget {

    /** Where {@link #crashOn(Crash)} makes the target throw a {@link RotationCrash}. */
    public enum Crash {
        /** In {@link #change}, before the change is applied. */
        BEFORE_CHANGE,
        /** In {@link #change}, after the change is applied. */
        AFTER_CHANGE,
        /** In {@link #verify}, after the system answered. */
        AFTER_VERIFY
    }

    private static final byte[] CHALLENGE = "vigil fake target challenge".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final String system;
    private final Map<String, byte[]> accepted = new HashMap<>();
    private boolean down;
    private boolean refuseChanges;
    private boolean failVerify;
    private boolean throwAfterNextChange;
    private boolean failVerifyAfterChange;
    private int changes;
    private int verifications;
    private final Map<Crash, Integer> crashes = new EnumMap<>(Crash.class);
    private final Map<Crash, Integer> seen = new EnumMap<>(Crash.class);
    private final List<Runnable> checks = new ArrayList<>();

    private FakeCredentialTarget(String system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    /**
     * @param system the name {@link CredentialTargets#find} answers to; not null
     * @return a target that accepts nothing until {@link #accepting(String, Secret)}
     */
    public static FakeCredentialTarget named(String system) {
        return new FakeCredentialTarget(system);
    }

    /**
     * @param targets the targets; none null
     * @return the host service that finds them by {@link #system()}
     */
    public static CredentialTargets registry(FakeCredentialTarget... targets) {
        Map<String, CredentialTarget> bySystem = new HashMap<>();
        for (FakeCredentialTarget t : targets) {
            bySystem.put(t.system, t);
        }
        return name -> Optional.ofNullable(bySystem.get(name));
    }

    /** @return the system's name */
    public String system() {
        return system;
    }

    /**
     * @param credentialId the credential (the account on this system); not null
     * @param secret the secret the system accepts for it from now on (a key pair's public key); not null
     * @return this
     */
    public synchronized FakeCredentialTarget accepting(String credentialId, Secret secret) {
        accepted.put(Objects.requireNonNull(credentialId, "credentialId"), acceptedForm(secret));
        return this;
    }

    /**
     * Whether the system accepts a secret, asked directly: never down, never counted, never crashing.
     *
     * @param credentialId the credential; not null
     * @param secret a secret; not null
     * @return whether it is the one the system holds for that credential
     */
    public synchronized boolean accepts(String credentialId, Secret secret) {
        byte[] accepted = this.accepted.get(credentialId);
        if (accepted == null) {
            return false;
        }
        Optional<byte[]> publicKey = secret.publicKey();
        if (publicKey.isEmpty()) {
            byte[] value = secret.value();
            try {
                return java.security.MessageDigest.isEqual(value, accepted);
            } finally {
                Arrays.fill(value, (byte) 0);
            }
        }
        return Arrays.equals(publicKey.get(), accepted) && signs(secret, publicKey.get());
    }

    /** @param value whether every call throws, as an unreachable system @return this */
    public synchronized FakeCredentialTarget down(boolean value) {
        this.down = value;
        return this;
    }

    /** @param value whether {@link #change} throws without applying the change @return this */
    public synchronized FakeCredentialTarget refuseChanges(boolean value) {
        this.refuseChanges = value;
        return this;
    }

    /** @param value whether {@link #verify} answers {@code false} whatever it is given @return this */
    public synchronized FakeCredentialTarget failVerify(boolean value) {
        this.failVerify = value;
        return this;
    }

    /**
     * @param value whether an applied change turns {@link #failVerify(boolean)} on: the system takes
     *     the new secret but its verification breaks until the test calls {@code failVerify(false)}
     * @return this
     */
    public synchronized FakeCredentialTarget failVerifyAfterChange(boolean value) {
        this.failVerifyAfterChange = value;
        return this;
    }

    /** Makes the next {@link #change} apply the change and then throw, as a lost reply. @return this */
    public synchronized FakeCredentialTarget throwAfterNextChange() {
        this.throwAfterNextChange = true;
        return this;
    }

    /**
     * Makes the first call that reaches {@code point} throw a {@link RotationCrash}.
     *
     * @param point where; not null
     * @return this
     */
    public FakeCredentialTarget crashOn(Crash point) {
        return crashOn(point, 1);
    }

    /**
     * Makes the {@code occurrence}-th call from now that reaches {@code point} throw a {@link RotationCrash}, once.
     *
     * @param point where; not null
     * @param occurrence 1 for the next call, 2 for the one after; positive
     * @return this
     */
    public synchronized FakeCredentialTarget crashOn(Crash point, int occurrence) {
        if (occurrence < 1) {
            throw new IllegalArgumentException("occurrence is positive, was " + occurrence);
        }
        crashes.put(Objects.requireNonNull(point, "point"), occurrence);
        seen.put(point, 0);
        return this;
    }

    /** @param check run after every applied change; not null @return this */
    public synchronized FakeCredentialTarget afterEachChange(Runnable check) {
        checks.add(Objects.requireNonNull(check, "check"));
        return this;
    }

    /** @return how many changes the system applied */
    public synchronized int changes() {
        return changes;
    }

    /** @return how many times {@link #verify} asked the system */
    public synchronized int verifications() {
        return verifications;
    }

    @Override
    public synchronized void change(ManagedCredential credential, Secret current, Secret next) {
        if (down) {
            throw new IllegalStateException("system " + system + " is unreachable");
        }
        crashIfDue(Crash.BEFORE_CHANGE);
        if (!accepts(credential.id(), current)) {
            throw new IllegalStateException("system " + system + " refused the change: authentication failed");
        }
        if (refuseChanges) {
            throw new IllegalStateException("system " + system + " refused the change");
        }
        accepted.put(credential.id(), acceptedForm(next));
        changes++;
        if (failVerifyAfterChange) {
            failVerify = true;
        }
        checks.forEach(Runnable::run);
        crashIfDue(Crash.AFTER_CHANGE);
        if (throwAfterNextChange) {
            throwAfterNextChange = false;
            throw new IllegalStateException("system " + system + " timed out answering the change");
        }
    }

    @Override
    public synchronized boolean verify(ManagedCredential credential, Secret secret) {
        if (down) {
            throw new IllegalStateException("system " + system + " is unreachable");
        }
        verifications++;
        boolean answer = !failVerify && accepts(credential.id(), secret);
        crashIfDue(Crash.AFTER_VERIFY);
        return answer;
    }

    private void crashIfDue(Crash point) {
        Integer at = crashes.get(point);
        if (at == null) {
            return;
        }
        int count = seen.merge(point, 1, Integer::sum);
        if (count == at) {
            crashes.remove(point);
            throw new RotationCrash("in target " + system + ", " + point);
        }
    }

    private static byte[] acceptedForm(Secret secret) {
        return secret.publicKey().orElseGet(secret::value);
    }

    private static boolean signs(Secret secret, byte[] publicKeyDer) {
        byte[] pkcs8 = secret.value();
        try {
            for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
                PublicKey publicKey;
                try {
                    publicKey = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(publicKeyDer));
                } catch (GeneralSecurityException notThisAlgorithm) {
                    continue;
                }
                PrivateKey privateKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                String signatureAlgorithm = switch (algorithm) {
                    case "EC" -> "SHA256withECDSA";
                    case "RSA" -> "SHA256withRSA";
                    default -> "Ed25519";
                };
                Signature signer = Signature.getInstance(signatureAlgorithm);
                signer.initSign(privateKey);
                signer.update(CHALLENGE);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(signatureAlgorithm);
                verifier.initVerify(publicKey);
                verifier.update(CHALLENGE);
                return verifier.verify(signature);
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }
}
