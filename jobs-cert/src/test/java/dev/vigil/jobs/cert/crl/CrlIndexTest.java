package dev.vigil.jobs.cert.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.cert.RevocationReason;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.junit.jupiter.api.Test;

class CrlIndexTest {
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=Index Test Root");
    private static final TestPki.Issued CA = TestPki.intermediate(ROOT, "CN=Index Test CA").issueWithKey();
    private static final Instant WHEN = Instant.parse("2026-02-03T04:05:06Z");

    @Test
    void findsEntriesOfATestPkiCrlWithDateAndReason() throws Exception {
        X509CRL crl = TestPki.crl(CA).number(42).revoke(BigInteger.valueOf(7), WHEN, 1)
                .revoke(BigInteger.valueOf(9), WHEN.plusSeconds(60)).issue();

        CrlIndex index = CrlIndex.parse(crl.getEncoded(), CA.certificate());

        assertThat(index.size()).isEqualTo(2);
        assertThat(index.number()).contains(BigInteger.valueOf(42));
        assertThat(index.isDelta()).isFalse();
        assertThat(index.issuer()).isEqualTo(CA.certificate().getSubjectX500Principal());
        assertThat(index.thisUpdate()).isEqualTo(crl.getThisUpdate().toInstant());
        assertThat(index.nextUpdate()).contains(crl.getNextUpdate().toInstant());
        assertThat(index.find(BigInteger.valueOf(7))).contains(
                new RevokedEntry(BigInteger.valueOf(7), WHEN, Optional.of(RevocationReason.KEY_COMPROMISE)));
        assertThat(index.find(BigInteger.valueOf(9))).contains(
                new RevokedEntry(BigInteger.valueOf(9), WHEN.plusSeconds(60), Optional.empty()));
        assertThat(index.find(BigInteger.valueOf(8))).isEmpty();
    }

    @Test
    void pemAndDerGiveTheSameAnswers() {
        CrlWriter writer = CrlWriter.of(CA).revoke(BigInteger.TEN, WHEN, 4);

        CrlIndex fromPem = CrlIndex.parse(writer.pem().getBytes(StandardCharsets.US_ASCII), CA.certificate());
        CrlIndex fromDer = CrlIndex.parse(writer.der(), CA.certificate());

        assertThat(fromPem.find(BigInteger.TEN)).isEqualTo(fromDer.find(BigInteger.TEN)).isPresent();
        assertThat(fromPem.find(BigInteger.TEN).orElseThrow().reason())
                .contains(RevocationReason.SUPERSEDED);
    }

    @Test
    void writtenCrlIsAcceptedByTheJdkAndAgreesWithTheIndex() throws Exception {
        Random random = new Random(1);
        List<BigInteger> serials = new ArrayList<>();
        byte[] der = CrlWriter.of(CA).generated(500, i -> {
            BigInteger s = i % 2 == 0 ? BigInteger.valueOf(random.nextLong() & Long.MAX_VALUE)
                    : new BigInteger(8 * (9 + i % 12), random);
            serials.add(s);
            return s;
        }, i -> i % 3 == 0 ? -1 : i % 11 == 7 ? 9 : i % 11).der();

        X509CRL jdk = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        jdk.verify(CA.certificate().getPublicKey());
        CrlIndex index = CrlIndex.parse(der, CA.certificate());

        assertThat(jdk.getRevokedCertificates()).hasSize(500);
        assertThat(index.size()).isEqualTo(500);
        for (BigInteger serial : serials) {
            X509CRLEntry expected = jdk.getRevokedCertificate(serial);
            RevokedEntry actual = index.find(serial).orElseThrow();
            assertThat(actual.revocationDate()).isEqualTo(expected.getRevocationDate().toInstant());
            assertThat(actual.reason().map(r -> r.code()))
                    .isEqualTo(Optional.ofNullable(expected.getRevocationReason()).map(r -> r.ordinal()));
        }
    }

    @Test
    void serialsOfEverySizeAndSignAreFoundAndNeighboursAreNot() {
        BigInteger two63 = BigInteger.ONE.shiftLeft(63);
        List<BigInteger> serials = List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(127),
                BigInteger.valueOf(128), BigInteger.valueOf(Long.MAX_VALUE), two63, two63.add(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(159).add(BigInteger.valueOf(12345)), BigInteger.valueOf(-5),
                new BigInteger("00ff00ff00ff00ff00ff00ff00ff00ff00ff", 16));
        CrlWriter writer = CrlWriter.of(CA);
        // written in descending order so that both sorts have work to do
        serials.stream().sorted((a, b) -> b.compareTo(a)).forEach(s -> writer.revoke(s, WHEN, 1));

        CrlIndex index = CrlIndex.parse(writer.der(), CA.certificate());

        assertThat(index.size()).isEqualTo(serials.size());
        for (BigInteger s : serials) {
            assertThat(index.find(s)).as("serial %s", s).isPresent();
            if (!serials.contains(s.add(BigInteger.ONE))) {
                assertThat(index.find(s.add(BigInteger.ONE))).as("serial %s + 1", s).isEmpty();
            }
        }
        assertThat(index.find(BigInteger.valueOf(2))).isEmpty();
    }

    @Test
    void largeUnsortedCrlIsIndexedCompletely() {
        Random random = new Random(7);
        long[] small = random.longs(50_000, 0, Long.MAX_VALUE).toArray();
        BigInteger[] big = new BigInteger[50_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = new BigInteger(144, random).setBit(143);
        }
        byte[] der = CrlWriter.of(CA).generated(100_000,
                i -> i % 2 == 0 ? BigInteger.valueOf(small[i / 2]) : big[i / 2], i -> i % 7).der();

        CrlIndex index = CrlIndex.parse(der, CA.certificate());

        assertThat(index.size()).isEqualTo(100_000);
        for (int i = 0; i < 1000; i++) {
            assertThat(index.find(BigInteger.valueOf(small[i]))).isPresent();
            assertThat(index.find(big[i]).orElseThrow().revocationDate())
                    .isEqualTo(CrlWriter.BASE.minusSeconds(2L * i + 1));
            assertThat(index.find(big[i].add(BigInteger.ONE))).isEmpty();
        }
    }

    @Test
    void millionEntryCrlIsIndexedCompletely() {
        // written from the highest serial down, a quarter of them 20-byte serials
        int n = 1_000_000;
        BigInteger big = BigInteger.ONE.shiftLeft(150);
        byte[] der = CrlWriter.of(CA).generated(n,
                i -> i % 4 == 0 ? big.add(BigInteger.valueOf(n - i)) : BigInteger.valueOf(3L * (n - i)), i -> 1).der();

        CrlIndex index = CrlIndex.parse(der, CA.certificate());

        assertThat(der.length).isGreaterThan(30_000_000);
        assertThat(index.size()).isEqualTo(n);
        Random random = new Random(3);
        for (int k = 0; k < 10_000; k++) {
            int i = random.nextInt(n);
            BigInteger serial = i % 4 == 0 ? big.add(BigInteger.valueOf(n - i)) : BigInteger.valueOf(3L * (n - i));
            assertThat(index.find(serial).map(RevokedEntry::revocationDate)).contains(CrlWriter.BASE.minusSeconds(i));
            if (i % 4 != 0) {
                assertThat(index.find(serial.add(BigInteger.ONE))).isEmpty();
            }
        }
        assertThat(index.find(big)).isEmpty();
    }

    @Test
    void crlWithoutEntriesOrNextUpdateOrNumberIsRead() {
        CrlIndex index = CrlIndex.parse(CrlWriter.of(CA).updates(WHEN, null).number(null).der(), CA.certificate());

        assertThat(index.size()).isZero();
        assertThat(index.nextUpdate()).isEmpty();
        assertThat(index.number()).isEmpty();
        assertThat(index.find(BigInteger.ONE)).isEmpty();
    }

    @Test
    void deltaCrlCarriesItsBaseNumber() throws Exception {
        CrlIndex index = CrlIndex.parse(TestPki.crl(CA).number(5).deltaOf(3).issue().getEncoded(), CA.certificate());

        assertThat(index.isDelta()).isTrue();
        assertThat(index.deltaBase()).contains(BigInteger.valueOf(3));
        assertThat(index.number()).contains(BigInteger.valueOf(5));
    }

    @Test
    void crlOfAnotherIssuerIsRejected() throws Exception {
        TestPki.Issued other = TestPki.intermediate(ROOT, "CN=Other CA").issueWithKey();
        byte[] der = TestPki.crl(other).issue().getEncoded();

        assertThat(catchThrowable(() -> CrlIndex.parse(der, CA.certificate())))
                .isInstanceOf(CrlException.class).hasMessageContaining("CN=Other CA")
                .extracting(e -> ((CrlException) e).unknownCause()).isEqualTo(UnknownCause.WRONG_ISSUER);
    }

    @Test
    void crlSignedByAnotherKeyOfTheSameNameIsRejected() {
        TestPki.Issued imposter = TestPki.intermediate(ROOT, "CN=Index Test CA").keys(TestPki.rsa("imposter"))
                .issueWithKey();

        // with an authority key identifier, the mismatch is seen before the signature
        assertThat(cause(() -> CrlIndex.parse(CrlWriter.of(imposter).der(), CA.certificate())))
                .isEqualTo(UnknownCause.WRONG_ISSUER);
        // without one, the signature does not verify
        assertThat(cause(() -> CrlIndex.parse(CrlWriter.of(imposter).withoutAuthorityKeyId().der(),
                CA.certificate()))).isEqualTo(UnknownCause.BAD_SIGNATURE);
    }

    @Test
    void tamperedCrlFailsTheSignature() {
        byte[] der = CrlWriter.of(CA).revoke(BigInteger.valueOf(1234), WHEN, 1).der();
        int at = indexOf(der, new byte[] {0x02, 0x02, 0x04, (byte) 0xD2}); // the serial 1234
        der[at + 3] = (byte) 0xD3;

        assertThatThrownBy(() -> CrlIndex.parse(der, CA.certificate())).isInstanceOf(CrlException.class)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void issuerWithoutCrlSignKeyUsageIsRejected() {
        TestPki.Issued noCrlSign = TestPki.intermediate(ROOT, "CN=No CRL Sign CA")
                .keyUsage(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign).issueWithKey();

        assertThatThrownBy(() -> CrlIndex.parse(CrlWriter.of(noCrlSign).der(), noCrlSign.certificate()))
                .isInstanceOf(CrlException.class).hasMessageContaining("cRLSign");
    }

    @Test
    void unknownCriticalExtensionAndIndirectCrlAreUnsupported() throws Exception {
        Extension unknown = new Extension(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.4"), true,
                new byte[] {0x05, 0x00});
        Extension indirect = new Extension(Extension.issuingDistributionPoint, true,
                new IssuingDistributionPoint(null, false, false, null, true, false).getEncoded());

        assertThat(cause(() -> CrlIndex.parse(CrlWriter.of(CA).extension(unknown).der(), CA.certificate())))
                .isEqualTo(UnknownCause.UNSUPPORTED_CRL);
        assertThat(cause(() -> CrlIndex.parse(CrlWriter.of(CA).extension(indirect).der(), CA.certificate())))
                .isEqualTo(UnknownCause.UNSUPPORTED_CRL);
    }

    @Test
    void everyTruncationIsMalformedWithAClearReason() {
        byte[] der = CrlWriter.of(CA).revoke(BigInteger.valueOf(77), WHEN, 1).revoke(BigInteger.TEN, WHEN, -1).der();

        for (int length = 0; length < der.length; length++) {
            byte[] cut = Arrays.copyOf(der, length);
            assertThat(catchThrowable(() -> CrlIndex.parse(cut, CA.certificate()))).as("cut at %d", length)
                    .isInstanceOf(CrlException.class).hasMessageStartingWith("malformed CRL: ")
                    .extracting(e -> ((CrlException) e).unknownCause()).isEqualTo(UnknownCause.MALFORMED);
        }
    }

    @Test
    void garbageAndHtmlAreMalformed() {
        assertThat(cause(() -> CrlIndex.parse("<html>Not Found</html>".getBytes(StandardCharsets.US_ASCII),
                CA.certificate()))).isEqualTo(UnknownCause.MALFORMED);
        assertThat(cause(() -> CrlIndex.parse("-----BEGIN X509 CRL-----\n!!!\n-----END X509 CRL-----"
                .getBytes(StandardCharsets.US_ASCII), CA.certificate()))).isEqualTo(UnknownCause.MALFORMED);
        assertThat(cause(() -> CrlIndex.parse(new byte[] {0x30, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF}, CA.certificate()))).isEqualTo(UnknownCause.MALFORMED);
        assertThat(cause(() -> CrlIndex.parse(new byte[0], CA.certificate()))).isEqualTo(UnknownCause.MALFORMED);
    }

    @Test
    void randomlyCorruptedCrlsFailOnlyWithCrlException() {
        byte[] der = CrlWriter.of(CA).revoke(BigInteger.valueOf(77), WHEN, 1).revoke(BigInteger.TEN, WHEN, -1).der();
        Random random = new Random(42);
        int rejected = 0;
        for (int round = 0; round < 500; round++) {
            byte[] bad = der.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            Throwable thrown = catchThrowable(() -> CrlIndex.parse(bad, CA.certificate()));
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(CrlException.class);
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(450);
    }

    @Test
    void entryWithACriticalCertificateIssuerExtensionIsUnsupported() {
        byte[] entry = {0x30, 0x22, 0x02, 0x01, 0x05, 0x17, 0x0D, '2', '6', '0', '1', '0', '1', '0', '0', '0', '0',
                '0', '0', 'Z', 0x30, 0x0E, 0x30, 0x0C, 0x06, 0x03, 0x55, 0x1D, 0x1D, 0x01, 0x01, (byte) 0xFF, 0x04,
                0x02, 0x30, 0x00};

        assertThatThrownBy(() -> CrlIndex.parse(CrlWriter.of(CA).rawEntry(entry).der(), CA.certificate()))
                .isInstanceOf(CrlException.class).hasMessageContaining("2.5.29.29")
                .extracting(e -> ((CrlException) e).unknownCause()).isEqualTo(UnknownCause.UNSUPPORTED_CRL);
    }

    private static UnknownCause cause(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(CrlException.class);
        return ((CrlException) t).unknownCause();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
