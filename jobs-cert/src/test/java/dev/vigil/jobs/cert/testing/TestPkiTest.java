package dev.vigil.jobs.cert.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestPkiTest {

    @Test
    void leafIsSignedByItsIssuerAndRevokedOnItsCrl() throws Exception {
        TestPki.Issued root = TestPki.rootCa("CN=Test Root");
        TestPki.Issued intermediate = TestPki.intermediate(root, "CN=Test Intermediate").issueWithKey();
        X509Certificate leaf = TestPki.leaf(intermediate).subject("CN=www.example.com").dnsNames("www.example.com")
                .crlDistributionPoints("http://crl.example.com/i.crl").issue();
        X509CRL crl = TestPki.crl(intermediate).revoke(leaf.getSerialNumber(), Instant.parse("2026-02-01T00:00:00Z"), 1)
                .issue();

        leaf.verify(intermediate.certificate().getPublicKey());
        intermediate.certificate().verify(root.certificate().getPublicKey());
        crl.verify(intermediate.certificate().getPublicKey());
        assertThat(crl.isRevoked(leaf)).isTrue();
        assertThat(leaf.getSubjectAlternativeNames()).hasSize(1);
        assertThat(root.certificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    }
}
