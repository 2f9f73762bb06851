package dev.vigil.jobs.cert.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.cert.ct.SignedCertificateTimestamp;
import org.bouncycastle.cert.ct.SignedCertificateTimestampList;
import org.junit.jupiter.api.Test;

class EmbeddedSctListTest {
    private static final byte[] LOG_A = filled(32, 0xA1);
    private static final byte[] LOG_B = filled(32, 0xB2);

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] twoScts() throws Exception {
        return SctLeaves.list(List.of(SctLeaves.sct(LOG_A, 1_767_225_600_000L, 3, filled(70, 0x30)),
                SctLeaves.sct(LOG_B, 1_767_225_600_123L, 1, filled(256, 0x55))));
    }

    @Test
    void handBuiltBytesParseToTheirFields() throws Exception {
        List<EmbeddedSct> scts = EmbeddedSctList.parse(twoScts());

        assertThat(scts).hasSize(2);
        assertThat(scts.get(0).position()).isEqualTo(1);
        assertThat(scts.get(0).logId()).isEqualTo(LOG_A);
        assertThat(scts.get(0).timestamp()).isEqualTo(1_767_225_600_000L);
        assertThat(scts.get(0).hashAlgorithm()).isEqualTo(4);
        assertThat(scts.get(0).signatureAlgorithm()).isEqualTo(3);
        assertThat(scts.get(0).signature()).isEqualTo(filled(70, 0x30));
        assertThat(scts.get(0).extensions()).isEmpty();
        assertThat(scts.get(1).logId()).isEqualTo(LOG_B);
        assertThat(scts.get(1).signatureAlgorithm()).isEqualTo(1);
        assertThat(scts.get(1).signature()).hasSize(256);
    }

    @Test
    void bouncyCastleReadsTheSameFieldsFromTheSameBytes() throws Exception {
        byte[] tls = twoScts();

        List<EmbeddedSct> ours = EmbeddedSctList.parse(tls);
        @SuppressWarnings("unchecked")
        List<SignedCertificateTimestamp> theirs = SignedCertificateTimestampList.getInstance(tls).getSCTs();

        assertThat(theirs).hasSameSizeAs(ours);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(theirs.get(i).getLogID()).isEqualTo(ours.get(i).logId());
            assertThat(theirs.get(i).getTimestamp()).isEqualTo(ours.get(i).timestamp());
            assertThat(theirs.get(i).getHashAlgorithm()).isEqualTo(ours.get(i).hashAlgorithm());
            assertThat(theirs.get(i).getSignatureAlgorithm()).isEqualTo(ours.get(i).signatureAlgorithm());
            assertThat(theirs.get(i).getSignature()).isEqualTo(ours.get(i).signature());
        }
    }

    @Test
    void bytesBouncyCastleEncodesWithExtensionsParse() {
        SignedCertificateTimestamp bc = new SignedCertificateTimestamp(0, LOG_A, 42L, new byte[] {1, 2, 3}, 4, 3,
                filled(8, 0x07));
        byte[] tls = new SignedCertificateTimestampList(new SignedCertificateTimestamp[] {bc}).getEncoded();

        EmbeddedSct sct = EmbeddedSctList.parse(tls).get(0);

        assertThat(sct.logId()).isEqualTo(LOG_A);
        assertThat(sct.timestamp()).isEqualTo(42L);
        assertThat(sct.extensions()).containsExactly(1, 2, 3);
        assertThat(sct.signature()).isEqualTo(filled(8, 0x07));
    }

    @Test
    void theListIsFoundInsideTheCertificateExtension() throws Exception {
        byte[] tls = twoScts();
        X509Certificate leaf = TestPki.leaf(TestPki.rootCa("CN=CT Parse Root")).extension(SctLeaves.extension(tls))
                .issue();

        assertThat(EmbeddedSctList.tlsBytes(leaf)).hasValueSatisfying(b -> assertThat(b).isEqualTo(tls));
        assertThat(EmbeddedSctList.tlsBytes(TestPki.leaf(TestPki.rootCa("CN=CT Parse Root")).issue())).isEmpty();
    }

    @Test
    void aTruncatedListIsAnErrorNamingTheOffset() throws Exception {
        byte[] tls = twoScts();
        byte[] truncated = Arrays.copyOf(tls, 100);

        assertThatThrownBy(() -> EmbeddedSctList.parse(truncated)).isInstanceOf(CtFormatException.class)
                .hasMessage("malformed SCT list at byte 2: the list length says " + (tls.length - 2)
                        + " bytes but 98 follow");
    }

    @Test
    void anSctLongerThanWhatRemainsIsAnError() throws Exception {
        byte[] one = SctLeaves.sct(LOG_A, 1L, 3, filled(10, 1));
        byte[] tls = SctLeaves.list(List.of(one));
        tls[3] += 5; // the SCT's own length now overruns the list

        assertThatThrownBy(() -> EmbeddedSctList.parse(tls)).isInstanceOf(CtFormatException.class)
                .hasMessage("malformed SCT list at byte 4: SCT 1 needs " + (one.length + 5) + " bytes but only "
                        + one.length + " remain");
    }

    @Test
    void aSignatureLengthOverrunningItsSctIsAnError() throws Exception {
        byte[] one = SctLeaves.sct(LOG_A, 1L, 3, filled(10, 1));
        one[one.length - 11] = 11; // signature length 11, one byte more than the SCT holds
        byte[] tls = SctLeaves.list(List.of(one));

        assertThatThrownBy(() -> EmbeddedSctList.parse(tls)).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("SCT 1 signature needs 11 bytes but only 10 remain");
    }

    @Test
    void bytesAfterAnSctsSignatureAreAnError() throws Exception {
        byte[] one = SctLeaves.sct(LOG_A, 1L, 3, filled(10, 1));
        byte[] padded = Arrays.copyOf(one, one.length + 2);

        assertThatThrownBy(() -> EmbeddedSctList.parse(SctLeaves.list(List.of(padded))))
                .isInstanceOf(CtFormatException.class).hasMessageContaining("2 bytes follow the signature of SCT 1");
    }

    @Test
    void anEmptyListAnEmptySctAndAnotherVersionAreErrors() throws Exception {
        byte[] v2 = SctLeaves.sct(LOG_A, 1L, 3, filled(10, 1));
        v2[0] = 1;

        assertThatThrownBy(() -> EmbeddedSctList.parse(new byte[] {0, 0})).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("the list is empty");
        assertThatThrownBy(() -> EmbeddedSctList.parse(new byte[] {0, 2, 0, 0})).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("SCT 1 is empty");
        assertThatThrownBy(() -> EmbeddedSctList.parse(SctLeaves.list(List.of(v2))))
                .isInstanceOf(CtFormatException.class).hasMessageContaining("SCT 1 has version 1");
        assertThatThrownBy(() -> EmbeddedSctList.parse(new byte[] {0})).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("the list length needs 2 bytes but only 1 remain");
    }

    @Test
    void anExtensionThatIsNotAnOctetStringIsAnError() throws Exception {
        org.bouncycastle.asn1.x509.Extension notOctets = new org.bouncycastle.asn1.x509.Extension(
                SctLeaves.SCT_LIST, false, new org.bouncycastle.asn1.DEROctetString(
                        new org.bouncycastle.asn1.ASN1Integer(7).getEncoded()));
        X509Certificate leaf = TestPki.leaf(TestPki.rootCa("CN=CT Parse Root")).extension(notOctets).issue();

        assertThatThrownBy(() -> EmbeddedSctList.tlsBytes(leaf)).isInstanceOf(CtFormatException.class)
                .hasMessageContaining("not a DER OCTET STRING");
    }
}
