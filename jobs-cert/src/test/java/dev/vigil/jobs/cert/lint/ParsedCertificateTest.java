package dev.vigil.jobs.cert.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class ParsedCertificateTest {
    @Test
    void timesInTheFormRfc5280PrescribesReadAsBouncyCastleReadsThem() throws Exception {
        List<Time> times = List.of(new Time(new ASN1UTCTime("260315000000Z")), new Time(new ASN1UTCTime("491231235959Z")),
                new Time(new ASN1UTCTime("500101000000Z")), new Time(new ASN1UTCTime("991231235959Z")),
                new Time(new ASN1GeneralizedTime("20500101000000Z")), new Time(new ASN1GeneralizedTime("99991231235959Z")),
                new Time(new ASN1UTCTime("240229120000Z")));

        for (Time time : times) {
            assertThat(ParsedCertificate.time(time.getEncoded())).as(time.toString()).isEqualTo(time.getDate().toInstant());
        }
        assertThat(ParsedCertificate.time(times.get(1).getEncoded())).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
        assertThat(ParsedCertificate.time(times.get(2).getEncoded())).isEqualTo(Instant.parse("1950-01-01T00:00:00Z"));
    }

    @Test
    void timesInOtherFormsAreLeftToBouncyCastle() throws Exception {
        List<Time> times = List.of(new Time(new ASN1UTCTime("2603150000Z")),
                new Time(new ASN1GeneralizedTime("20260315000000.5Z")), new Time(new ASN1UTCTime("260315000000+0100")));

        for (Time time : times) {
            assertThat(ParsedCertificate.time(time.getEncoded())).as(time.toString()).isEqualTo(time.getDate().toInstant());
        }
    }

    @Test
    void theWalkReadsWhatBouncyCastlesFullDecodeReads() throws Exception {
        TestPki.Issued root = TestPki.rootCa("CN=Parse Root");
        X509Certificate leaf = TestPki.leaf(root).subject("CN=www.example.com").dnsNames("www.example.com", "*.example.com")
                .issue();
        X509Certificate ca = root.certificate();
        for (X509Certificate c : List.of(leaf, ca)) {
            ParsedCertificate parsed = ParsedCertificate.of(c);
            Certificate full = Certificate.getInstance(c.getEncoded());

            assertThat(parsed.notBefore).isEqualTo(full.getStartDate().getDate().toInstant());
            assertThat(parsed.notAfter).isEqualTo(full.getEndDate().getDate().toInstant());
            assertThat(parsed.signatureAlgorithm).isEqualTo(full.getSignatureAlgorithm());
            assertThat(parsed.publicKey).isEqualTo(full.getSubjectPublicKeyInfo());
            Extensions extensions = full.getTBSCertificate().getExtensions();
            assertThat(parsed.subjectAltNames).isEqualTo(Optional.ofNullable(GeneralNames.fromExtensions(extensions,
                    Extension.subjectAlternativeName)));
            assertThat(parsed.basicConstraints).isEqualTo(Optional.ofNullable(BasicConstraints.fromExtensions(extensions)));
            assertThat(parsed.malformedExtensions()).isEmpty();
        }
    }

    @Test
    void aVersion1CertificateWithoutExtensionsReads() throws Exception {
        KeyPair keys = TestPki.rsa("Parse V1");
        X509CertificateHolder v1 = new X509v1CertificateBuilder(new X500Name("CN=v1"), BigInteger.TEN,
                Date.from(Instant.parse("2026-01-01T00:00:00Z")), Date.from(Instant.parse("2050-01-01T00:00:00Z")),
                new X500Name("CN=v1"), SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));

        ParsedCertificate parsed = ParsedCertificate.of(v1.getEncoded());

        assertThat(parsed.notBefore).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(parsed.notAfter).isEqualTo(Instant.parse("2050-01-01T00:00:00Z")); // a GeneralizedTime from 2050
        assertThat(parsed.subjectAltNames).isEmpty();
        assertThat(parsed.basicConstraints).isEmpty();
    }

    @Test
    void truncatedTrailingAndGarbageEncodingsAreMalformedCertificates() throws Exception {
        byte[] der = TestPki.leaf(TestPki.rootCa("CN=Parse Root")).dnsNames("a.example.com").issue().getEncoded();
        byte[] trailing = Arrays.copyOf(der, der.length + 1);
        List<byte[]> broken = List.of(Arrays.copyOf(der, der.length - 1), Arrays.copyOf(der, der.length / 2), trailing,
                new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, new byte[] {0x30},
                new byte[0], "not a certificate".getBytes(StandardCharsets.US_ASCII));

        for (byte[] b : broken) {
            assertThatThrownBy(() -> ParsedCertificate.of(b)).as("%d bytes", b.length)
                    .isInstanceOf(ParsedCertificate.MalformedCertificateException.class)
                    .hasMessageStartingWith("the certificate does not decode: ");
        }
    }
}
