package dev.vigil.jobs.cert.chain;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

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
 * <p>ECDSA signatures are verified with BouncyCastle's provider, about four times faster than the JDK 17
 * provider for P-256 and three times for P-384 (measured in the {@code cert} benchmark's pool: 224 against
 * 960 µs and 961 against 2,952 µs on a loaded 2-core machine); both decode the signature strictly and give
 * the same verdicts. Other algorithms (RSA, RSASSA-PSS, EdDSA) use the JDK's providers, for RSA as fast.
 */
final class SignatureEdges {
    /** Edges kept per validator: far more intermediates than an inventory has. */
    static final int DEFAULT_CAPACITY = 4096;

    /** ecdsa-with-SHA256, -SHA384, -SHA512 (RFC 5758). */
    private static final Set<String> ECDSA_OIDS = Set.of("1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3",
            "1.2.840.10045.4.3.4");

    /** Verifies one signature; replaceable so that tests can count verifications. */
    @FunctionalInterface
    interface Verifier {
        SignatureVerdict verify(X509Certificate child, PublicKey issuerKey);
    }

    private record Edge(X509Certificate child, X509Certificate issuer) {
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

    /** @return edges verified by {@link #verifyNow} and remembered up to {@link #DEFAULT_CAPACITY} */
    static SignatureEdges create() {
        return new SignatureEdges(SignatureEdges::verifyNow, DEFAULT_CAPACITY);
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

    /** Verifies now, with BouncyCastle for ECDSA (see the type's comment) and the JDK otherwise. */
    static SignatureVerdict verifyNow(X509Certificate child, PublicKey issuerKey) {
        try {
            if (ECDSA_OIDS.contains(child.getSigAlgOID())) {
                child.verify(issuerKey, Bc.PROVIDER);
            } else {
                child.verify(issuerKey);
            }
            return SignatureVerdict.VERIFIED;
        } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
            return SignatureVerdict.unsupported(child.getSigAlgName());
        } catch (GeneralSecurityException e) {
            return SignatureVerdict.notVerified(String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            return SignatureVerdict.notVerified(e.toString());
        }
    }

    /** Holds the provider, created on first use: creating it takes a while. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
