package dev.vigil.jobs.cert.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import java.net.URI;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.junit.jupiter.api.Test;

class CertificateFactsTest {
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=Index Test Root");

    @Test
    void readsDistributionPointsAndAuthorityKeyIdLikeTheJdk() throws Exception {
        X509Certificate leaf = TestPki.leaf(ROOT).crlDistributionPoints("http://a.test/1.crl", "ldap://b.test/x")
                .issue();

        CertificateFacts facts = CertificateFacts.read(leaf);

        assertThat(facts.distributionPoints).containsExactly(URI.create("http://a.test/1.crl"),
                URI.create("ldap://b.test/x"));
        assertThat(facts.freshestCrls).isEmpty();
        assertThat(facts.authorityKeyId).isEqualTo(CrlIndex.keyIdentifier(leaf, "2.5.29.35")).isNotEmpty();
    }

    @Test
    void certificateWithoutExtensionsHasNothing() {
        CertificateFacts facts = CertificateFacts.read(TestPki.leaf(ROOT).issue());

        assertThat(facts.distributionPoints).isEmpty();
        assertThat(facts.authorityKeyId).isNotNull();
        assertThat(CertificateFacts.read(ROOT.certificate()).authorityKeyId).isNull();
    }

    @Test
    void skipsRelativeNamesReasonsAndCrlIssuersButKeepsEveryUri() throws Exception {
        GeneralNames two = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "not-a-uri.test"),
            new GeneralName(GeneralName.uniformResourceIdentifier, "http://c.test/c.crl"),
            new GeneralName(GeneralName.uniformResourceIdentifier, "https://d.test/d.crl")});
        byte[] value = new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(null, new ReasonFlags(ReasonFlags.keyCompromise),
                    new GeneralNames(new GeneralName(GeneralName.directoryName, "CN=Issuer"))),
            new DistributionPoint(new DistributionPointName(two), new ReasonFlags(ReasonFlags.superseded), null)})
                .getEncoded();

        assertThat(CertificateFacts.distributionPointUris(value, 0, value.length))
                .containsExactly(URI.create("http://c.test/c.crl"), URI.create("https://d.test/d.crl"));
    }

    @Test
    void malformedDistributionPointsAreACrlException() {
        byte[] value = {0x30, 0x05, 0x30, 0x03, (byte) 0xA0, 0x05, 0x00};

        assertThatThrownBy(() -> CertificateFacts.distributionPointUris(value, 0, value.length))
                .isInstanceOf(CrlException.class).hasMessageContaining("runs past the end");
    }
}
