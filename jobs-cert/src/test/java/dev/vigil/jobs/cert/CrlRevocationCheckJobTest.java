package dev.vigil.jobs.cert;

import static dev.vigil.jobs.cert.RevocationFixtures.der;
import static dev.vigil.jobs.cert.RevocationFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.crl.FakeFetcher;
import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.TrustAnchorSource;
import dev.vigil.spi.cert.UrlFetcher;
import dev.vigil.spi.notify.Notification;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

class CrlRevocationCheckJobTest {
    static final TestPki.Issued ROOT = TestPki.rootCa("CN=CRL Job Root");
    static final TestPki.Issued CA = TestPki.intermediate(ROOT, "CN=CRL Job CA").issueWithKey();
    static final String URL = "http://crl.example.test/ca.crl";
    static final String DELTA_URL = "http://crl.example.test/ca-delta.crl";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant REVOKED_AT = Instant.parse("2025-12-24T10:00:00Z");

    private final ManualClock clock = ManualClock.at(T0.plus(Duration.ofHours(1)));
    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final FakeFetcher fetcher = new FakeFetcher();
    private final CrlRevocationCheckJob job = new CrlRevocationCheckJob();

    static X509Certificate leaf(String... crlUrls) {
        return TestPki.leaf(CA).subject("CN=www.example.test").crlDistributionPoints(crlUrls).issue();
    }

    private HarnessRun run() {
        return harness().run();
    }

    private JobHarness harness() {
        return JobHarness.forJob(job).clock(clock).service(CertificateInventory.class, inventory)
                .service(UrlFetcher.class, fetcher);
    }

    private static CheckFinding onlyFinding(InMemoryCertificateInventory inventory, String id) {
        List<CheckFinding> findings = inventory.check(id, CheckKind.REVOCATION).orElseThrow().findings();
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    @Test
    void eachCertificateGetsGoodRevokedOrUnknownFromItsIssuersCrl() {
        X509Certificate good = leaf(URL);
        X509Certificate revoked = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).number(3)
                .revoke(revoked.getSerialNumber(), REVOKED_AT, CRLReason.keyCompromise).issue()));
        inventory.add(entry("good", good, CA.certificate()))
                .add(entry("revoked", revoked, CA.certificate()))
                .add(entry("no-cdp", leaf(), CA.certificate()))
                .add(Inventories.entry("no-issuer", leaf(URL)));

        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "good", "GOOD", "revoked", "REVOKED", "no-cdp", "UNKNOWN", "no-issuer", "UNKNOWN"));
        assertThat(inventory.check("good", CheckKind.REVOCATION).orElseThrow().findings()).isEmpty();
        assertThat(onlyFinding(inventory, "revoked")).satisfies(f -> {
            assertThat(f.id()).isEqualTo("REVOKED");
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.ERROR);
            assertThat(f.detail()).contains("2025-12-24T10:00:00Z").contains("key_compromise").contains(URL);
        });
        assertThat(onlyFinding(inventory, "no-cdp").id()).isEqualTo("CRL_NO_DISTRIBUTION_POINT");
        assertThat(onlyFinding(inventory, "no-issuer")).satisfies(f -> {
            assertThat(f.id()).isEqualTo("NO_ISSUER");
            assertThat(f.detail()).contains("CN=CRL Job CA");
        });
        assertThat(run.counts().succeeded()).isEqualTo(4);
        assertThat(run.result().message()).contains("1 good, 1 revoked, 2 unknown");
        assertThat(fetcher.fetches(URL)).isEqualTo(1);
    }

    @Test
    void aNewRevocationIsAuditedAndNotified() {
        X509Certificate revoked = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).revoke(revoked.getSerialNumber(), REVOKED_AT, CRLReason.superseded)
                .issue()));
        inventory.add(entry("was-good", revoked, CA.certificate(), "GOOD"));

        HarnessRun run = run();

        assertThat(run.auditEventsWithAction("certificate.revocation-status-changed")).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo("was-good");
            assertThat(e.outcome()).isEqualTo("REVOKED");
            assertThat(e.details()).containsEntry("from", "GOOD").containsEntry("source", "crl")
                    .containsEntry("revokedAt", "2025-12-24T10:00:00Z").containsEntry("reason", "superseded");
        });
        assertThat(run.notifications()).singleElement().satisfies(n -> {
            assertThat(n.topic()).isEqualTo("cert.revoked");
            assertThat(n.severity()).isEqualTo(Notification.Severity.CRITICAL);
            assertThat(n.attributes()).containsEntry("certificateId", "was-good");
        });
    }

    @Test
    void anUnchangedStatusIsNotAuditedAgain() {
        X509Certificate good = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).issue()));
        inventory.add(entry("still-good", good, CA.certificate(), "GOOD"))
                .add(entry("was-unknown", good, CA.certificate(), "UNKNOWN"));

        HarnessRun run = run();

        assertThat(run.auditEventsWithAction("certificate.revocation-status-changed")).singleElement()
                .satisfies(e -> {
                    assertThat(e.target()).isEqualTo("was-unknown");
                    assertThat(e.outcome()).isEqualTo("GOOD");
                });
        assertThat(run.notifications()).isEmpty();
    }

    @Test
    void aRecordedRevocationIsFinalEvenWhenACrlNoLongerListsIt() {
        X509Certificate certificate = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).issue()));
        inventory.add(entry("revoked-by-ca", certificate, CA.certificate(), "REVOKED"));

        HarnessRun run = run();

        assertThat(inventory.check("revoked-by-ca", CheckKind.REVOCATION)).isEmpty();
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(run.auditEvents()).isEmpty();
        assertThat(run.result().message()).contains("1 kept revoked");
    }

    @Test
    void aCertificateWithoutDistributionPointKeepsTheStatusAnotherSourceRecorded() {
        inventory.add(entry("ocsp-only", leaf(), CA.certificate(), "GOOD"));

        HarnessRun run = run();

        assertThat(inventory.check("ocsp-only", CheckKind.REVOCATION)).isEmpty();
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(run.auditEvents()).isEmpty();
    }

    @Test
    void theIssuerMayComeFromTheHostsTrustAnchorsMatchedByNameAndKey() {
        TestPki.Issued impostor = TestPki.intermediate(ROOT, "CN=CRL Job CA").keys(TestPki.rsa("impostor"))
                .issueWithKey(); // same name, other key
        X509Certificate good = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).issue()));
        inventory.add(Inventories.entry("anchored", good));

        HarnessRun run = harness().service(TrustAnchorSource.class,
                () -> List.of(impostor.certificate(), ROOT.certificate(), CA.certificate())).run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsEntry("anchored", "GOOD");
    }

    @Test
    void theCrlCacheOutlivesARunUntilTheCrlsNextUpdate() {
        X509Certificate good = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).updates(T0, T0.plus(Duration.ofDays(1))).issue()));
        inventory.add(entry("good", good, CA.certificate()));

        run();
        clock.advance(Duration.ofHours(6));
        HarnessRun second = run();

        assertThat(fetcher.fetches(URL)).isEqualTo(1);
        assertThat(second.counts().succeeded()).isEqualTo(1);

        clock.advance(Duration.ofHours(20)); // past nextUpdate; the URL still serves the old CRL
        HarnessRun stale = run();

        assertThat(fetcher.fetches(URL)).isEqualTo(2);
        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsEntry("good", "UNKNOWN");
        assertThat(onlyFinding(inventory, "good").id()).isEqualTo("CRL_STALE");
        assertThat(stale.auditEventsWithAction("certificate.revocation-status-changed")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("from", "GOOD")
                        .containsEntry("finding", "CRL_STALE"));
    }

    @Test
    void aDeltaCrlRevocationIsApplied() {
        X509Certificate certificate = TestPki.leaf(CA).crlDistributionPoints(URL).extension(freshest(DELTA_URL)).issue();
        fetcher.serve(URL, der(TestPki.crl(CA).number(10).issue()))
                .serve(DELTA_URL, der(TestPki.crl(CA).number(11).deltaOf(10)
                        .revoke(certificate.getSerialNumber(), REVOKED_AT, CRLReason.keyCompromise).issue()));
        inventory.add(entry("revoked-in-delta", certificate, CA.certificate()));

        run();

        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsEntry("revoked-in-delta", "REVOKED");
        assertThat(onlyFinding(inventory, "revoked-in-delta").detail()).contains("delta #11");
    }

    @Test
    void theDownloadCapIsAParameter() {
        TestPki.CrlSpec big = TestPki.crl(CA);
        for (int i = 0; i < 100; i++) {
            big.revoke(BigInteger.valueOf(1_000_000 + i), REVOKED_AT);
        }
        fetcher.serve(URL, der(big.issue()));
        inventory.add(entry("big-crl", leaf(URL), CA.certificate()));

        harness().parameter(CrlCheck.MAX_CRL_BYTES, "2048").run();

        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsEntry("big-crl", "UNKNOWN");
        assertThat(onlyFinding(inventory, "big-crl").id()).isEqualTo("CRL_TOO_LARGE");
    }

    @Test
    void badInputIsThatCertificatesResultAndTheOthersAreStillChecked() {
        String failing = "http://crl.example.test/missing.crl";
        String garbage = "http://crl.example.test/garbage.crl";
        String forged = "http://crl.example.test/forged.crl";
        fetcher.serve(URL, der(TestPki.crl(CA).issue()))
                .serve(garbage, new byte[] {0x30, (byte) 0x82, 0x01, 0x00, 0x02, 0x01})
                .serve(forged, der(TestPki.crl(new TestPki.Issued(CA.certificate(), TestPki.rsa("forger").getPrivate()))
                        .issue()));
        inventory.add(entry("a-good", leaf(URL), CA.certificate()))
                .add(Inventories.entry("b-malformed", new byte[] {0x30, 0x03, 0x02, 0x01}, Map.of()))
                .add(entry("c-failing-url", leaf(failing), CA.certificate()))
                .add(entry("d-garbage-crl", leaf(garbage), CA.certificate()))
                .add(entry("e-forged-crl", leaf(forged), CA.certificate()))
                .add(RevocationFixtures.entry("f-bad-chain", Inventories.der(leaf(URL)), List.of(new byte[] {1, 2, 3}),
                        Inventories.ADDED, null, java.util.Optional.empty()))
                .add(entry("g-good", leaf(URL), CA.certificate()));

        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).extracting(ItemError::item).containsExactly("b-malformed");
        assertThat(run.result().itemErrors().get(0).message()).startsWith("not a readable X.509 certificate");
        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a-good", "GOOD", "c-failing-url", "UNKNOWN", "d-garbage-crl", "UNKNOWN", "e-forged-crl", "UNKNOWN",
                "f-bad-chain", "UNKNOWN", "g-good", "GOOD"));
        assertThat(onlyFinding(inventory, "c-failing-url")).satisfies(f -> {
            assertThat(f.id()).isEqualTo("CRL_FETCH_FAILED");
            assertThat(f.detail()).contains("404");
        });
        assertThat(onlyFinding(inventory, "d-garbage-crl").id()).isEqualTo("CRL_MALFORMED");
        assertThat(onlyFinding(inventory, "e-forged-crl").id()).isEqualTo("CRL_BAD_SIGNATURE");
        assertThat(onlyFinding(inventory, "f-bad-chain")).satisfies(f -> {
            assertThat(f.id()).isEqualTo("NO_ISSUER");
            assertThat(f.detail()).contains("not a readable X.509 certificate");
        });
        assertThat(run.counts().succeeded()).isEqualTo(6);
        assertThat(run.counts().failed()).isEqualTo(1);
    }

    static Extension freshest(String url) {
        try {
            return new Extension(Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null)}).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
