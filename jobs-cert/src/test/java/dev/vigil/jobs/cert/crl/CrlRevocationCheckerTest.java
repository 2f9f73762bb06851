package dev.vigil.jobs.cert.crl;

import dev.vigil.spi.cert.RevocationReason;
import dev.vigil.spi.cert.UrlFetcher;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.crl.RevocationStatus.State;
import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.testkit.ManualClock;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.junit.jupiter.api.Test;

class CrlRevocationCheckerTest {
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=Checker Test Root");
    private static final TestPki.Issued CA = TestPki.intermediate(ROOT, "CN=Checker Test CA").issueWithKey();
    private static final String URL = "http://crl.example.test/ca.crl";
    private static final String DELTA_URL = "http://crl.example.test/ca-delta.crl";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant REVOKED_AT = Instant.parse("2025-12-24T10:00:00Z");

    private final ManualClock clock = ManualClock.at(T0.plus(Duration.ofHours(1)));
    private final FakeFetcher fetcher = new FakeFetcher();
    private final CrlRevocationChecker checker = new CrlRevocationChecker(CrlCache.builder(fetcher, clock).build());

    private static X509Certificate leaf(String... crlUrls) {
        return TestPki.leaf(CA).subject("CN=www.example.test").crlDistributionPoints(crlUrls).issue();
    }

    private static X509Certificate leafWithDelta() {
        return TestPki.leaf(CA).crlDistributionPoints(URL).extension(freshest(DELTA_URL)).issue();
    }

    private static Extension freshest(String url) {
        try {
            return new Extension(Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null)}).getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(java.security.cert.X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void certificateNotListedIsGood() {
        X509Certificate leaf = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).number(3).revoke(BigInteger.valueOf(1), REVOKED_AT).issue()));

        RevocationStatus status = checker.check(leaf, CA.certificate());

        assertThat(status.state()).isEqualTo(State.GOOD);
        assertThat(status.detail()).contains(URL).contains("#3");
    }

    @Test
    void listedCertificateIsRevokedWithDateAndReason() {
        X509Certificate leaf = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).revoke(leaf.getSerialNumber(), REVOKED_AT, 1).issue()));

        RevocationStatus status = checker.check(leaf, CA.certificate());

        assertThat(status.state()).isEqualTo(State.REVOKED);
        assertThat(status.revocationDate()).contains(REVOKED_AT);
        assertThat(status.reason()).contains(RevocationReason.KEY_COMPROMISE);
        assertThat(status.detail()).contains("key_compromise");
    }

    @Test
    void staleCrlGivesUnknownNeverGood() {
        X509Certificate leaf = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).updates(T0, T0.plus(Duration.ofDays(1))).issue()));
        assertThat(checker.check(leaf, CA.certificate()).state()).isEqualTo(State.GOOD);

        clock.set(T0.plus(Duration.ofDays(1)).plusSeconds(1));
        RevocationStatus status = checker.check(leaf, CA.certificate());

        assertThat(status.state()).isEqualTo(State.UNKNOWN);
        assertThat(status.cause()).contains(UnknownCause.STALE);
        assertThat(status.detail()).contains("expired at 2026-01-02T00:00:00Z");
        assertThat(fetcher.fetches(URL)).isEqualTo(2);
    }

    @Test
    void crlWithoutNextUpdateIsStaleAfterTheMaximumAge() {
        X509Certificate leaf = leaf(URL);
        fetcher.serve(URL, CrlWriter.of(CA).updates(T0, null).der());
        CrlRevocationChecker strict = new CrlRevocationChecker(
                CrlCache.builder(fetcher, clock).maxAge(Duration.ofHours(12)).build());
        assertThat(strict.check(leaf, CA.certificate()).state()).isEqualTo(State.GOOD);

        clock.set(T0.plus(Duration.ofHours(13)));

        assertThat(strict.check(leaf, CA.certificate()).cause()).contains(UnknownCause.STALE);
    }

    @Test
    void crlSignedByAnotherKeyGivesUnknown() {
        X509Certificate leaf = leaf(URL);
        TestPki.Issued imposter = TestPki.intermediate(ROOT, "CN=Checker Test CA").keys(TestPki.rsa("imposter"))
                .issueWithKey();
        fetcher.serve(URL, CrlWriter.of(imposter).withoutAuthorityKeyId().der());

        RevocationStatus status = checker.check(leaf, CA.certificate());

        assertThat(status.cause()).contains(UnknownCause.BAD_SIGNATURE);
        assertThat(status.detail()).contains(URL).contains("signature does not verify");
    }

    @Test
    void crlOfAnotherIssuerGivesUnknown() {
        X509Certificate leaf = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(ROOT).issue()));

        RevocationStatus status = checker.check(leaf, CA.certificate());

        assertThat(status.cause()).contains(UnknownCause.WRONG_ISSUER);
        assertThat(status.detail()).contains("CN=Checker Test Root");
    }

    @Test
    void issuerCertificateThatIsNotTheCertificatesIssuerGivesUnknownWithoutFetching() {
        RevocationStatus status = checker.check(leaf(URL), ROOT.certificate());

        assertThat(status.cause()).contains(UnknownCause.WRONG_ISSUER);
        assertThat(fetcher.totalFetches()).isZero();
    }

    @Test
    void deltaIsAppliedOnTopOfTheBase() {
        X509Certificate inBase = leafWithDelta();
        X509Certificate inDelta = leafWithDelta();
        X509Certificate inNeither = leafWithDelta();
        fetcher.serve(URL, der(TestPki.crl(CA).number(10).revoke(inBase.getSerialNumber(), REVOKED_AT, 4).issue()));
        fetcher.serve(DELTA_URL, der(TestPki.crl(CA).number(11).deltaOf(10)
                .revoke(inDelta.getSerialNumber(), REVOKED_AT.plusSeconds(5), 1).issue()));

        assertThat(checker.check(inBase, CA.certificate()).reason()).contains(RevocationReason.SUPERSEDED);
        RevocationStatus delta = checker.check(inDelta, CA.certificate());
        assertThat(delta.state()).isEqualTo(State.REVOKED);
        assertThat(delta.revocationDate()).contains(REVOKED_AT.plusSeconds(5));
        assertThat(delta.detail()).contains("delta #11");
        assertThat(checker.check(inNeither, CA.certificate()).state()).isEqualTo(State.GOOD);
        assertThat(fetcher.fetches(DELTA_URL)).isEqualTo(1);
    }

    @Test
    void deltaNamedByTheBaseCrlIsFound() {
        X509Certificate leaf = leaf(URL);
        fetcher.serve(URL, CrlWriter.of(CA).number(10L).extension(freshest(DELTA_URL)).der());
        fetcher.serve(DELTA_URL, der(TestPki.crl(CA).number(12).deltaOf(9)
                .revoke(leaf.getSerialNumber(), REVOKED_AT, 6).issue()));

        RevocationStatus status = checker.check(leaf, CA.certificate());

        assertThat(status.state()).isEqualTo(State.REVOKED);
        assertThat(status.reason()).contains(RevocationReason.CERTIFICATE_HOLD);
    }

    @Test
    void removeFromCrlInTheDeltaUnrevokesACertificateOnHold() {
        X509Certificate leaf = leafWithDelta();
        fetcher.serve(URL, der(TestPki.crl(CA).number(10).revoke(leaf.getSerialNumber(), REVOKED_AT, 6).issue()));
        fetcher.serve(DELTA_URL, der(TestPki.crl(CA).number(11).deltaOf(10)
                .revoke(leaf.getSerialNumber(), REVOKED_AT.plusSeconds(60), 8).issue()));

        RevocationStatus status = checker.check(leaf, CA.certificate());

        assertThat(status.state()).isEqualTo(State.GOOD);
        assertThat(status.detail()).contains("removed from the CRL by the delta");
    }

    @Test
    void deltaOfANewerBaseOrOlderThanTheBaseIsIgnored() {
        X509Certificate leaf = leafWithDelta();
        fetcher.serve(URL, der(TestPki.crl(CA).number(10).issue()));
        fetcher.serve(DELTA_URL, der(TestPki.crl(CA).number(12).deltaOf(11)
                .revoke(leaf.getSerialNumber(), REVOKED_AT, 1).issue()));
        assertThat(checker.check(leaf, CA.certificate()).state()).isEqualTo(State.GOOD);

        FakeFetcher other = new FakeFetcher();
        other.serve(URL, der(TestPki.crl(CA).number(10).issue()));
        other.serve(DELTA_URL, der(TestPki.crl(CA).number(9).deltaOf(8)
                .revoke(leaf.getSerialNumber(), REVOKED_AT, 1).issue()));
        CrlRevocationChecker second = new CrlRevocationChecker(CrlCache.builder(other, clock).build());

        assertThat(second.check(leaf, CA.certificate()).state()).isEqualTo(State.GOOD);
    }

    @Test
    void distributionPointServingOnlyADeltaGivesUnknown() {
        fetcher.serve(URL, der(TestPki.crl(CA).number(11).deltaOf(10).issue()));

        assertThat(checker.check(leaf(URL), CA.certificate()).cause()).contains(UnknownCause.OUT_OF_SCOPE);
    }

    @Test
    void garbageCrlGivesUnknownAndTheNextCertificateIsStillChecked() {
        String badUrl = "http://crl.example.test/garbage.crl";
        fetcher.serve(badUrl, "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.US_ASCII));
        X509Certificate good = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).issue()));

        RevocationStatus bad = checker.check(leaf(badUrl), CA.certificate());

        assertThat(bad.cause()).contains(UnknownCause.MALFORMED);
        assertThat(bad.detail()).contains(badUrl).contains("malformed CRL: CertificateList: expected tag 0x30");
        assertThat(checker.check(good, CA.certificate()).state()).isEqualTo(State.GOOD);
    }

    @Test
    void truncatedDownloadGivesUnknownMalformed() {
        byte[] der = der(TestPki.crl(CA).revoke(BigInteger.TEN, REVOKED_AT, 1).issue());
        fetcher.serve(URL, java.util.Arrays.copyOf(der, der.length - 20));

        RevocationStatus status = checker.check(leaf(URL), CA.certificate());

        assertThat(status.cause()).contains(UnknownCause.MALFORMED);
        assertThat(status.detail()).contains("truncated");
    }

    @Test
    void downloadOverTheCapGivesUnknown() {
        fetcher.serve(URL, CrlWriter.of(CA).generated(1000, BigInteger::valueOf, i -> 1).der());
        CrlRevocationChecker capped = new CrlRevocationChecker(
                CrlCache.builder(fetcher, clock).maxBytes(10_000).build());

        RevocationStatus status = capped.check(leaf(URL), CA.certificate());

        assertThat(status.cause()).contains(UnknownCause.TOO_LARGE);
        assertThat(status.detail()).contains("10000 bytes");
    }

    @Test
    void cacheHitDoesNotFetchAgainUntilNextUpdate() {
        fetcher.serve(URL, der(TestPki.crl(CA).updates(T0, T0.plus(Duration.ofDays(7))).issue()));
        for (int i = 0; i < 5; i++) {
            assertThat(checker.check(leaf(URL), CA.certificate()).state()).isEqualTo(State.GOOD);
        }
        clock.set(T0.plus(Duration.ofDays(7)));
        assertThat(checker.check(leaf(URL), CA.certificate()).state()).isEqualTo(State.GOOD);
        assertThat(fetcher.fetches(URL)).isEqualTo(1);

        clock.set(T0.plus(Duration.ofDays(7)).plusSeconds(1));
        fetcher.serve(URL, der(TestPki.crl(CA).number(2).updates(T0.plus(Duration.ofDays(7)),
                T0.plus(Duration.ofDays(14))).issue()));

        assertThat(checker.check(leaf(URL), CA.certificate()).detail()).contains("#2");
        assertThat(fetcher.fetches(URL)).isEqualTo(2);
    }

    @Test
    void oneCrlAtTwoDistributionPointsIsIndexedOnce() {
        String mirror = "http://mirror.example.test/ca.crl";
        byte[] crl = der(TestPki.crl(CA).number(8).revoke(BigInteger.TEN, REVOKED_AT, 1).issue());
        fetcher.serve(URL, crl).serve(mirror, crl);
        CrlCache cache = CrlCache.builder(fetcher, clock).build();

        CrlIndex first = cache.get(java.net.URI.create(URL), CA.certificate()).index();
        CrlIndex second = cache.get(java.net.URI.create(mirror), CA.certificate()).index();

        assertThat(second).isSameAs(first);
        assertThat(fetcher.fetches(mirror)).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void olderCrlNumberNeverReplacesANewerOne() {
        X509Certificate leaf = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).number(5).updates(T0, T0.plus(Duration.ofDays(1))).issue()));
        assertThat(checker.check(leaf, CA.certificate()).detail()).contains("#5");

        // after nextUpdate a stale mirror serves #4, fresh by its own dates: it must not be used
        clock.set(T0.plus(Duration.ofDays(2)));
        fetcher.serve(URL, der(TestPki.crl(CA).number(4).updates(T0, T0.plus(Duration.ofDays(3)))
                .issue()));
        RevocationStatus rollback = checker.check(leaf, CA.certificate());
        assertThat(rollback.cause()).contains(UnknownCause.STALE);
        assertThat(rollback.detail()).contains("#5");

        clock.advance(CrlCache.DEFAULT_RETRY_INTERVAL);
        fetcher.serve(URL, der(TestPki.crl(CA).number(6).updates(T0.plus(Duration.ofDays(2)),
                T0.plus(Duration.ofDays(3))).revoke(leaf.getSerialNumber(), REVOKED_AT, 1).issue()));

        assertThat(checker.check(leaf, CA.certificate()).state()).isEqualTo(State.REVOKED);
    }

    @Test
    void failedDownloadIsRetriedOnlyAfterTheRetryInterval() {
        X509Certificate leaf = leaf(URL);
        for (int i = 0; i < 3; i++) {
            assertThat(checker.check(leaf, CA.certificate()).cause()).contains(UnknownCause.FETCH_FAILED);
        }
        assertThat(fetcher.fetches(URL)).isEqualTo(1);

        clock.advance(CrlCache.DEFAULT_RETRY_INTERVAL);
        fetcher.serve(URL, der(TestPki.crl(CA).issue()));

        assertThat(checker.check(leaf, CA.certificate()).state()).isEqualTo(State.GOOD);
        assertThat(fetcher.fetches(URL)).isEqualTo(2);
    }

    @Test
    void ldapDistributionPointIsAnUnsupportedSchemeAndHttpIsStillTried() {
        String ldap = "ldap://directory.example.test/cn=CA?certificateRevocationList";
        fetcher.serve(URL, der(TestPki.crl(CA).issue()));

        RevocationStatus onlyLdap = checker.check(leaf(ldap), CA.certificate());
        RevocationStatus both = checker.check(leaf(ldap, URL), CA.certificate());

        assertThat(onlyLdap.cause()).contains(UnknownCause.UNSUPPORTED_SCHEME);
        assertThat(onlyLdap.detail()).contains("unsupported scheme 'ldap'");
        assertThat(both.state()).isEqualTo(State.GOOD);
    }

    @Test
    void fetcherThatThrowsSomethingUnexpectedGivesUnknown() {
        UrlFetcher broken = (uri, maxBytes) -> {
            throw new IllegalStateException("proxy misconfigured");
        };
        CrlRevocationChecker withBrokenFetcher = new CrlRevocationChecker(CrlCache.builder(broken, clock).build());

        RevocationStatus status = withBrokenFetcher.check(leaf(URL), CA.certificate());

        assertThat(status.cause()).contains(UnknownCause.FETCH_FAILED);
        assertThat(status.detail()).contains("proxy misconfigured");
    }

    @Test
    void allPointsFailingGivesEveryReason() {
        String second = "http://mirror.example.test/ca.crl";

        RevocationStatus status = checker.check(leaf(URL, second), CA.certificate());

        assertThat(status.cause()).contains(UnknownCause.FETCH_FAILED);
        assertThat(status.detail()).contains(URL).contains(second);
    }

    @Test
    void certificateWithoutDistributionPointGivesUnknown() {
        RevocationStatus status = checker.check(TestPki.leaf(CA).issue(), CA.certificate());

        assertThat(status.cause()).contains(UnknownCause.NO_DISTRIBUTION_POINT);
    }

    @Test
    void crlScopedToCaCertificatesDoesNotAnswerForALeaf() throws Exception {
        Extension onlyCa = new Extension(Extension.issuingDistributionPoint, true,
                new IssuingDistributionPoint(null, false, true, null, false, false).getEncoded());
        fetcher.serve(URL, CrlWriter.of(CA).extension(onlyCa).der());

        RevocationStatus status = checker.check(leaf(URL), CA.certificate());

        assertThat(status.cause()).contains(UnknownCause.OUT_OF_SCOPE);
        assertThat(status.detail()).contains("only CA certificates");
    }

    @Test
    void crlWhoseIssuingDistributionPointNamesAnotherUrlDoesNotAnswer() throws Exception {
        DistributionPointName other = new DistributionPointName(new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, "http://elsewhere.example.test/x.crl")));
        fetcher.serve(URL, CrlWriter.of(CA).extension(new Extension(Extension.issuingDistributionPoint, true,
                new IssuingDistributionPoint(other, false, false).getEncoded())).der());
        String sameUrl = "http://crl.example.test/same.crl";
        DistributionPointName sameName = new DistributionPointName(new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, sameUrl)));
        fetcher.serve(sameUrl, CrlWriter.of(CA).extension(new Extension(Extension.issuingDistributionPoint, true,
                new IssuingDistributionPoint(sameName, false, false).getEncoded())).der());

        assertThat(checker.check(leaf(URL), CA.certificate()).cause()).contains(UnknownCause.OUT_OF_SCOPE);
        assertThat(checker.check(leaf(sameUrl), CA.certificate()).state()).isEqualTo(State.GOOD);
    }

    @Test
    void revocationStatusRejectsInconsistentValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RevocationStatus(State.GOOD,
                Optional.of(T0), Optional.empty(), Optional.empty(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RevocationStatus(State.UNKNOWN,
                Optional.empty(), Optional.empty(), Optional.empty(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
