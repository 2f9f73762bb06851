package dev.vigil.jobs.cert.weakkey;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Finds the weaknesses of a public key that can be seen from the key alone.
 *
 * <p>RSA keys get, most severe first:
 * <ul>
 *   <li>{@link WeakKeyId#DEBIAN_WEAK}: the modulus is on the host's {@link DebianWeakKeyBlocklist};
 *   <li>{@link WeakKeyId#FERMAT}: Fermat's method factors the modulus within {@value #FERMAT_ROUNDS}
 *       rounds starting at ceil(sqrt(N));
 *   <li>{@link WeakKeyId#SMALL_FACTOR}: a prime below {@value #SMALL_FACTOR_BOUND} divides the modulus;
 *   <li>{@link WeakKeyId#ROCA}: the modulus has the {@link RocaFingerprint};
 *   <li>{@link WeakKeyId#BAD_EXPONENT}: the public exponent is even, below 3, or exactly 3;
 *   <li>{@link WeakKeyId#SHORT_RSA}: the modulus is shorter than {@value #MINIMUM_RSA_BITS} bits.
 * </ul>
 * EC keys get {@link WeakKeyId#NON_APPROVED_CURVE} unless their domain parameters are exactly those
 * of P-256, P-384 or P-521 (compared value by value; the provider's curve name is not trusted). A key
 * whose parameters the provider does not expose counts as not approved.
 *
 * <p>Other key types — DSA, Ed25519, Ed448, X25519, post-quantum keys and anything unknown — get no
 * findings: none of these tests applies to them. A key that says it is RSA or EC but does not
 * implement {@link RSAPublicKey} or {@link ECPublicKey} (an opaque provider key) is decoded from its
 * X.509 encoding first.
 *
 * <p>Detail lines name key sizes, small exponents and curve names only, never a modulus, factor or
 * point. Immutable and thread-safe.
 *
 * <pre>{@code
 * WeakKeyInspector inspector = WeakKeyInspector.withBlocklist(DebianWeakKeyBlocklist.read(in));
 * for (WeakKeyFinding f : inspector.inspect(certificate.getPublicKey())) { ... f.id() ... }
 * }</pre>
 */
public final class WeakKeyInspector {

    /** Rounds of Fermat's method tried, starting at ceil(sqrt(N)). */
    public static final int FERMAT_ROUNDS = 100;
    /** Primes strictly below this bound are tried as factors of a modulus. */
    public static final int SMALL_FACTOR_BOUND = SmallFactors.BOUND;
    /** Moduli shorter than this many bits are reported. */
    public static final int MINIMUM_RSA_BITS = 2048;

    private static final BigInteger THREE = BigInteger.valueOf(3);
    private static final WeakKeyInspector WITHOUT_BLOCKLIST = new WeakKeyInspector(DebianWeakKeyBlocklist.empty());

    private final DebianWeakKeyBlocklist blocklist;

    private WeakKeyInspector(DebianWeakKeyBlocklist blocklist) {
        this.blocklist = blocklist;
    }

    /** @return an inspector with an empty blocklist: it never reports {@link WeakKeyId#DEBIAN_WEAK} */
    public static WeakKeyInspector create() {
        return WITHOUT_BLOCKLIST;
    }

    /**
     * @param blocklist the Debian weak-key list to match RSA moduli against; not null
     * @return an inspector that uses it
     */
    public static WeakKeyInspector withBlocklist(DebianWeakKeyBlocklist blocklist) {
        return new WeakKeyInspector(Objects.requireNonNull(blocklist, "blocklist"));
    }

    /**
     * Inspects one public key.
     *
     * @param key the key; not null
     * @return the findings, most severe first ({@link WeakKeyId} order), at most one per id; empty
     *     for a sound key and for key types no test applies to
     * @throws IllegalArgumentException when an RSA key has a modulus that is not positive or an
     *     exponent that is missing, or an RSA/EC key that is not a {@link RSAPublicKey} /
     *     {@link ECPublicKey} cannot be decoded from its encoding
     * @throws NullPointerException when the key is null
     */
    public List<WeakKeyFinding> inspect(PublicKey key) {
        Objects.requireNonNull(key, "key");
        PublicKey decoded = decodeOpaque(key);
        if (decoded instanceof RSAPublicKey rsa) {
            return inspectRsa(rsa.getModulus(), rsa.getPublicExponent());
        }
        if (decoded instanceof ECPublicKey ec) {
            return inspectEc(ec.getParams());
        }
        return List.of();
    }

    private List<WeakKeyFinding> inspectRsa(BigInteger modulus, BigInteger exponent) {
        if (modulus == null || modulus.signum() <= 0) {
            throw new IllegalArgumentException("The RSA key has no positive modulus");
        }
        if (exponent == null) {
            throw new IllegalArgumentException("The RSA key has no public exponent");
        }
        List<WeakKeyFinding> findings = new ArrayList<>(2);
        if (!blocklist.isEmpty() && blocklist.contains(modulus)) {
            findings.add(new WeakKeyFinding(WeakKeyId.DEBIAN_WEAK,
                    "RSA modulus is on the Debian weak-key blocklist (CVE-2008-0166): its private key is public"));
        }
        OptionalInt fermat = FermatFactorizer.roundsToFactor(modulus, FERMAT_ROUNDS);
        if (fermat.isPresent()) {
            findings.add(new WeakKeyFinding(WeakKeyId.FERMAT, "RSA modulus factors by Fermat's method in round "
                    + fermat.getAsInt() + " of " + FERMAT_ROUNDS + ": its two primes are too close together"));
        }
        if (SmallFactors.hasFactorBelowBound(modulus)) {
            findings.add(new WeakKeyFinding(WeakKeyId.SMALL_FACTOR,
                    "RSA modulus has a prime factor below " + SMALL_FACTOR_BOUND));
        }
        if (RocaFingerprint.isVulnerable(modulus)) {
            findings.add(new WeakKeyFinding(WeakKeyId.ROCA,
                    "RSA modulus has the ROCA fingerprint (CVE-2017-15361, Infineon RSALib): it can be factored"));
        }
        badExponent(exponent).ifPresent(detail -> findings.add(new WeakKeyFinding(WeakKeyId.BAD_EXPONENT, detail)));
        if (modulus.bitLength() < MINIMUM_RSA_BITS) {
            findings.add(new WeakKeyFinding(WeakKeyId.SHORT_RSA,
                    "RSA modulus is " + modulus.bitLength() + " bits, below " + MINIMUM_RSA_BITS));
        }
        return List.copyOf(findings);
    }

    private static Optional<String> badExponent(BigInteger e) {
        if (e.compareTo(THREE) < 0) {
            return Optional.of("RSA public exponent " + e + " is below 3");
        }
        if (e.equals(THREE)) {
            return Optional.of("RSA public exponent is 3; use 65537");
        }
        if (!e.testBit(0)) {
            return Optional.of("RSA public exponent is even, which no valid RSA key has");
        }
        return Optional.empty();
    }

    private static List<WeakKeyFinding> inspectEc(ECParameterSpec params) {
        if (params == null || params.getCurve() == null) {
            return List.of(new WeakKeyFinding(WeakKeyId.NON_APPROVED_CURVE,
                    "EC key without explicit curve parameters; cannot confirm P-256, P-384 or P-521"));
        }
        if (EcCurves.approvedName(params).isPresent()) {
            return List.of();
        }
        return List.of(new WeakKeyFinding(WeakKeyId.NON_APPROVED_CURVE,
                "EC key on " + EcCurves.describe(params) + ", not P-256, P-384 or P-521"));
    }

    /** An RSA or EC key that hides its parameters is decoded from its X.509 encoding. */
    private static PublicKey decodeOpaque(PublicKey key) {
        if (key instanceof RSAPublicKey || key instanceof ECPublicKey) {
            return key;
        }
        String algorithm = key.getAlgorithm();
        String family = "RSA".equalsIgnoreCase(algorithm) ? "RSA" : "EC".equalsIgnoreCase(algorithm) ? "EC" : null;
        if (family == null) {
            return key;
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"X.509".equalsIgnoreCase(key.getFormat())) {
            throw new IllegalArgumentException("The " + family + " key is neither a standard " + family
                    + " public key nor X.509-encoded, so it cannot be inspected");
        }
        try {
            return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The " + family + " key's X.509 encoding cannot be decoded", e);
        }
    }
}
