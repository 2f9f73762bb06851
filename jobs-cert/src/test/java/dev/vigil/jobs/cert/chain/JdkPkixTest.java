package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.ChainFixtures.INTERMEDIATE;
import static dev.vigil.jobs.cert.chain.ChainFixtures.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.testing.TestPki;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/** The JDK's verdicts, and that Vigil's own checks place the same problem at the same position. */
class JdkPkixTest {
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");

    private static PathSearch.Path path(X509Certificate... certificates) {
        List<X509Certificate> list = new java.util.ArrayList<>(List.of(certificates));
        list.add(ROOT.certificate());
        return new PathSearch.Path(list, true);
    }

    private static void assertJdkAndOwnChecksAgree(PathSearch.Path path, Instant at, ChainStatus id, int position) {
        assertThat(JdkPkix.validate(path, at)).hasValueSatisfying(p -> {
            assertThat(p.id()).isEqualTo(id);
            assertThat(p.position()).isEqualTo(position);
            assertThat(p.detail()).startsWith("the JDK's PKIX validator says: ");
        });
        assertThat(PathChecks.check(path.certificates(), true, at, SignatureEdges.create()::verify,
                new CaFacts(CaFacts.DEFAULT_CAPACITY)))
                .anySatisfy(p -> {
                    assertThat(p.id()).isEqualTo(id);
                    assertThat(p.position()).isEqualTo(position);
                });
    }

    @Test
    void reasonsMapToVigilIdsAndUnknownReasonsToOther() {
        assertThat(JdkPkix.statusOf(BasicReason.EXPIRED)).isEqualTo(ChainStatus.EXPIRED);
        assertThat(JdkPkix.statusOf(BasicReason.NOT_YET_VALID)).isEqualTo(ChainStatus.NOT_YET_VALID);
        assertThat(JdkPkix.statusOf(BasicReason.INVALID_SIGNATURE)).isEqualTo(ChainStatus.INVALID_SIGNATURE);
        assertThat(JdkPkix.statusOf(PKIXReason.NOT_CA_CERT)).isEqualTo(ChainStatus.NOT_CA_CERT);
        assertThat(JdkPkix.statusOf(PKIXReason.PATH_TOO_LONG)).isEqualTo(ChainStatus.PATH_TOO_LONG);
        assertThat(JdkPkix.statusOf(PKIXReason.INVALID_KEY_USAGE)).isEqualTo(ChainStatus.KEY_USAGE);
        assertThat(JdkPkix.statusOf(PKIXReason.INVALID_NAME)).isEqualTo(ChainStatus.NAME_CONSTRAINTS);
        assertThat(JdkPkix.statusOf(BasicReason.ALGORITHM_CONSTRAINED)).isEqualTo(ChainStatus.OTHER);
        assertThat(JdkPkix.statusOf(PKIXReason.UNRECOGNIZED_CRIT_EXT)).isEqualTo(ChainStatus.OTHER);
    }

    @Test
    void aValidPathHasNoJdkProblem() {
        assertThat(JdkPkix.validate(path(TestPki.leaf(INTERMEDIATE).issue(), INTERMEDIATE.certificate()), AT)).isEmpty();
    }

    @Test
    void expiredLeafIsFoundAtPositionZeroByBoth() {
        PathSearch.Path path = path(TestPki.leaf(INTERMEDIATE).issue(), INTERMEDIATE.certificate());

        assertJdkAndOwnChecksAgree(path, Instant.parse("2026-06-01T00:00:00Z"), ChainStatus.EXPIRED, 0);
    }

    @Test
    void intermediateWithoutCaFlagIsFoundAtItsPositionByBoth() {
        TestPki.Issued notCa = TestPki.intermediate(ROOT, "CN=Chain Int").ca(false).issueWithKey();

        assertJdkAndOwnChecksAgree(path(TestPki.leaf(notCa).issue(), notCa.certificate()), AT,
                ChainStatus.NOT_CA_CERT, 1);
    }

    @Test
    void tooLongPathIsFoundAtTheIntermediateTooManyByBoth() {
        TestPki.Issued int1 = TestPki.intermediate(ROOT, "CN=Chain Int").pathLength(0).issueWithKey();
        TestPki.Issued int2 = TestPki.intermediate(int1, "CN=Chain Int 2").issueWithKey();

        assertJdkAndOwnChecksAgree(path(TestPki.leaf(int2).issue(), int2.certificate(), int1.certificate()), AT,
                ChainStatus.PATH_TOO_LONG, 1);
    }

    @Test
    void missingKeyCertSignIsFoundAtTheIntermediateByBoth() {
        TestPki.Issued noCertSign = TestPki.intermediate(ROOT, "CN=Chain Int").keyUsage(KeyUsage.cRLSign).issueWithKey();

        assertJdkAndOwnChecksAgree(path(TestPki.leaf(noCertSign).issue(), noCertSign.certificate()), AT,
                ChainStatus.KEY_USAGE, 1);
    }

    @Test
    void nameOutsideThePermittedSubtreeIsFoundAtTheLeafByBoth() {
        TestPki.Issued constrained = TestPki.intermediate(ROOT, "CN=Chain Int")
                .extension(ChainFixtures.dnsNameConstraints(List.of("example.com"), List.of())).issueWithKey();
        X509Certificate leaf = TestPki.leaf(constrained).subject("CN=evil.org").dnsNames("evil.org").issue();

        assertJdkAndOwnChecksAgree(path(leaf, constrained.certificate()), AT, ChainStatus.NAME_CONSTRAINTS, 0);
    }

    @Test
    void wrongSignatureIsFoundAtTheLeafByBoth() {
        TestPki.Issued impostor = new TestPki.Issued(INTERMEDIATE.certificate(), TestPki.rsa("Chain Wrong").getPrivate());

        assertJdkAndOwnChecksAgree(path(TestPki.leaf(impostor).issue(), INTERMEDIATE.certificate()), AT,
                ChainStatus.INVALID_SIGNATURE, 0);
    }

    @Test
    void theJdkValidatorIsAskedOnlyAboutWhatVigilDoesNotCheck() {
        X509Certificate common = TestPki.leaf(INTERMEDIATE).subject("CN=www.example.com").issue();
        X509Certificate shortKey = TestPki.leaf(INTERMEDIATE).keys(TestPki.rsa(512, "Chain Short"))
                .subject("CN=short.example.com").issue();
        X509Certificate unknownCritical = TestPki.leaf(INTERMEDIATE).subject("CN=odd.example.com")
                .extension(unknownCriticalExtension()).issue();

        assertThat(JdkPkix.addsToVigilsChecks(List.of(common, INTERMEDIATE.certificate(), ROOT.certificate())))
                .isFalse();
        assertThat(JdkPkix.addsToVigilsChecks(List.of(shortKey, INTERMEDIATE.certificate(), ROOT.certificate())))
                .isTrue();
        assertThat(JdkPkix.addsToVigilsChecks(List.of(unknownCritical, INTERMEDIATE.certificate(),
                ROOT.certificate()))).isTrue();
    }

    @Test
    void theSmallestKeyTheJdkAllowsIsReadFromItsDisabledAlgorithms() {
        String jdkDefault = "MD2, MD5, SHA1 jdkCA & usage TLSServer, RSA keySize < 1024, DSA keySize < 1024, "
                + "EC keySize < 224, SHA1 usage SignedJAR & denyAfter 2019-01-01, include jdk.disabled.namedCurves";

        assertThat(JdkPkix.smallestAllowedKey(jdkDefault, "RSA")).isEqualTo(1024);
        assertThat(JdkPkix.smallestAllowedKey(jdkDefault, "EC")).isEqualTo(224);
        assertThat(JdkPkix.smallestAllowedKey("RSA keySize <= 2047, RSA keySize < 1024", "RSA")).isEqualTo(2048);
        assertThat(JdkPkix.smallestAllowedKey("MD5", "RSA")).isZero();
        assertThat(JdkPkix.smallestAllowedKey(null, "RSA")).isZero();
        assertThat(JdkPkix.smallestAllowedKey("RSA usage TLSServer", "RSA")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void anUnrecognisedCriticalExtensionIsStillReportedThroughTheJdkValidator() {
        X509Certificate leaf = TestPki.leaf(INTERMEDIATE).subject("CN=odd.example.com")
                .extension(unknownCriticalExtension()).issue();

        ChainValidation result = ChainValidator.builder(List.of(ROOT.certificate())).build()
                .validate(leaf, List.of(INTERMEDIATE.certificate()), AT, CaIssuersCache.create());

        assertThat(result.status()).isEqualTo(ChainStatus.OTHER);
        assertThat(result.problems()).singleElement().satisfies(p ->
                assertThat(p.detail()).startsWith("the JDK's PKIX validator says: "));
    }

    private static Extension unknownCriticalExtension() {
        try {
            return new Extension(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1"), true,
                    new DERUTF8String("odd").getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
