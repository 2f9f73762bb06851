package dev.vigil.jobs.cert.lint;

import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.KeyType;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Checks a certificate against the CA/Browser Forum Baseline Requirements rules Vigil knows and the
 * host's {@link CertificatePolicy}. Rules and their ids:
 *
 * <ul>
 *   <li>{@code validity_over_398_days}, {@code validity_over_200_days}, {@code validity_over_100_days},
 *       {@code validity_over_47_days} (ERROR): exactly one applies to an end-entity certificate, chosen by
 *       its notBefore: before 2026-03-15T00:00:00Z, from then, from 2027-03-15, from 2029-03-15. The
 *       validity counts both ends: notAfter − notBefore + 1 s, in days of 86,400 s, a part day counting
 *       as a day.
 *   <li>{@code san_missing} (ERROR): an end-entity certificate without a dNSName or iPAddress in a
 *       subjectAltName extension.
 *   <li>{@code sha1_signature}, {@code md5_signature} (ERROR): signed with SHA-1 or MD5, including
 *       RSASSA-PSS with that hash.
 *   <li>{@code rsa_under_2048}, {@code rsa_modulus_not_multiple_of_8} (ERROR).
 *   <li>{@code ec_curve_not_approved} (ERROR): an EC key on a curve other than P-256, P-384, P-521; the
 *       curve is identified by its parameters (field, coefficients, base point, order, cofactor), so
 *       explicitly encoded parameters of an approved curve pass and a renamed curve does not.
 *   <li>{@code basic_constraints_ca_on_leaf} (ERROR): an end-entity certificate with cA=TRUE.
 *   <li>{@code wildcard_san} (NOTICE, ERROR when the policy forbids wildcards): a dNSName with {@code *}.
 *   <li>{@code policy_key_type_not_allowed}, {@code policy_rsa_under_minimum},
 *       {@code policy_validity_over_maximum} (ERROR): the host's policy.
 *   <li>{@code extension_malformed} (ERROR): an extension value that does not decode; rules that read it
 *       are skipped. {@code public_key_malformed} (ERROR): an RSA key that does not decode.
 *       {@code certificate_malformed} (ERROR): the certificate itself does not decode; it is then the
 *       only finding.
 * </ul>
 *
 * <p>Thread-safe; one instance serves any number of certificates.
 */
public final class Linter {
    /** The start of each validity limit, latest first. */
    private static final Instant LIMIT_200_FROM = Instant.parse("2026-03-15T00:00:00Z");
    private static final Instant LIMIT_100_FROM = Instant.parse("2027-03-15T00:00:00Z");
    private static final Instant LIMIT_47_FROM = Instant.parse("2029-03-15T00:00:00Z");
    private static final long SECONDS_PER_DAY = 86_400;

    private static final List<ASN1ObjectIdentifier> SHA1_SIGNATURES = List.of(
            PKCSObjectIdentifiers.sha1WithRSAEncryption, X9ObjectIdentifiers.ecdsa_with_SHA1,
            X9ObjectIdentifiers.id_dsa_with_sha1, OIWObjectIdentifiers.sha1WithRSA, OIWObjectIdentifiers.dsaWithSHA1);
    private static final List<ASN1ObjectIdentifier> MD5_SIGNATURES = List.of(
            PKCSObjectIdentifiers.md5WithRSAEncryption, OIWObjectIdentifiers.md5WithRSA);
    private static final Map<String, X9ECParameters> APPROVED_CURVES = Map.of(
            "P-256", NISTNamedCurves.getByName("P-256"),
            "P-384", NISTNamedCurves.getByName("P-384"),
            "P-521", NISTNamedCurves.getByName("P-521"));

    private final CertificatePolicy policy;

    private Linter(CertificatePolicy policy) {
        this.policy = policy;
    }

    /** @return a linter with the CA/B Forum rules and nothing more ({@link CertificatePolicy#baseline()}) */
    public static Linter baseline() {
        return new Linter(CertificatePolicy.baseline());
    }

    /** @return a linter with the CA/B Forum rules and the host's policy @throws NullPointerException if null */
    public static Linter withPolicy(CertificatePolicy policy) {
        return new Linter(Objects.requireNonNull(policy, "policy"));
    }

    /** @return the policy this linter applies on top of the CA/B Forum rules */
    public CertificatePolicy policy() {
        return policy;
    }

    /**
     * Lints a certificate presented as an end-entity (subscriber) certificate.
     *
     * @param certificate not null
     * @return the findings, errors first, then by rule id; empty when the certificate passes
     */
    public List<LintFinding> lint(X509Certificate certificate) {
        return lint(certificate, CertificateRole.END_ENTITY);
    }

    /**
     * Lints a certificate in a role. A certificate that does not decode gives the single finding
     * {@code certificate_malformed}, never an exception.
     *
     * @param certificate not null
     * @param role how the certificate is used; not null
     * @return the findings, errors first, then by rule id; empty when the certificate passes
     */
    public List<LintFinding> lint(X509Certificate certificate, CertificateRole role) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(role, "role");
        ParsedCertificate parsed;
        try {
            parsed = ParsedCertificate.of(certificate);
        } catch (ParsedCertificate.MalformedCertificateException e) {
            return List.of(new LintFinding("certificate_malformed", Severity.ERROR, e.getMessage()));
        }
        List<LintFinding> findings = new ArrayList<>();
        for (ASN1ObjectIdentifier oid : parsed.malformedExtensions()) {
            findings.add(error("extension_malformed", "extension " + extensionName(oid) + " does not decode"));
        }
        checkSignature(parsed.signatureAlgorithm, findings);
        checkKey(parsed, findings);
        if (role == CertificateRole.END_ENTITY) {
            checkValidity(parsed, findings);
            checkNames(parsed, findings);
            parsed.basicConstraints.filter(b -> b.isCA()).ifPresent(b -> findings.add(error(
                    "basic_constraints_ca_on_leaf", "an end-entity certificate has basicConstraints cA=TRUE")));
        }
        findings.sort(LintFinding.ORDER);
        return List.copyOf(findings);
    }

    /** @return the validity in days as the CA/B Forum counts it: both ends inclusive, a part day a day */
    static long validityDays(Instant notBefore, Instant notAfter) {
        long seconds = notAfter.getEpochSecond() - notBefore.getEpochSecond() + 1;
        return Math.floorDiv(seconds + SECONDS_PER_DAY - 1, SECONDS_PER_DAY);
    }

    private void checkValidity(ParsedCertificate parsed, List<LintFinding> findings) {
        long days = validityDays(parsed.notBefore, parsed.notAfter);
        int limit;
        String since;
        if (parsed.notBefore.isBefore(LIMIT_200_FROM)) {
            limit = 398;
            since = "issued before " + LIMIT_200_FROM;
        } else if (parsed.notBefore.isBefore(LIMIT_100_FROM)) {
            limit = 200;
            since = "issued from " + LIMIT_200_FROM;
        } else if (parsed.notBefore.isBefore(LIMIT_47_FROM)) {
            limit = 100;
            since = "issued from " + LIMIT_100_FROM;
        } else {
            limit = 47;
            since = "issued from " + LIMIT_47_FROM;
        }
        if (days > limit) {
            findings.add(error("validity_over_" + limit + "_days", "validity of " + days + " days exceeds the "
                    + limit + " days allowed for certificates " + since + " (notBefore " + parsed.notBefore + ")"));
        }
        if (policy.maxValidityDays().isPresent() && days > policy.maxValidityDays().getAsInt()) {
            findings.add(error("policy_validity_over_maximum", "validity of " + days + " days exceeds the policy's "
                    + policy.maxValidityDays().getAsInt() + " days"));
        }
    }

    private void checkNames(ParsedCertificate parsed, List<LintFinding> findings) {
        if (parsed.isMalformed(Extension.subjectAlternativeName)) {
            return;
        }
        boolean hasHostName = false;
        List<String> wildcards = new ArrayList<>();
        for (GeneralName name : parsed.subjectAltNames.map(n -> n.getNames()).orElse(new GeneralName[0])) {
            if (name.getTagNo() == GeneralName.iPAddress) {
                hasHostName = true;
            } else if (name.getTagNo() == GeneralName.dNSName) {
                hasHostName = true;
                String dnsName = name.getName().toString();
                if (dnsName.contains("*")) {
                    wildcards.add(dnsName);
                }
            }
        }
        if (!hasHostName) {
            findings.add(error("san_missing", parsed.subjectAltNames.isEmpty()
                    ? "no subjectAltName extension" : "the subjectAltName extension has no dNSName or iPAddress"));
        }
        if (!wildcards.isEmpty()) {
            findings.add(new LintFinding("wildcard_san", policy.forbidWildcards() ? Severity.ERROR : Severity.NOTICE,
                    "wildcard dNSName " + String.join(", ", wildcards)
                            + (policy.forbidWildcards() ? ", which the policy forbids" : "")));
        }
    }

    static void checkSignature(AlgorithmIdentifier algorithm, List<LintFinding> findings) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        ASN1ObjectIdentifier hash = null;
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            hash = pssHash(algorithm.getParameters());
        }
        if (SHA1_SIGNATURES.contains(oid) || OIWObjectIdentifiers.idSHA1.equals(hash)) {
            findings.add(error("sha1_signature", "signed with SHA-1 (" + oid.getId() + ")"));
        } else if (MD5_SIGNATURES.contains(oid) || PKCSObjectIdentifiers.md5.equals(hash)) {
            findings.add(error("md5_signature", "signed with MD5 (" + oid.getId() + ")"));
        }
    }

    /** @return the hash of RSASSA-PSS parameters; SHA-1 when absent, as RFC 4055 defaults it */
    private static ASN1ObjectIdentifier pssHash(ASN1Encodable parameters) {
        if (parameters == null || parameters instanceof DERNull) {
            return OIWObjectIdentifiers.idSHA1;
        }
        try {
            return RSASSAPSSparams.getInstance(parameters).getHashAlgorithm().getAlgorithm();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void checkKey(ParsedCertificate parsed, List<LintFinding> findings) {
        AlgorithmIdentifier algorithm = parsed.publicKey.getAlgorithm();
        KeyType type = keyType(algorithm.getAlgorithm());
        if (!policy.allowedKeyTypes().contains(type)) {
            findings.add(error("policy_key_type_not_allowed", "key type " + type + " ("
                    + algorithm.getAlgorithm().getId() + ") is not among the policy's " + policy.allowedKeyTypes()));
        }
        if (type == KeyType.RSA) {
            checkRsa(parsed, findings);
        } else if (type == KeyType.EC) {
            checkCurve(algorithm.getParameters(), findings);
        }
    }

    private void checkRsa(ParsedCertificate parsed, List<LintFinding> findings) {
        BigInteger modulus;
        try {
            modulus = RSAPublicKey.getInstance(parsed.publicKey.parsePublicKey()).getModulus();
        } catch (IOException | RuntimeException e) {
            findings.add(error("public_key_malformed", "the RSA public key does not decode"));
            return;
        }
        int bits = modulus.bitLength();
        if (bits < 2048) {
            findings.add(error("rsa_under_2048", "RSA modulus of " + bits + " bits, at least 2048 required"));
        } else if (bits < policy.minimumRsaBits()) {
            findings.add(error("policy_rsa_under_minimum", "RSA modulus of " + bits + " bits, the policy requires "
                    + policy.minimumRsaBits()));
        }
        if (bits % 8 != 0) {
            findings.add(error("rsa_modulus_not_multiple_of_8", "RSA modulus of " + bits
                    + " bits, not a multiple of 8"));
        }
    }

    private static void checkCurve(ASN1Encodable parameters, List<LintFinding> findings) {
        Optional<X9ECParameters> curve = curveParameters(parameters);
        if (curve.isEmpty()) {
            findings.add(error("ec_curve_not_approved", "EC key on an unknown curve " + describe(parameters)
                    + "; only P-256, P-384 and P-521 are allowed"));
            return;
        }
        boolean approved = APPROVED_CURVES.values().stream().anyMatch(known -> sameCurve(known, curve.get()));
        if (!approved) {
            findings.add(error("ec_curve_not_approved", "EC key on curve " + describe(parameters) + " ("
                    + curve.get().getCurve().getFieldSize() + "-bit field); only P-256, P-384 and P-521 are allowed"));
        }
    }

    /** @return the curve's domain parameters, whether the key names the curve or spells it out */
    private static Optional<X9ECParameters> curveParameters(ASN1Encodable parameters) {
        try {
            X962Parameters x962 = X962Parameters.getInstance(parameters);
            if (x962.isNamedCurve()) {
                return Optional.ofNullable(ECNamedCurveTable.getByOID((ASN1ObjectIdentifier) x962.getParameters()));
            }
            if (x962.isImplicitlyCA()) {
                return Optional.empty();
            }
            return Optional.of(X9ECParameters.getInstance(x962.getParameters()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean sameCurve(X9ECParameters a, X9ECParameters b) {
        return a.getCurve().equals(b.getCurve()) && a.getG().equals(b.getG()) && a.getN().equals(b.getN())
                && cofactor(a).equals(cofactor(b));
    }

    /** An explicit encoding may leave out the cofactor; the approved curves' cofactor is 1. */
    private static BigInteger cofactor(X9ECParameters parameters) {
        return parameters.getH() == null ? BigInteger.ONE : parameters.getH();
    }

    private static String describe(ASN1Encodable parameters) {
        if (parameters instanceof ASN1ObjectIdentifier oid) {
            String name = ECNamedCurveTable.getName(oid);
            return name == null ? oid.getId() : name + " (" + oid.getId() + ")";
        }
        return parameters == null ? "(no parameters)" : "(explicit parameters)";
    }

    /**
     * @param oid a SubjectPublicKeyInfo algorithm
     * @return the kind of key it names; {@link KeyType#OTHER} for one Vigil does not know
     */
    public static KeyType keyType(ASN1ObjectIdentifier oid) {
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption) || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return KeyType.RSA;
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return KeyType.EC;
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return KeyType.ED25519;
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
            return KeyType.ED448;
        }
        if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
            return KeyType.DSA;
        }
        return KeyType.OTHER;
    }

    private static String extensionName(ASN1ObjectIdentifier oid) {
        if (oid.equals(Extension.subjectAlternativeName)) {
            return "subjectAltName (" + oid.getId() + ")";
        }
        if (oid.equals(Extension.basicConstraints)) {
            return "basicConstraints (" + oid.getId() + ")";
        }
        return oid.getId();
    }

    private static LintFinding error(String ruleId, String message) {
        return new LintFinding(ruleId, Severity.ERROR, message);
    }
}
