package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.Certificates.describe;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.EllipticCurve;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK's "PKIX" validator, with revocation checking off, for what it judges beyond Vigil's own checks
 * (see {@link #addsToVigilsChecks}), and the mapping of its failure reasons to {@link ChainStatus} ids.
 */
final class JdkPkix {
    private static final Map<CertPathValidatorException.Reason, ChainStatus> REASONS = Map.ofEntries(
            Map.entry(CertPathValidatorException.BasicReason.EXPIRED, ChainStatus.EXPIRED),
            Map.entry(CertPathValidatorException.BasicReason.NOT_YET_VALID, ChainStatus.NOT_YET_VALID),
            Map.entry(CertPathValidatorException.BasicReason.INVALID_SIGNATURE, ChainStatus.INVALID_SIGNATURE),
            Map.entry(CertPathValidatorException.BasicReason.REVOKED, ChainStatus.REVOKED),
            Map.entry(PKIXReason.NOT_CA_CERT, ChainStatus.NOT_CA_CERT),
            Map.entry(PKIXReason.PATH_TOO_LONG, ChainStatus.PATH_TOO_LONG),
            Map.entry(PKIXReason.INVALID_KEY_USAGE, ChainStatus.KEY_USAGE),
            Map.entry(PKIXReason.INVALID_NAME, ChainStatus.NAME_CONSTRAINTS));

    /** basicConstraints, keyUsage, extendedKeyUsage, subjectAltName, nameConstraints. */
    private static final Set<String> CHECKED_CRITICAL = Set.of("2.5.29.19", "2.5.29.15", "2.5.29.37", "2.5.29.17",
            "2.5.29.30");
    /** policyConstraints, policyMappings, inhibitAnyPolicy. */
    private static final Set<String> POLICY_PROCESSING = Set.of("2.5.29.36", "2.5.29.33", "2.5.29.54");
    /** SHA-256/384/512 with RSA, RSASSA-PSS, ECDSA with SHA-256/384/512, Ed25519, Ed448. */
    private static final Set<String> COMMON_SIGNATURES = Set.of("1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12",
            "1.2.840.113549.1.1.13", "1.2.840.113549.1.1.10", "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3",
            "1.2.840.10045.4.3.4", "1.3.101.112", "1.3.101.113");

    private static final Pattern KEY_SIZE_BELOW = Pattern.compile("\\S+\\s+keySize\\s*(<=|<)\\s*(\\d{1,5})");
    private static final String DISABLED_ALGORITHMS = Security.getProperty("jdk.certpath.disabledAlgorithms");
    private static final int SMALLEST_RSA_BITS = smallestAllowedKey(DISABLED_ALGORITHMS, "RSA");
    private static final Set<EllipticCurve> ALLOWED_NIST_CURVES = nistCurves(
            smallestAllowedKey(DISABLED_ALGORITHMS, "EC"), Security.getProperty("jdk.disabled.namedCurves"));

    private JdkPkix() {
    }

    /**
     * @return the id for a reason of the JDK's validator; {@link ChainStatus#OTHER} for reasons Vigil has no
     *         id for (a disabled algorithm, an unrecognised critical extension, a policy, an undetermined
     *         revocation status, no reason)
     */
    static ChainStatus statusOf(CertPathValidatorException.Reason reason) {
        return REASONS.getOrDefault(reason, ChainStatus.OTHER);
    }

    /**
     * Tells whether the JDK's validator could find in a path what {@link PathChecks} does not look for, so
     * that it runs only then: it verifies every signature again (with the JDK's provider, which for ECDSA costs
     * more than all other checks of a certificate together), and its other checks are Vigil's own. What only
     * the JDK judges, with the parameters Vigil gives it (any policy acceptable, none required, revocation
     * off):
     *
     * <ul>
     *   <li>a critical extension other than basicConstraints, keyUsage, extendedKeyUsage, subjectAltName and
     *       nameConstraints (an unrecognised one, or certificatePolicies);
     *   <li>policyConstraints, policyMappings or inhibitAnyPolicy: without them a policy cannot fail the path
     *       (RFC 5280 section 6.1: explicit_policy stays above zero);
     *   <li>the algorithm constraints ({@code jdk.certpath.disabledAlgorithms}): a signature algorithm other
     *       than SHA-2 with RSA or ECDSA, RSASSA-PSS or EdDSA; a key, the trust anchor's included, that is not
     *       RSA, EC on P-256, P-384 or P-521, or EdDSA; or an RSA or EC key below the smallest size that property
     *       allows, or on a curve {@code jdk.disabled.namedCurves} names (both read once; the JDK's default
     *       disables RSA under 1024 bits and EC under 224).
     * </ul>
     *
     * <p>The JDK's path builder is not used either: {@link PathSearch} finds the same paths, also those that
     * do not validate, and verifies each signature once.
     *
     * @param path leaf first, trust anchor last
     * @return whether to ask the JDK's validator about the path
     */
    static boolean addsToVigilsChecks(List<X509Certificate> path) {
        int anchor = path.size() - 1;
        for (int i = 0; i < anchor; i++) {
            if (addsToVigilsChecks(path.get(i))) {
                return true;
            }
        }
        return anchor >= 0 && addsToVigilsChecksAsAnchor(path.get(anchor));
    }

    /** @return {@link #addsToVigilsChecks(List)} for one certificate below the trust anchor */
    static boolean addsToVigilsChecks(X509Certificate c) {
        if (!keyTheJdkAllows(c.getPublicKey()) || !COMMON_SIGNATURES.contains(c.getSigAlgOID())) {
            return true;
        }
        Set<String> critical = c.getCriticalExtensionOIDs();
        if (critical != null && !CHECKED_CRITICAL.containsAll(critical)) {
            return true;
        }
        Set<String> nonCritical = c.getNonCriticalExtensionOIDs();
        return nonCritical != null && nonCritical.stream().anyMatch(POLICY_PROCESSING::contains);
    }

    /** @return {@link #addsToVigilsChecks(List)} for the trust anchor, of which only the key is used */
    static boolean addsToVigilsChecksAsAnchor(X509Certificate anchor) {
        return !keyTheJdkAllows(anchor.getPublicKey());
    }

    private static boolean keyTheJdkAllows(PublicKey key) {
        if (key instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength() >= SMALLEST_RSA_BITS;
        }
        if (key instanceof ECKey ec) {
            return ALLOWED_NIST_CURVES.contains(ec.getParams().getCurve());
        }
        return key instanceof EdECKey;
    }

    /** @return P-256, P-384 and P-521, but those under {@code smallestBits} or named in {@code disabledCurves} */
    private static Set<EllipticCurve> nistCurves(int smallestBits, String disabledCurves) {
        Set<EllipticCurve> curves = new HashSet<>();
        for (String name : List.of("secp256r1", "secp384r1", "secp521r1")) {
            if (disabledCurves != null && disabledCurves.contains(name)) {
                continue;
            }
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(name));
                EllipticCurve curve = parameters.getParameterSpec(ECParameterSpec.class).getCurve();
                if (curve.getField().getFieldSize() >= smallestBits) {
                    curves.add(curve);
                }
            } catch (GeneralSecurityException e) {
                // the curve is not offered here: its keys go to the JDK's validator
            }
        }
        return Set.copyOf(curves);
    }

    /**
     * @return the smallest key size of the algorithm that {@code jdk.certpath.disabledAlgorithms} allows
     *         ("RSA keySize &lt; 1024" allows 1024), 0 when it limits none, and Integer.MAX_VALUE when it disables the
     *         algorithm whole or says something about it this does not read, so that the JDK then decides
     */
    static int smallestAllowedKey(String disabledAlgorithms, String algorithm) {
        if (disabledAlgorithms == null) {
            return 0;
        }
        int smallest = 0;
        for (String entry : disabledAlgorithms.split(",")) {
            String[] words = entry.trim().split("\\s+");
            if (!words[0].equalsIgnoreCase(algorithm)) {
                continue;
            }
            Matcher m = KEY_SIZE_BELOW.matcher(entry.trim());
            if (!m.matches()) {
                return Integer.MAX_VALUE;
            }
            int size = Integer.parseInt(m.group(2));
            smallest = Math.max(smallest, m.group(1).equals("<=") ? size + 1 : size);
        }
        return smallest;
    }

    /**
     * Validates a complete path with the JDK's validator, which stops at the first problem.
     *
     * @param path a path whose last certificate is a trust anchor
     * @return the problem the JDK found, empty when it found none
     */
    static Optional<ChainProblem> validate(PathSearch.Path path, Instant at) {
        List<X509Certificate> certificates = path.certificates();
        if (certificates.size() < 2) {
            return Optional.empty();
        }
        List<X509Certificate> belowAnchor = certificates.subList(0, certificates.size() - 1);
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(belowAnchor);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(path.last(), null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            int index = e.getIndex() >= 0 && e.getIndex() < belowAnchor.size() ? e.getIndex() : 0;
            String detail = "the JDK's PKIX validator says: " + e.getMessage();
            return Optional.of(new ChainProblem(statusOf(e.getReason()), index, describe(certificates.get(index)),
                    detail));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of(new ChainProblem(ChainStatus.OTHER, 0, describe(certificates.get(0)),
                    "the JDK's PKIX validator could not run: " + e));
        }
    }
}
