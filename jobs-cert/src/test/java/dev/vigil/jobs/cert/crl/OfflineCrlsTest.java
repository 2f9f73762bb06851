package dev.vigil.jobs.cert.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.junit.jupiter.api.Test;

class OfflineCrlsTest {
    private static final Instant AT = Instant.parse("2026-01-03T00:00:00Z");
    private static final Instant REVOKED_AT = Instant.parse("2026-01-01T12:00:00Z");
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=Offline CRL Root");
    private static final TestPki.Issued CA = TestPki.intermediate(ROOT, "CN=Offline CRL CA").issueWithKey();
    private static final X509Certificate LEAF = TestPki.leaf(CA).issue();

    private static OfflineCrls read(Map<String, byte[]> crls) {
        return OfflineCrls.read(crls, List.of(CA.certificate()));
    }

    private static RevocationStatus status(OfflineCrls crls) {
        return crls.status(LEAF, List.of(CA.certificate()), AT);
    }

    private static byte[] der(TestPki.CrlSpec spec) throws Exception {
        return spec.issue().getEncoded();
    }

    @Test
    void deltaCrlRevokesOnTopOfItsBase() throws Exception {
        Map<String, byte[]> crls = new LinkedHashMap<>();
        crls.put("base.crl", der(TestPki.crl(CA).number(5)));
        crls.put("delta.crl", der(TestPki.crl(CA).number(6).deltaOf(5).revoke(LEAF.getSerialNumber(), REVOKED_AT)));

        RevocationStatus status = status(read(crls));

        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status.revocationDate()).contains(REVOKED_AT);
    }

    @Test
    void removeFromCrlInADeltaLiftsAHold() throws Exception {
        Map<String, byte[]> crls = new LinkedHashMap<>();
        crls.put("base.crl", der(TestPki.crl(CA).number(5)
                .revoke(LEAF.getSerialNumber(), REVOKED_AT, CRLReason.certificateHold)));
        crls.put("delta.crl", der(TestPki.crl(CA).number(6).deltaOf(5)
                .revoke(LEAF.getSerialNumber(), REVOKED_AT.plusSeconds(60), CRLReason.removeFromCRL)));

        assertThat(status(read(crls)).state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(status(read(Map.of("base.crl", crls.get("base.crl")))).state())
                .isEqualTo(RevocationStatus.State.REVOKED);
    }

    @Test
    void deltaWithoutItsBaseAnswersUnknown() throws Exception {
        OfflineCrls crls = read(Map.of("delta.crl", der(TestPki.crl(CA).number(6).deltaOf(5))));

        RevocationStatus status = status(crls);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).contains("base CRL was not given");
    }

    @Test
    void newestBaseCrlDecides() throws Exception {
        Map<String, byte[]> crls = new LinkedHashMap<>();
        crls.put("new.crl", der(TestPki.crl(CA).number(8).revoke(LEAF.getSerialNumber(), REVOKED_AT)));
        crls.put("old.crl", der(TestPki.crl(CA).number(7)));

        assertThat(status(read(crls)).state()).isEqualTo(RevocationStatus.State.REVOKED);
    }

    @Test
    void crlCoveringOnlyCaCertificatesDoesNotAnswerForALeaf() throws Exception {
        byte[] onlyCa = CrlWriter.of(CA).updates(Instant.parse("2026-01-02T00:00:00Z"),
                Instant.parse("2026-01-09T00:00:00Z")).extension(new Extension(Extension.issuingDistributionPoint, true,
                        new IssuingDistributionPoint(null, false, true, null, false, false).getEncoded())).der();

        RevocationStatus status = status(read(Map.of("ca-only.crl", onlyCa)));

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.cause()).contains(UnknownCause.OUT_OF_SCOPE);
    }

    @Test
    void certificateOfAnIssuerWithoutACrlAnswersUnknown() throws Exception {
        X509Certificate other = TestPki.leaf(ROOT).issue();

        RevocationStatus status = read(Map.of("ca.crl", der(TestPki.crl(CA)))).status(other,
                List.of(ROOT.certificate()), AT);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.detail()).contains("no CRL given is issued by 'CN=Offline CRL Root'");
    }

    @Test
    void malformedCrlIsRejectedNamingIt() {
        assertThatThrownBy(() -> read(Map.of("junk.crl", new byte[] {0x30, 0x01, 0x00})))
                .isInstanceOf(CrlException.class).hasMessageStartingWith("junk.crl: ");
    }

    @Test
    void verifiedOnceAndThenServesAnyCertificateWithTheSameKey() throws Exception {
        OfflineCrls crls = OfflineCrls.read(Map.of("ca.crl", der(TestPki.crl(CA))), List.of());
        assertThat(crls.unverified()).singleElement().asString().startsWith("ca.crl (issuer 'CN=Offline CRL CA')");

        assertThat(status(crls).state()).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(crls.unverified()).isEmpty();
        X509Certificate sameCaAgain = TestPki.intermediate(ROOT, "CN=Offline CRL CA").issue();
        assertThat(crls.status(LEAF, List.of(sameCaAgain), AT).state()).isEqualTo(RevocationStatus.State.GOOD);
    }

    @Test
    void crlOfAnotherKeyOfTheIssuerDoesNotAnswerForTheCertificate() throws Exception {
        TestPki.Issued rekeyed = TestPki.intermediate(ROOT, "CN=Offline CRL CA").keys(TestPki.rsa("offline-rekeyed"))
                .issueWithKey();
        X509Certificate fromNewKey = TestPki.leaf(rekeyed).issue();
        OfflineCrls crls = read(Map.of("old-key.crl", der(TestPki.crl(CA))));

        RevocationStatus status = crls.status(fromNewKey, List.of(CA.certificate(), rekeyed.certificate()), AT);

        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNKNOWN);
        assertThat(status.cause()).contains(UnknownCause.WRONG_ISSUER);
    }
}
