package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.Certificates.describe;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
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
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    private static final List<String> POLICY_PROCESSING = List.of("2.5.29.36", "2.5.29.33", "2.5.29.54");
    /** SHA-256/384/512 with RSA, RSASSA-PSS, ECDSA with SHA-256/384/512, Ed25519, Ed448. */
    private static final Set<String> COMMON_SIGNATURES = Set.of("1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12",
            "1.2.840.113549.1.1.13", "1.2.840.113549.1.1.10", "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3",
            "1.2.840.10045.4.3.4", "1.3.101.112", "1.3.101.113");

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
     *       than SHA-2 with RSA or ECDSA, RSASSA-PSS or EdDSA, or a key, the trust anchor's included, that is
     *       not RSA, EC or EdDSA, or is RSA or DSA under 2048 bits or EC under 256, well above the JDK's
     *       defaults (1024 and 224), so that a host's stricter settings are still asked.
     * </ul>
     *
     * <p>The JDK's path builder is not used either: {@link PathSearch} finds the same paths, also those that
     * do not validate, and verifies each signature once.
     *
     * @param path leaf first, trust anchor last
     * @return whether to ask the JDK's validator about the path
     */
    static boolean addsToVigilsChecks(List<X509Certificate> path) {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            if (!strongKey(c.getPublicKey())) {
                return true;
            }
            if (i == path.size() - 1) {
                break; // the trust anchor: only its key is used
            }
            if (!COMMON_SIGNATURES.contains(c.getSigAlgOID())) {
                return true;
            }
            Set<String> critical = c.getCriticalExtensionOIDs();
            if (critical != null && !CHECKED_CRITICAL.containsAll(critical)) {
                return true;
            }
            for (String oid : POLICY_PROCESSING) {
                if (c.getExtensionValue(oid) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean strongKey(PublicKey key) {
        if (key instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength() >= 2048;
        }
        if (key instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() >= 256;
        }
        return key instanceof EdECKey;
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
