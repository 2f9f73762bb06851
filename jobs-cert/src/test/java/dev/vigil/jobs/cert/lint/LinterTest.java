package dev.vigil.jobs.cert.lint;

import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.KeyType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinterTest {
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=Lint Root");
    private static final Instant JAN_2026 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Linter BASELINE = Linter.baseline();

    private static TestPki.CertificateSpec leaf() {
        return TestPki.leaf(ROOT).subject("CN=www.example.com").dnsNames("www.example.com");
    }

    private static List<String> ids(List<LintFinding> findings) {
        return findings.stream().map(LintFinding::ruleId).toList();
    }

    @Test
    void aWellFormedNinetyDayCertificatePassesEveryRule() {
        assertThat(BASELINE.lint(leaf().issue())).isEmpty();
    }

    @Test
    void validityCountsBothEndsAndAnyPartOfADayAsADay() {
        Instant from = JAN_2026;
        assertThat(Linter.validityDays(from, from)).isEqualTo(1);
        assertThat(Linter.validityDays(from, from.plusSeconds(86_399))).isEqualTo(1);
        assertThat(Linter.validityDays(from, from.plusSeconds(86_400))).isEqualTo(2);
        assertThat(Linter.validityDays(from, from.plus(Duration.ofDays(398)).minusSeconds(1))).isEqualTo(398);
        assertThat(Linter.validityDays(from, from.plus(Duration.ofDays(398)))).isEqualTo(399);
    }

    /** notAfter = notBefore + days − seconds; the expected finding, or none. */
    @ParameterizedTest(name = "notBefore {0}, {1} days minus {2} s -> {3}")
    @CsvSource({
        // 398-day rule, before 2026-03-15
        "2026-01-01T00:00:00Z, 398, 1, none",
        "2026-01-01T00:00:00Z, 398, 0, validity_over_398_days",
        "2026-03-14T23:59:59Z, 398, 1, none",
        "2026-03-14T23:59:59Z, 398, 0, validity_over_398_days",
        "2026-03-14T23:59:59Z, 300, 0, none",
        // 200-day rule from 2026-03-15
        "2026-03-15T00:00:00Z, 200, 1, none",
        "2026-03-15T00:00:00Z, 200, 0, validity_over_200_days",
        "2026-03-15T00:00:00Z, 300, 0, validity_over_200_days",
        "2027-03-14T23:59:59Z, 200, 1, none",
        "2027-03-14T23:59:59Z, 200, 0, validity_over_200_days",
        "2027-03-14T23:59:59Z, 150, 0, none",
        // 100-day rule from 2027-03-15
        "2027-03-15T00:00:00Z, 100, 1, none",
        "2027-03-15T00:00:00Z, 100, 0, validity_over_100_days",
        "2027-03-15T00:00:00Z, 150, 0, validity_over_100_days",
        "2029-03-14T23:59:59Z, 100, 1, none",
        "2029-03-14T23:59:59Z, 100, 0, validity_over_100_days",
        "2029-03-14T23:59:59Z, 60, 0, none",
        // 47-day rule from 2029-03-15
        "2029-03-15T00:00:00Z, 47, 1, none",
        "2029-03-15T00:00:00Z, 47, 0, validity_over_47_days",
        "2029-03-15T00:00:00Z, 398, 0, validity_over_47_days",
    })
    void theValidityRuleOfTheNotBeforeDateDecides(String notBefore, int days, int lessSeconds, String expected) {
        Instant from = Instant.parse(notBefore);
        X509Certificate certificate = leaf().validity(from, from.plus(Duration.ofDays(days)).minusSeconds(lessSeconds))
                .issue();

        List<String> validityFindings = ids(BASELINE.lint(certificate)).stream()
                .filter(id -> id.startsWith("validity_")).toList();

        assertThat(validityFindings).isEqualTo(expected.equals("none") ? List.of() : List.of(expected));
    }

    @Test
    void sanMissingWithoutTheExtension() {
        List<LintFinding> findings = BASELINE.lint(TestPki.leaf(ROOT).subject("CN=www.example.com").issue());

        assertThat(findings).extracting(LintFinding::ruleId).containsExactly("san_missing");
        assertThat(findings.get(0).severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void sanMissingWhenTheExtensionHoldsNoHostName() throws IOException {
        GeneralNames mailOnly = new GeneralNames(new GeneralName(GeneralName.rfc822Name, "ops@example.com"));
        X509Certificate certificate = TestPki.leaf(ROOT)
                .extension(new Extension(Extension.subjectAlternativeName, false, mailOnly.getEncoded()))
                .issue();

        assertThat(ids(BASELINE.lint(certificate))).containsExactly("san_missing");
    }

    @Test
    void anIpAddressAloneIsEnoughForTheSanRule() {
        X509Certificate certificate = TestPki.leaf(ROOT).ipAddresses("192.0.2.10").issue();

        assertThat(BASELINE.lint(certificate)).isEmpty();
    }

    @Test
    void sha1SignatureIsAnError() {
        List<LintFinding> findings = BASELINE.lint(leaf().signatureAlgorithm("SHA1withRSA").issue());

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("sha1_signature");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
        });
    }

    @Test
    void md5SignatureIsAnError() {
        assertThat(ids(BASELINE.lint(leaf().signatureAlgorithm("MD5withRSA").issue()))).containsExactly("md5_signature");
    }

    @Test
    void sha384IsNeitherSha1NorMd5() {
        assertThat(BASELINE.lint(leaf().signatureAlgorithm("SHA384withRSA").issue())).isEmpty();
    }

    @Test
    void rsaPssTakesItsHashFromTheParametersWithSha1AsTheDefault() {
        List<LintFinding> defaults = new ArrayList<>();
        Linter.checkSignature(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, new RSASSAPSSparams()),
                defaults);
        List<LintFinding> sha256 = new ArrayList<>();
        AlgorithmIdentifier sha256Hash = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        Linter.checkSignature(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, new RSASSAPSSparams(
                sha256Hash, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256Hash),
                new org.bouncycastle.asn1.ASN1Integer(32), RSASSAPSSparams.DEFAULT_TRAILER_FIELD)), sha256);

        assertThat(ids(defaults)).containsExactly("sha1_signature");
        assertThat(sha256).isEmpty();
    }

    @Test
    void rsaUnder2048BitsIsAnError() {
        assertThat(ids(BASELINE.lint(leaf().keys(TestPki.rsa(1024, "lint-1024")).issue())))
                .containsExactly("rsa_under_2048");
    }

    @Test
    void rsaModulusThatIsNotAWholeNumberOfBytesIsAnError() {
        List<LintFinding> findings = BASELINE.lint(leaf().keys(LintKeys.rsa(2052)).issue());

        assertThat(findings).extracting(LintFinding::ruleId).containsExactly("rsa_modulus_not_multiple_of_8");
        assertThat(findings.get(0).message()).contains("2052");
    }

    @Test
    void nistCurvesP256AndP384AreApproved() {
        assertThat(BASELINE.lint(leaf().keys(TestPki.ec("secp256r1")).issue())).isEmpty();
        assertThat(BASELINE.lint(leaf().keys(TestPki.ec("secp384r1")).issue())).isEmpty();
    }

    @Test
    void secp256k1AndBrainpoolAreNotApproved() {
        assertThat(ids(BASELINE.lint(leaf().keys(LintKeys.ec("secp256k1")).issue())))
                .containsExactly("ec_curve_not_approved");
        assertThat(ids(BASELINE.lint(leaf().keys(LintKeys.ec("brainpoolP256r1")).issue())))
                .containsExactly("ec_curve_not_approved");
    }

    @Test
    void theCurveIsRecognisedByItsParametersNotItsName() {
        assertThat(BASELINE.lint(LintKeys.explicitEcCertificate(ROOT, "secp256r1"))).isEmpty();
        assertThat(ids(BASELINE.lint(LintKeys.explicitEcCertificate(ROOT, "secp256k1"))))
                .containsExactly("ec_curve_not_approved");
    }

    @Test
    void anEndEntityWithCaTrueIsAnErrorButACaCertificateIsNot() {
        X509Certificate caFlagged = leaf().ca(true).issue();

        assertThat(ids(BASELINE.lint(caFlagged))).containsExactly("basic_constraints_ca_on_leaf");
        assertThat(BASELINE.lint(caFlagged, CertificateRole.CA)).isEmpty();
    }

    @Test
    void aRootLintedAsACaSkipsTheSubscriberRules() {
        X509Certificate root = ROOT.certificate();

        assertThat(BASELINE.lint(root, CertificateRole.CA)).isEmpty();
        assertThat(ids(BASELINE.lint(root)))
                .containsExactly("basic_constraints_ca_on_leaf", "san_missing", "validity_over_398_days");
    }

    @Test
    void aWildcardIsANoticeUnlessThePolicyForbidsIt() {
        X509Certificate wildcard = TestPki.leaf(ROOT).dnsNames("*.example.com", "example.com").issue();

        assertThat(BASELINE.lint(wildcard)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("wildcard_san");
            assertThat(f.severity()).isEqualTo(Severity.NOTICE);
            assertThat(f.message()).contains("*.example.com");
        });
        assertThat(Linter.withPolicy(CertificatePolicy.baseline().forbidWildcards(true)).lint(wildcard))
                .singleElement().satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("wildcard_san");
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                });
        assertThat(Linter.withPolicy(CertificatePolicy.baseline().forbidWildcards(true)).lint(leaf().issue())).isEmpty();
    }

    @Test
    void thePolicyMinimumRsaSizeAddsAFindingOnlyWhereTheBaselineIsSilent() {
        Linter strict = Linter.withPolicy(CertificatePolicy.baseline().minimumRsaBits(3072));

        assertThat(ids(strict.lint(leaf().issue()))).containsExactly("policy_rsa_under_minimum");
        assertThat(ids(strict.lint(leaf().keys(TestPki.rsa(1024, "lint-1024")).issue())))
                .containsExactly("rsa_under_2048");
        assertThat(strict.lint(leaf().keys(LintKeys.rsa(3072)).issue())).isEmpty();
    }

    @Test
    void aKeyTypeOutsideThePolicyIsAnError() {
        Linter ecOnly = Linter.withPolicy(CertificatePolicy.baseline().allowedKeyTypes(KeyType.EC));

        assertThat(ids(ecOnly.lint(leaf().issue()))).containsExactly("policy_key_type_not_allowed");
        assertThat(ecOnly.lint(leaf().keys(TestPki.ec("secp256r1")).issue())).isEmpty();
        assertThat(ids(BASELINE.lint(leaf().keys(LintKeys.ed25519()).issue())))
                .containsExactly("policy_key_type_not_allowed");
    }

    @Test
    void thePolicyMaximumValidityIsCountedLikeTheBaselineLimits() {
        X509Certificate ninetyDays = leaf().validity(JAN_2026, JAN_2026.plus(Duration.ofDays(90)).minusSeconds(1)).issue();

        assertThat(Linter.withPolicy(CertificatePolicy.baseline().maxValidityDays(90)).lint(ninetyDays)).isEmpty();
        assertThat(ids(Linter.withPolicy(CertificatePolicy.baseline().maxValidityDays(89)).lint(ninetyDays)))
                .containsExactly("policy_validity_over_maximum");
    }

    @Test
    void aBrokenSubjectAltNameIsAFindingAndTheOtherRulesStillRun() {
        byte[] truncatedSequence = {0x30, 0x05, (byte) 0x82, 0x03, 'w'};
        X509Certificate certificate = TestPki.leaf(ROOT).signatureAlgorithm("SHA1withRSA")
                .extension(new Extension(Extension.subjectAlternativeName, false, new DEROctetString(truncatedSequence)))
                .issue();

        List<LintFinding> findings = BASELINE.lint(certificate);

        assertThat(ids(findings)).containsExactly("extension_malformed", "sha1_signature");
        assertThat(findings.get(0).message()).contains("subjectAltName");
    }

    @Test
    void aPrivateExtensionThatIsNotDerIsMalformed() {
        ASN1ObjectIdentifier privateOid = new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1");
        X509Certificate certificate = leaf()
                .extension(new Extension(privateOid, false, new DEROctetString(new byte[] {0x04, 0x7F, 0x01})))
                .issue();

        assertThat(BASELINE.lint(certificate)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("extension_malformed");
            assertThat(f.message()).contains("1.3.6.1.4.1.55555.1");
        });
    }

    @Test
    void findingsAreSortedBySeverityThenId() {
        X509Certificate certificate = TestPki.leaf(ROOT).dnsNames("*.example.com").signatureAlgorithm("SHA1withRSA")
                .keys(TestPki.rsa(1024, "lint-1024")).issue();

        assertThat(BASELINE.lint(certificate)).extracting(LintFinding::ruleId, LintFinding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rsa_under_2048", Severity.ERROR),
                org.assertj.core.groups.Tuple.tuple("sha1_signature", Severity.ERROR),
                org.assertj.core.groups.Tuple.tuple("wildcard_san", Severity.NOTICE));
    }

    @Test
    void aPolicyRefusesNonsense() {
        assertThatThrownBy(() -> CertificatePolicy.baseline().minimumRsaBits(100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumRsaBits");
        assertThatThrownBy(() -> CertificatePolicy.baseline().maxValidityDays(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValidityDays");
        assertThatThrownBy(() -> new CertificatePolicy(false, 2048, EnumSet.noneOf(KeyType.class), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowedKeyTypes");
    }

    @Test
    void aFindingIdIsLowerCaseWordsJoinedByUnderscores() {
        assertThatThrownBy(() -> new LintFinding("Bad-Id", Severity.ERROR, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad-Id");
    }
}
