package dev.vigil.testkit;

import dev.vigil.spi.cert.CertificateKeys;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link CertificateKeys} in memory: the private keys of certificates (signing with the real key),
 * pending keys by request id, what was promoted and discarded. It can crash once after a call's
 * effect ({@link #crashOn}). Thread-safe. Its messages never carry key material.
 */
public final class InMemoryCertificateKeys implements CertificateKeys {
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "DSA");

    /** Where {@link #crashOn(Call)} can make the store crash, once, after its effect. */
    public enum Call {
        /** {@link CertificateKeys#sign}, after signing. */
        SIGN,
        /** {@link CertificateKeys#storePendingKey}, after storing. */
        STORE_PENDING_KEY,
        /** {@link CertificateKeys#promoteKey}, after promoting. */
        PROMOTE_KEY,
        /** {@link CertificateKeys#discardPendingKey}, after discarding. */
        DISCARD_PENDING_KEY
    }

    private final Map<String, PrivateKey> keys = new HashMap<>();
    private final Map<String, byte[]> pending = new HashMap<>();
    private final Map<String, String> promoted = new HashMap<>();
    private final Set<String> discarded = new TreeSet<>();
    private final CrashPoints<Call> crashes = new CrashPoints<>();

    /**
     * @param certificateId an inventory certificate's id; not null
     * @param key its private key; not null
     * @return this
     */
    public synchronized InMemoryCertificateKeys put(String certificateId, PrivateKey key) {
        keys.put(Objects.requireNonNull(certificateId, "certificateId"), Objects.requireNonNull(key, "key"));
        return this;
    }

    /** @param call where to crash once, after the effect; not null @return this */
    public InMemoryCertificateKeys crashOn(Call call) {
        crashes.arm(call);
        return this;
    }

    /** @param certificateId a certificate @return its private key, if held */
    public synchronized Optional<PrivateKey> key(String certificateId) {
        return Optional.ofNullable(keys.get(certificateId));
    }

    /** @return the request ids with a pending key now */
    public synchronized Set<String> pendingKeys() {
        return Set.copyOf(pending.keySet());
    }

    /** @return the new certificate ids keys were promoted to, by request id */
    public synchronized Map<String, String> promoted() {
        return Map.copyOf(promoted);
    }

    /** @return the request ids whose pending key was discarded */
    public synchronized Set<String> discarded() {
        return Set.copyOf(discarded);
    }

    @Override
    public byte[] sign(String certificateId, String jcaSignatureAlgorithm, byte[] data) {
        PrivateKey key;
        synchronized (this) {
            key = keys.get(certificateId);
        }
        if (key == null) {
            throw new IllegalStateException("no private key is held for certificate " + certificateId);
        }
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(jcaSignatureAlgorithm);
            signer.initSign(key);
            signer.update(data);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the key of certificate " + certificateId + " using "
                    + jcaSignatureAlgorithm + ": " + e.getClass().getSimpleName(), e);
        }
        crashes.pass(Call.SIGN, "sign for " + certificateId);
        return signature;
    }

    @Override
    public void storePendingKey(String requestId, byte[] pkcs8) {
        Objects.requireNonNull(requestId, "requestId");
        byte[] copy = Objects.requireNonNull(pkcs8, "pkcs8").clone();
        synchronized (this) {
            byte[] old = pending.put(requestId, copy);
            if (old != null) {
                Arrays.fill(old, (byte) 0);
            }
        }
        crashes.pass(Call.STORE_PENDING_KEY, "storePendingKey of " + requestId);
    }

    @Override
    public synchronized boolean hasPendingKey(String requestId) {
        return pending.containsKey(requestId);
    }

    @Override
    public void promoteKey(String requestId, String newCertificateId) {
        Objects.requireNonNull(newCertificateId, "newCertificateId");
        synchronized (this) {
            byte[] pkcs8 = pending.get(requestId);
            if (pkcs8 == null) {
                if (!newCertificateId.equals(promoted.get(requestId))) {
                    throw new IllegalStateException("no pending key is stored for request " + requestId);
                }
            } else {
                keys.put(newCertificateId, parse(pkcs8));
                promoted.put(requestId, newCertificateId);
                Arrays.fill(pending.remove(requestId), (byte) 0);
            }
        }
        crashes.pass(Call.PROMOTE_KEY, "promoteKey of " + requestId);
    }

    @Override
    public void discardPendingKey(String requestId) {
        synchronized (this) {
            byte[] pkcs8 = pending.remove(requestId);
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
                discarded.add(requestId);
            }
        }
        crashes.pass(Call.DISCARD_PENDING_KEY, "discardPendingKey of " + requestId);
    }

    private static PrivateKey parse(byte[] pkcs8) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException("the pending key is not a PKCS#8 key of a known algorithm");
    }

    /** @return where this fake crashed so far, in order (each armed point fires once) */
    public List<String> crashesFired() {
        return crashes.fired();
    }
}
