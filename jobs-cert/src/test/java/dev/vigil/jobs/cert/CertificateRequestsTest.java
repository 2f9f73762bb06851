package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.KeyType;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

class CertificateRequestsTest {

    private static CertificateRequests.KeyChoice choose(KeyPair key, CertificatePolicy policy) {
        X509Certificate certificate = TestPki.leaf(RenewalWorld.ROOT).keys(key).issue();
        return CertificateRequests.chooseKey(SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()),
                certificate, policy);
    }

    @Test
    void anAllowedKeyKeepsItsTypeAndCurve() {
        assertThat(choose(TestPki.ec("secp384r1"), CertificatePolicy.baseline()))
                .isEqualTo(new CertificateRequests.KeyChoice(KeyType.EC, 0, "secp384r1"));
    }

    @Test
    void anRsaKeyKeepsItsSizeOrGrowsToThePolicyMinimum() {
        KeyPair rsa2048 = TestPki.rsa("leaf");

        assertThat(choose(rsa2048, CertificatePolicy.baseline()).rsaBits()).isEqualTo(2048);
        assertThat(choose(rsa2048, CertificatePolicy.baseline().minimumRsaBits(3072)).rsaBits()).isEqualTo(3072);
    }

    @Test
    void aDisallowedTypeGivesWayToTheFirstAllowedOne() {
        CertificateRequests.KeyChoice choice = choose(TestPki.ec("secp256r1"),
                CertificatePolicy.baseline().allowedKeyTypes(KeyType.RSA).minimumRsaBits(4096));

        assertThat(choice).isEqualTo(new CertificateRequests.KeyChoice(KeyType.RSA, 4096, null));
        assertThat(choice.toString()).isEqualTo("RSA 4096");
    }

    @Test
    void aPolicyAllowingNoGenerableTypeIsAClearError() {
        assertThatThrownBy(() -> choose(TestPki.ec("secp256r1"), CertificatePolicy.baseline().allowedKeyTypes(KeyType.DSA)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DSA");
    }
}
