package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.OfflineCheckResult.CtPolicy;
import dev.vigil.jobs.cert.OfflineCheckResult.Revocation;
import dev.vigil.jobs.cert.ct.CtFixture;
import dev.vigil.jobs.cert.testing.TestPki;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OfflineCertificateCheckTest {
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=Offline Root");
    private static final TestPki.Issued CA = TestPki.intermediate(ROOT, "CN=Offline Issuing CA").issueWithKey();
    private static final X509Certificate LEAF = TestPki.leaf(CA).subject("CN=www.example.com")
            .dnsNames("www.example.com").issue();

    private static OfflineCertificateCheck.Builder builder() {
        return OfflineCertificateCheck.builder(AT);
    }

    @Test
    void reportsTheCertificateAndLeavesUnconfiguredChecksNotChecked() throws Exception {
        OfflineCheckResult result = builder().build().check(LEAF, List.of());

        assertThat(result.sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(LEAF.getEncoded())));
        assertThat(result.subject()).isEqualTo("CN=www.example.com");
        assertThat(result.notAfter()).isEqualTo(LEAF.getNotAfter().toInstant());
        assertThat(result.expiryStatus()).isEqualTo("VALID");
        assertThat(result.weakKey()).isEmpty();
        assertThat(result.lints()).isEmpty();
        assertThat(result.chain()).isEqualTo(OfflineCheckResult.NOT_CHECKED);
        assertThat(result.revocation()).isEqualTo(Revocation.NOT_CHECKED);
        assertThat(result.sctCount()).isZero();
        assertThat(result.ctPolicy()).isEqualTo(CtPolicy.NOT_CHECKED);
    }

    @Test
    void expiryStatusFollowsTheInstantAndTheThreshold() {
        Instant notAfter = LEAF.getNotAfter().toInstant();

        assertThat(OfflineCertificateCheck.builder(notAfter.minus(Duration.ofDays(10))).build()
                .check(LEAF, List.of()).expiryStatus()).isEqualTo("EXPIRING");
        assertThat(OfflineCertificateCheck.builder(notAfter.minus(Duration.ofDays(10)))
                .expiringThreshold(Duration.ofDays(5)).build().check(LEAF, List.of()).expiryStatus()).isEqualTo("VALID");
        assertThat(OfflineCertificateCheck.builder(notAfter.plusSeconds(1)).build()
                .check(LEAF, List.of()).expiryStatus()).isEqualTo("EXPIRED");
        assertThat(OfflineCertificateCheck.builder(Instant.parse("2025-06-01T00:00:00Z")).build()
                .check(LEAF, List.of()).expiryStatus()).isEqualTo("NOT_YET_VALID");
    }

    @Test
    void chainIsValidWithThePresentedIntermediateAndIncompleteWithoutIt() {
        OfflineCertificateCheck check = builder().trustAnchors(List.of(ROOT.certificate())).build();

        assertThat(check.check(LEAF, List.of(CA.certificate())).chain()).isEqualTo("VALID");
        OfflineCheckResult alone = check.check(LEAF, List.of());
        assertThat(alone.chain()).isEqualTo("INCOMPLETE_CHAIN");
        assertThat(alone.notes()).anyMatch(n -> n.startsWith("chain: INCOMPLETE_CHAIN"));
    }

    @Test
    void crlOfAnIntermediateIsVerifiedWithThePresentedChainAndTellsRevokedFromGood() throws Exception {
        X509Certificate revoked = TestPki.leaf(CA).subject("CN=revoked.example.com").dnsNames("revoked.example.com")
                .issue();
        byte[] crl = TestPki.crl(CA).revoke(revoked.getSerialNumber(), Instant.parse("2026-01-10T00:00:00Z"))
                .updates(Instant.parse("2026-01-30T00:00:00Z"), Instant.parse("2026-02-06T00:00:00Z")).issue()
                .getEncoded();
        OfflineCertificateCheck check = builder().trustAnchors(List.of(ROOT.certificate())).crl("ca.crl", crl).build();
        assertThat(check.unverifiedCrls()).singleElement().asString().startsWith("ca.crl");

        OfflineCheckResult bad = check.check(revoked, List.of(CA.certificate()));
        OfflineCheckResult good = check.check(LEAF, List.of(CA.certificate()));

        assertThat(bad.revocation()).isEqualTo(Revocation.REVOKED);
        assertThat(bad.chain()).isEqualTo("REVOKED");
        assertThat(good.revocation()).isEqualTo(Revocation.GOOD);
        assertThat(good.chain()).isEqualTo("VALID");
        assertThat(check.unverifiedCrls()).isEmpty();
    }

    @Test
    void crlWithoutAnIssuerThatVerifiesItIsReportedAndAnswersUnknown() throws Exception {
        byte[] crl = TestPki.crl(CA).revoke(LEAF.getSerialNumber(), Instant.parse("2026-01-10T00:00:00Z")).issue()
                .getEncoded();
        OfflineCertificateCheck check = builder().crl("ca.crl", crl).build();

        OfflineCheckResult result = check.check(LEAF, List.of());

        assertThat(result.revocation()).isEqualTo(Revocation.UNKNOWN);
        assertThat(result.notes()).anyMatch(n -> n.startsWith("revocation: unknown"));
        assertThat(check.unverifiedCrls()).singleElement().asString().contains("CN=Offline Issuing CA");
    }

    @Test
    void crlSignedByAnImpostorWithTheIssuersNameIsNotTrusted() throws Exception {
        TestPki.Issued impostor = TestPki.intermediate(TestPki.rootCa("CN=Other Root"), "CN=Offline Issuing CA")
                .keys(TestPki.rsa("impostor")).issueWithKey();
        byte[] crl = TestPki.crl(impostor).revoke(LEAF.getSerialNumber(), Instant.parse("2026-01-10T00:00:00Z"))
                .issue().getEncoded();
        OfflineCertificateCheck check = builder().crl("forged.crl", crl).build();

        assertThat(check.check(LEAF, List.of(CA.certificate())).revocation()).isEqualTo(Revocation.UNKNOWN);
        assertThat(check.unverifiedCrls()).singleElement().asString().startsWith("forged.crl");
    }

    @Test
    void staleCrlAnswersUnknown() throws Exception {
        byte[] crl = TestPki.crl(CA).updates(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-08T00:00:00Z"))
                .issue().getEncoded();

        OfflineCheckResult result = builder().crl("old.crl", crl).build().check(LEAF, List.of(CA.certificate()));

        assertThat(result.revocation()).isEqualTo(Revocation.UNKNOWN);
        assertThat(result.notes()).anyMatch(n -> n.contains("STALE"));
    }

    @Test
    void malformedCrlIsRejectedAtBuildNamingIt() {
        assertThatThrownBy(() -> builder().crl("junk.crl", new byte[] {0x30, 0x03, 0x02, 0x01}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("junk.crl");
    }

    @Test
    void ctPolicyIsCheckedAgainstTheLogListWithTheIssuerFromTheChain() {
        X509Certificate logged = CtFixture.compliantLeaf(CA, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-04-01T00:00:00Z"));
        OfflineCertificateCheck withList = builder().ctLogList(CtFixture.logListJson()).build();

        OfflineCheckResult compliant = withList.check(logged, List.of(CA.certificate()));
        assertThat(compliant.sctCount()).isEqualTo(2);
        assertThat(compliant.ctPolicy()).isEqualTo(CtPolicy.COMPLIANT);
        assertThat(withList.check(LEAF, List.of(CA.certificate())).ctPolicy()).isEqualTo(CtPolicy.NOT_COMPLIANT);
        assertThat(withList.check(logged, List.of()).ctPolicy()).isEqualTo(CtPolicy.NOT_CHECKED);
        OfflineCheckResult withoutList = builder().build().check(logged, List.of());
        assertThat(withoutList.sctCount()).isEqualTo(2);
        assertThat(withoutList.ctPolicy()).isEqualTo(CtPolicy.NOT_CHECKED);
    }

    @Test
    void weakKeyAndLintsAreReportedByTheirIds() {
        X509Certificate shortKey = TestPki.leaf(CA).subject("CN=short").keys(TestPki.rsa(1024, "short")).issue();

        OfflineCheckResult result = builder().build().check(shortKey, List.of());

        assertThat(result.weakKey()).contains("SHORT_RSA");
        assertThat(result.lints()).contains("rsa_under_2048", "san_missing");
    }

    @Test
    void oneCheckServesManyThreadsWithTheSameAnswers() throws Exception {
        byte[] crl = TestPki.crl(CA).updates(Instant.parse("2026-01-30T00:00:00Z"), Instant.parse("2026-02-06T00:00:00Z"))
                .issue().getEncoded();
        OfflineCertificateCheck check = builder().trustAnchors(List.of(ROOT.certificate())).crl("ca.crl", crl).build();
        OfflineCheckResult expected = check.check(LEAF, List.of(CA.certificate()));

        List<OfflineCheckResult> results = IntStream.range(0, 64).parallel()
                .mapToObj(i -> check.check(LEAF, List.of(CA.certificate()))).toList();

        assertThat(results).allMatch(expected::equals);
        assertThat(expected.revocation()).isEqualTo(Revocation.GOOD);
    }

    @Test
    void rejectsASettingMadeTwiceAndBadValues() {
        assertThatThrownBy(() -> builder().expiringThreshold(Duration.ofDays(1)).expiringThreshold(Duration.ofDays(2)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder().expiringThreshold(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().trustAnchors(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().ctLogList("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().crl("a", new byte[1]).crl("a", new byte[1]))
                .isInstanceOf(IllegalStateException.class);
    }
}
