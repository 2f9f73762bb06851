package dev.vigil.jobs.cert.chain;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The signature verdicts of one {@link ChainValidator}: whether an issuer's key verifies a certificate's
 * signature, remembered for certificates that are CAs, so that an intermediate that thousands of leaves share
 * has its signature verified once per validator rather than once per leaf. Thread-safe.
 *
 * <p>An edge is the child certificate and the issuer certificate, both compared by their whole encoding
 * ({@link java.security.cert.Certificate#equals}): equal edges are the same signature over the same bytes
 * checked with the same key, so the verdict is the same whenever it is asked. Only the verdict is
 * remembered, never anything that depends on the validation instant. Leaves are not remembered: an
 * inventory meets each leaf once per run, so remembering them would only push the shared intermediates out.
 * At most {@link #DEFAULT_CAPACITY} edges are kept, the least recently used leaving first.
 *
 * <p>Signatures are verified by a {@link SignatureVerifier}, which for ECDSA is much faster than the JDK 17
 * provider.
 */
final class SignatureEdges {
    /** Edges kept per validator: far more intermediates than an inventory has. */
    static final int DEFAULT_CAPACITY = 4096;

    /** Verifies one signature; replaceable so that tests can count verifications. */
    @FunctionalInterface
    interface Verifier {
        SignatureVerdict verify(X509Certificate child, PublicKey issuerKey);
    }

    private record Edge(X509Certificate child, X509Certificate issuer) {
        // Written out: the generated ones go through method handles, a measurable part of a validation.
        @Override
        public boolean equals(Object o) {
            return o instanceof Edge e && child.equals(e.child) && issuer.equals(e.issuer);
        }

        @Override
        public int hashCode() {
            return 31 * child.hashCode() + issuer.hashCode();
        }
    }

    private final Verifier verifier;
    private final Map<Edge, SignatureVerdict> verdicts;

    SignatureEdges(Verifier verifier, int capacity) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.verdicts = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Edge, SignatureVerdict> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return edges verified by a new {@link SignatureVerifier} and remembered up to {@link #DEFAULT_CAPACITY} */
    static SignatureEdges create() {
        return new SignatureEdges(new SignatureVerifier()::verify, DEFAULT_CAPACITY);
    }

    /**
     * @return whether {@code issuer}'s key verifies {@code child}'s signature; from memory when the child is
     *         a CA whose edge was verified before
     */
    SignatureVerdict verify(X509Certificate child, X509Certificate issuer) {
        if (child.getBasicConstraints() < 0) {
            return verifier.verify(child, issuer.getPublicKey());
        }
        Edge edge = new Edge(child, issuer);
        synchronized (verdicts) {
            SignatureVerdict known = verdicts.get(edge);
            if (known != null) {
                return known;
            }
        }
        // Two threads may verify the same edge at once; both reach the same verdict.
        SignatureVerdict verdict = verifier.verify(child, issuer.getPublicKey());
        synchronized (verdicts) {
            verdicts.put(edge, verdict);
        }
        return verdict;
    }

    /** @return how many edges are remembered */
    int size() {
        synchronized (verdicts) {
            return verdicts.size();
        }
    }
}
