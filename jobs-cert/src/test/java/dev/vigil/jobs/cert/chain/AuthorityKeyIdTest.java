package dev.vigil.jobs.cert.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

class AuthorityKeyIdTest {
    /** @return the extension value as X509Certificate#getExtensionValue gives it: an OCTET STRING around the DER */
    private static byte[] extensionValue(byte[] der) throws Exception {
        return new DEROctetString(der).getEncoded(ASN1Encoding.DER);
    }

    @Test
    void theHandReadingFindsTheKeyIdentifierBouncyCastleFinds() throws Exception {
        byte[] keyId = new byte[20];
        for (int i = 0; i < keyId.length; i++) {
            keyId[i] = (byte) (i * 13);
        }
        GeneralNames issuer = new GeneralNames(new GeneralName(new X500Name("CN=Issuer")));
        byte[] longKeyId = new byte[300]; // a long-form length
        List<AuthorityKeyIdentifier> values = List.of(new AuthorityKeyIdentifier(keyId),
                new AuthorityKeyIdentifier(keyId, issuer, BigInteger.TEN), new AuthorityKeyIdentifier(issuer, BigInteger.TEN),
                new AuthorityKeyIdentifier(longKeyId), new AuthorityKeyIdentifier((byte[]) null));

        for (AuthorityKeyIdentifier aki : values) {
            byte[] value = extensionValue(aki.getEncoded(ASN1Encoding.DER));
            assertThat(PathSearch.keyIdentifierOfAuthorityKeyId(value)).isEqualTo(aki.getKeyIdentifier());
        }
    }

    @Test
    void aValueThatIsNotTheStructureHasNoKeyIdentifier() throws Exception {
        byte[] good = extensionValue(new AuthorityKeyIdentifier(new byte[] {1, 2, 3}).getEncoded(ASN1Encoding.DER));
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);

        for (byte[] bad : List.of(trailing, truncated, new byte[0], new byte[] {0x04}, new byte[] {0x04, 0x00},
                new byte[] {0x04, 0x02, 0x31, 0x00}, new byte[] {0x04, (byte) 0x85, 1, 1, 1, 1, 1})) {
            assertThat(PathSearch.keyIdentifierOfAuthorityKeyId(bad)).isNull();
        }
    }
}
