package dev.vigil.testkit;

import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/** PKCS#10 requests for the fake CA's tests. */
final class Csrs {
    private Csrs() {
    }

    static byte[] selfSigned(KeyPair key) throws Exception {
        return new PKCS10CertificationRequestBuilder(new X500Name("CN=test.example.com"),
                SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
    }
}
