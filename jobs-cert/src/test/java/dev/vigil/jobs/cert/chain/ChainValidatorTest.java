package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.ChainFixtures.INTERMEDIATE;
import static dev.vigil.jobs.cert.chain.ChainFixtures.ROOT;
import static dev.vigil.jobs.cert.chain.ChainFixtures.der;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.chain.ChainFixtures.FakeUrlFetcher;
import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.cert.UrlFetcher;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class ChainValidatorTest {
    /** Inside the validity of every default TestPki certificate (leaves: 2026-01-01 for 90 days). */
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");
    private static final String ROOT_SUBJECT = "CN=Chain Root";
    private static final String INT_SUBJECT = "CN=Chain Int";
    private static final String INT2_SUBJECT = "CN=Chain Int 2";
    private static final String INT_URL = "http://ca.test/int.cer";
    private static final String INT2_URL = "http://ca.test/int2.p7c";

    private final CaIssuersCache cache = CaIssuersCache.create();

    private static ChainValidator validator() {
        return ChainValidator.builder(List.of(ROOT.certificate())).build();
    }

    private static ChainValidator validator(UrlFetcher fetcher) {
        return ChainValidator.builder(List.of(ROOT.certificate())).issuerFetcher(fetcher).build();
    }

    private static TestPki.CertificateSpec leaf(TestPki.Issued issuer) {
        return TestPki.leaf(issuer).subject("CN=www.example.com").dnsNames("www.example.com");
    }

    private static List<ChainStatus> ids(ChainValidation result) {
        return result.problems().stream().map(ChainProblem::id).toList();
    }

    @Test
    void rootIntermediateLeafIsValid() {
        X509Certificate leaf = leaf(INTERMEDIATE).issue();

        ChainValidation result = validator().validate(leaf, List.of(INTERMEDIATE.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.VALID);
        assertThat(result.valid()).isTrue();
        assertThat(result.problems()).isEmpty();
        assertThat(result.path()).containsExactly("CN=www.example.com", INT_SUBJECT, ROOT_SUBJECT);
        assertThat(result.aiaFetches()).isZero();
    }

    @Test
    void theRootAmongTheIntermediatesStillEndsThePathAtTheTrustAnchor() {
        X509Certificate leaf = leaf(INTERMEDIATE).issue();

        ChainValidation result = validator().validate(leaf,
                List.of(ROOT.certificate(), INTERMEDIATE.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.VALID);
        assertThat(result.path()).containsExactly("CN=www.example.com", INT_SUBJECT, ROOT_SUBJECT);
    }

    @Test
    void leafSignedByTheWrongKeyIsInvalidSignature() {
        TestPki.Issued impostor = new TestPki.Issued(INTERMEDIATE.certificate(), TestPki.rsa("Chain Wrong").getPrivate());
        X509Certificate leaf = leaf(impostor).issue();

        ChainValidation result = validator().validate(leaf, List.of(INTERMEDIATE.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.INVALID_SIGNATURE);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isZero();
            assertThat(p.certificate()).isEqualTo("CN=www.example.com");
            assertThat(p.detail()).contains(INT_SUBJECT);
        });
        assertThat(result.path()).containsExactly("CN=www.example.com", INT_SUBJECT, ROOT_SUBJECT);
    }

    @Test
    void missingIntermediateIsIncompleteChain() {
        X509Certificate leaf = leaf(INTERMEDIATE).issue();
        FakeUrlFetcher fetcher = new FakeUrlFetcher();

        ChainValidation result = validator(fetcher).validate(leaf, List.of(), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.INCOMPLETE_CHAIN);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isZero();
            assertThat(p.detail()).contains(INT_SUBJECT).contains("no caIssuers URL");
        });
        assertThat(result.path()).containsExactly("CN=www.example.com");
        assertThat(fetcher.totalCalls()).isZero();
    }

    @Test
    void withoutAnIssuerFetcherCaIssuersUrlsAreNotFollowed() {
        X509Certificate leaf = leaf(INTERMEDIATE).caIssuers(INT_URL).issue();

        ChainValidation result = validator().validate(leaf, List.of(), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.INCOMPLETE_CHAIN);
        assertThat(result.problems().get(0).detail()).contains("no issuer fetcher is configured");
        assertThat(result.aiaFetches()).isZero();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aSelfSignedRootThatIsNotATrustAnchorIsIncompleteChain() {
        TestPki.Issued otherRoot = TestPki.rootCa("CN=Chain Other Root");
        X509Certificate leaf = leaf(otherRoot).issue();

        ChainValidation result = validator().validate(leaf, List.of(otherRoot.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.INCOMPLETE_CHAIN);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo(1);
            assertThat(p.certificate()).isEqualTo("CN=Chain Other Root");
            assertThat(p.detail()).contains("self-issued").contains("not a trust anchor");
        });
    }

    @Test
    void missingIntermediateFetchedThroughCaIssuersIsValidAndTheNextValidationTakesItFromTheCache() {
        X509Certificate leaf = leaf(INTERMEDIATE).caIssuers(INT_URL).issue();
        X509Certificate otherLeaf = leaf(INTERMEDIATE).subject("CN=api.example.com").caIssuers(INT_URL).issue();
        FakeUrlFetcher fetcher = new FakeUrlFetcher().serve(INT_URL, der(INTERMEDIATE.certificate()));
        ChainValidator validator = validator(fetcher);

        ChainValidation first = validator.validate(leaf, List.of(), AT, cache);
        ChainValidation second = validator.validate(otherLeaf, List.of(), AT, cache);

        assertThat(first.status()).isEqualTo(ChainStatus.VALID);
        assertThat(first.path()).containsExactly("CN=www.example.com", INT_SUBJECT, ROOT_SUBJECT);
        assertThat(first.aiaFetches()).isEqualTo(1);
        assertThat(second.status()).isEqualTo(ChainStatus.VALID);
        assertThat(second.aiaFetches()).isZero();
        assertThat(fetcher.calls(INT_URL)).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void twoMissingLevelsAreFetchedOneAfterTheOtherFromDerAndPkcs7Answers() {
        TestPki.Issued int2 = TestPki.intermediate(INTERMEDIATE, INT2_SUBJECT).caIssuers(INT_URL).issueWithKey();
        X509Certificate leaf = leaf(int2).caIssuers(INT2_URL).issue();
        FakeUrlFetcher fetcher = new FakeUrlFetcher()
                .serve(INT2_URL, ChainFixtures.pkcs7(int2.certificate()))
                .serve(INT_URL, der(INTERMEDIATE.certificate()));

        ChainValidation result = validator(fetcher).validate(leaf, List.of(), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.VALID);
        assertThat(result.path()).containsExactly("CN=www.example.com", INT2_SUBJECT, INT_SUBJECT, ROOT_SUBJECT);
        assertThat(result.aiaFetches()).isEqualTo(2);
    }

    @Test
    void aPkcs7BundleWithTheLevelsAboveCompletesThePathInOneFetch() {
        TestPki.Issued int2 = TestPki.intermediate(INTERMEDIATE, INT2_SUBJECT).caIssuers(INT_URL).issueWithKey();
        X509Certificate leaf = leaf(int2).caIssuers(INT2_URL).issue();
        FakeUrlFetcher fetcher = new FakeUrlFetcher()
                .serve(INT2_URL, ChainFixtures.pkcs7(int2.certificate(), INTERMEDIATE.certificate()));

        ChainValidation result = validator(fetcher).validate(leaf, List.of(), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.VALID);
        assertThat(result.aiaFetches()).isEqualTo(1);
        assertThat(fetcher.calls(INT_URL)).isZero();
    }

    @Test
    void aFailingCaIssuersUrlIsIncompleteChainWithTheFetchErrorAndIsTriedOncePerRun() {
        X509Certificate leaf = leaf(INTERMEDIATE).caIssuers(INT_URL).issue();
        FakeUrlFetcher fetcher = new FakeUrlFetcher();
        ChainValidator validator = validator(fetcher);

        ChainValidation first = validator.validate(leaf, List.of(), AT, cache);
        ChainValidation second = validator.validate(leaf, List.of(), AT, cache);

        assertThat(first.status()).isEqualTo(ChainStatus.INCOMPLETE_CHAIN);
        assertThat(first.problems()).singleElement().satisfies(p ->
                assertThat(p.detail()).contains(INT_URL).contains("connection refused by ca.test"));
        assertThat(first.aiaFetches()).isEqualTo(1);
        assertThat(second.status()).isEqualTo(ChainStatus.INCOMPLETE_CHAIN);
        assertThat(second.problems().get(0).detail()).contains("connection refused by ca.test");
        assertThat(second.aiaFetches()).isZero();
        assertThat(fetcher.calls(INT_URL)).isEqualTo(1);
    }

    @Test
    void aCaIssuersAnswerThatIsNotACertificateIsReportedInTheIncompleteChain() {
        X509Certificate leaf = leaf(INTERMEDIATE).caIssuers(INT_URL).issue();
        FakeUrlFetcher fetcher = new FakeUrlFetcher()
                .serve(INT_URL, "<html>moved</html>".getBytes(StandardCharsets.US_ASCII));

        ChainValidation result = validator(fetcher).validate(leaf, List.of(), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.INCOMPLETE_CHAIN);
        assertThat(result.problems().get(0).detail()).contains(INT_URL).contains("not DER, PEM or PKCS#7");
    }

    @Test
    void fetchesStopAtTheLimitPerValidation() {
        String dead = "http://dead.test/int.cer";
        X509Certificate leaf = leaf(INTERMEDIATE).caIssuers(dead, INT_URL).issue();
        FakeUrlFetcher fetcher = new FakeUrlFetcher().serve(INT_URL, der(INTERMEDIATE.certificate()));
        ChainValidator validator = ChainValidator.builder(List.of(ROOT.certificate()))
                .issuerFetcher(fetcher).maxFetches(1).build();

        ChainValidation result = validator.validate(leaf, List.of(), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.INCOMPLETE_CHAIN);
        assertThat(result.problems().get(0).detail()).contains("limit of 1 fetches per validation");
        assertThat(result.aiaFetches()).isEqualTo(1);
        assertThat(fetcher.calls(INT_URL)).isZero();
    }

    @Test
    void fetchingStopsAtTheDepthLimit() {
        TestPki.Issued int2 = TestPki.intermediate(INTERMEDIATE, INT2_SUBJECT).caIssuers(INT_URL).issueWithKey();
        X509Certificate leaf = leaf(int2).caIssuers(INT2_URL).issue();
        FakeUrlFetcher fetcher = new FakeUrlFetcher()
                .serve(INT2_URL, der(int2.certificate()))
                .serve(INT_URL, der(INTERMEDIATE.certificate()));
        ChainValidator validator = ChainValidator.builder(List.of(ROOT.certificate()))
                .issuerFetcher(fetcher).maxAiaDepth(1).build();

        ChainValidation result = validator.validate(leaf, List.of(), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.INCOMPLETE_CHAIN);
        assertThat(result.problems().get(0).position()).isEqualTo(1);
        assertThat(result.problems().get(0).detail()).contains("depth limit of 1");
        assertThat(fetcher.totalCalls()).isEqualTo(1);
    }

    @Test
    void expiredLeafIsExpired() {
        X509Certificate leaf = leaf(INTERMEDIATE).issue();

        ChainValidation result = validator().validate(leaf, List.of(INTERMEDIATE.certificate()),
                Instant.parse("2026-06-01T00:00:00Z"), cache);

        assertThat(result.status()).isEqualTo(ChainStatus.EXPIRED);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isZero();
            assertThat(p.detail()).contains("2026-04-01T00:00:00Z");
        });
    }

    @Test
    void expiredIntermediateIsExpiredAndNamesTheIntermediate() {
        X509Certificate expired = TestPki.intermediate(ROOT, INT_SUBJECT)
                .validity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-15T00:00:00Z")).issue();
        X509Certificate leaf = leaf(INTERMEDIATE).issue();

        ChainValidation result = validator().validate(leaf, List.of(expired), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.EXPIRED);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo(1);
            assertThat(p.certificate()).isEqualTo(INT_SUBJECT);
        });
        assertThat(result.path()).containsExactly("CN=www.example.com", INT_SUBJECT, ROOT_SUBJECT);
    }

    @Test
    void aLeafBeforeItsNotBeforeIsNotYetValid() {
        X509Certificate leaf = leaf(INTERMEDIATE)
                .validity(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z")).issue();

        ChainValidation result = validator().validate(leaf, List.of(INTERMEDIATE.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.NOT_YET_VALID);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isZero();
            assertThat(p.certificate()).isEqualTo("CN=www.example.com");
        });
    }

    @Test
    void intermediateWithoutTheCaFlagIsNotCaCert() {
        TestPki.Issued notCa = TestPki.intermediate(ROOT, INT_SUBJECT).ca(false).issueWithKey();
        X509Certificate leaf = leaf(notCa).issue();

        ChainValidation result = validator().validate(leaf, List.of(notCa.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.NOT_CA_CERT);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo(1);
            assertThat(p.certificate()).isEqualTo(INT_SUBJECT);
        });
    }

    @Test
    void anIntermediateBelowAPathLengthZeroCaIsPathTooLong() {
        TestPki.Issued int1 = TestPki.intermediate(ROOT, INT_SUBJECT).pathLength(0).issueWithKey();
        TestPki.Issued int2 = TestPki.intermediate(int1, INT2_SUBJECT).issueWithKey();
        X509Certificate leaf = leaf(int2).issue();

        ChainValidation result = validator().validate(leaf, List.of(int1.certificate(), int2.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.PATH_TOO_LONG);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo(1);
            assertThat(p.certificate()).isEqualTo(INT2_SUBJECT);
            assertThat(p.detail()).contains(INT_SUBJECT).contains("pathLenConstraint 0");
        });
    }

    @Test
    void aLeafNameOutsideThePermittedSubtreeIsNameConstraints() {
        TestPki.Issued constrained = TestPki.intermediate(ROOT, INT_SUBJECT)
                .extension(ChainFixtures.dnsNameConstraints(List.of("example.com"), List.of())).issueWithKey();
        X509Certificate evil = TestPki.leaf(constrained).subject("CN=evil.org").dnsNames("evil.org").issue();
        X509Certificate good = leaf(constrained).issue();

        ChainValidation bad = validator().validate(evil, List.of(constrained.certificate()), AT, cache);
        ChainValidation fine = validator().validate(good, List.of(constrained.certificate()), AT, cache);

        assertThat(bad.status()).isEqualTo(ChainStatus.NAME_CONSTRAINTS);
        assertThat(bad.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isZero();
            assertThat(p.detail()).contains("dNSName evil.org").contains("outside the permitted").contains(INT_SUBJECT);
        });
        assertThat(fine.status()).isEqualTo(ChainStatus.VALID);
    }

    @Test
    void aLeafNameInsideAnExcludedSubtreeIsNameConstraints() {
        TestPki.Issued constrained = TestPki.intermediate(ROOT, INT_SUBJECT)
                .extension(ChainFixtures.dnsNameConstraints(List.of(), List.of("evil.org"))).issueWithKey();
        X509Certificate evil = TestPki.leaf(constrained).subject("CN=www").dnsNames("www.evil.org").issue();

        ChainValidation result = validator().validate(evil, List.of(constrained.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.NAME_CONSTRAINTS);
        assertThat(result.problems().get(0).detail()).contains("www.evil.org").contains("excluded");
    }

    @Test
    void intermediateWithoutKeyCertSignIsKeyUsage() {
        TestPki.Issued noCertSign = TestPki.intermediate(ROOT, INT_SUBJECT)
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign).issueWithKey();
        X509Certificate leaf = leaf(noCertSign).issue();

        ChainValidation result = validator().validate(leaf, List.of(noCertSign.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.KEY_USAGE);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo(1);
            assertThat(p.detail()).contains("keyCertSign");
        });
    }

    @Test
    void aLeafAssertingKeyCertSignWithoutBeingACaIsKeyUsage() {
        X509Certificate leaf = leaf(INTERMEDIATE).keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign).issue();

        ChainValidation result = validator().validate(leaf, List.of(INTERMEDIATE.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.KEY_USAGE);
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.position()).isZero());
    }

    @Test
    void aCertificateTheRevocationSourceCallsRevokedIsRevoked() {
        X509Certificate leaf = leaf(INTERMEDIATE).issue();
        RevocationSource source = (certificate, issuer) -> Optional.of(
                certificate.getSerialNumber().equals(leaf.getSerialNumber())
                        && issuer.equals(INTERMEDIATE.certificate()));
        ChainValidator validator = ChainValidator.builder(List.of(ROOT.certificate())).revocationSource(source).build();

        ChainValidation result = validator.validate(leaf, List.of(INTERMEDIATE.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.REVOKED);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isZero();
            assertThat(p.detail()).contains(leaf.getSerialNumber().toString(16));
        });
    }

    @Test
    void aFailingRevocationSourceMeansUnknownNotRevoked() {
        X509Certificate leaf = leaf(INTERMEDIATE).issue();
        ChainValidator validator = ChainValidator.builder(List.of(ROOT.certificate()))
                .revocationSource((certificate, issuer) -> {
                    throw new IllegalStateException("CRL index not loaded");
                }).build();

        ChainValidation result = validator.validate(leaf, List.of(INTERMEDIATE.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.VALID);
    }

    @Test
    void anExpiredLeafWithAWrongSignatureReportsBothProblems() {
        TestPki.Issued impostor = new TestPki.Issued(INTERMEDIATE.certificate(), TestPki.rsa("Chain Wrong").getPrivate());
        X509Certificate leaf = leaf(impostor).issue();

        ChainValidation result = validator().validate(leaf, List.of(INTERMEDIATE.certificate()),
                Instant.parse("2026-06-01T00:00:00Z"), cache);

        assertThat(result.status()).isEqualTo(ChainStatus.INVALID_SIGNATURE);
        assertThat(ids(result)).containsExactly(ChainStatus.INVALID_SIGNATURE, ChainStatus.EXPIRED);
    }

    @Test
    void problemsOfSeveralCertificatesAreAllReportedInPathOrder() {
        TestPki.Issued int1 = TestPki.intermediate(ROOT, INT_SUBJECT).pathLength(0)
                .validity(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-15T00:00:00Z"))
                .extension(ChainFixtures.dnsNameConstraints(List.of("example.com"), List.of())).issueWithKey();
        TestPki.Issued int2 = TestPki.intermediate(int1, INT2_SUBJECT).keyUsage(KeyUsage.digitalSignature).issueWithKey();
        X509Certificate leaf = TestPki.leaf(int2).subject("CN=evil.org").dnsNames("evil.org")
                .validity(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-05-01T00:00:00Z")).issue();

        ChainValidation result = validator().validate(leaf, List.of(int2.certificate(), int1.certificate()), AT, cache);

        assertThat(result.problems()).extracting(ChainProblem::position, ChainProblem::id).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, ChainStatus.NOT_YET_VALID),
                org.assertj.core.groups.Tuple.tuple(0, ChainStatus.NAME_CONSTRAINTS),
                org.assertj.core.groups.Tuple.tuple(1, ChainStatus.PATH_TOO_LONG),
                org.assertj.core.groups.Tuple.tuple(1, ChainStatus.KEY_USAGE),
                org.assertj.core.groups.Tuple.tuple(2, ChainStatus.EXPIRED));
        assertThat(result.status()).isEqualTo(ChainStatus.EXPIRED);
    }

    @Test
    void aLeafWhoseDerIsGarbageIsMalformedCertificate() {
        byte[] garbage = {0x30, (byte) 0x82, 0x01, 0x00, 0x02, 0x01};

        ChainValidation result = validator().validateEncoded(garbage, List.of(), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.MALFORMED_CERTIFICATE);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.certificate()).isEqualTo("leaf");
            assertThat(p.detail()).contains("does not decode");
        });
        assertThat(result.path()).isEmpty();
    }

    @Test
    void garbageAndNullIntermediatesAreReportedAndTheOthersStillBuildThePath() {
        X509Certificate leaf = leaf(INTERMEDIATE).issue();
        List<byte[]> intermediates = Arrays.asList("junk".getBytes(StandardCharsets.US_ASCII), null,
                der(INTERMEDIATE.certificate()));

        ChainValidation result = validator().validateEncoded(der(leaf), intermediates, AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.MALFORMED_CERTIFICATE);
        assertThat(result.problems()).extracting(ChainProblem::certificate)
                .containsExactly("intermediate #0", "intermediate #1");
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.position()).isEqualTo(ChainProblem.NOT_IN_PATH));
        assertThat(result.path()).containsExactly("CN=www.example.com", INT_SUBJECT, ROOT_SUBJECT);
    }

    @Test
    void aNullElementAmongCertificateIntermediatesIsReportedNotThrown() {
        X509Certificate leaf = leaf(INTERMEDIATE).issue();

        ChainValidation result = validator().validate(leaf, Arrays.asList(null, INTERMEDIATE.certificate()), AT, cache);

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(ChainStatus.MALFORMED_CERTIFICATE);
            assertThat(p.certificate()).isEqualTo("intermediate #0");
            assertThat(p.detail()).contains("is null");
        });
    }

    @Test
    void theBuilderRejectsNoTrustAnchorsAndSettingsMadeTwiceOrOutOfRange() {
        assertThatThrownBy(() -> ChainValidator.builder(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one trust anchor");
        assertThatThrownBy(() -> ChainValidator.builder(List.of(ROOT.certificate())).maxFetches(2).maxFetches(3))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxFetches");
        assertThatThrownBy(() -> ChainValidator.builder(List.of(ROOT.certificate())).maxAiaDepth(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAiaDepth");
        assertThatThrownBy(() -> validator().validate(null, List.of(), AT, cache))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("leaf");
    }
}
