package dev.vigil.jobs.cert;

import static dev.vigil.jobs.cert.CrlRevocationCheckJobTest.CA;
import static dev.vigil.jobs.cert.CrlRevocationCheckJobTest.REVOKED_AT;
import static dev.vigil.jobs.cert.CrlRevocationCheckJobTest.T0;
import static dev.vigil.jobs.cert.CrlRevocationCheckJobTest.URL;
import static dev.vigil.jobs.cert.CrlRevocationCheckJobTest.leaf;
import static dev.vigil.jobs.cert.RevocationFixtures.der;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.crl.FakeFetcher;
import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.Job;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.UrlFetcher;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.Test;

class CrlDownloadMonitorJobTest {
    private static final Instant NOW = T0.plus(Duration.ofHours(2));

    private final ManualClock clock = ManualClock.at(NOW);
    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final FakeFetcher fetcher = new FakeFetcher();

    private static InventoryCertificate added(String id, X509Certificate certificate, Instant at, String revocation) {
        return RevocationFixtures.entry(id, Inventories.der(certificate), List.of(Inventories.der(CA.certificate())), at,
                revocation, Optional.empty());
    }

    private JobHarness harness(Job job) {
        return JobHarness.forJob(job).clock(clock).service(CertificateInventory.class, inventory)
                .service(UrlFetcher.class, fetcher);
    }

    @Test
    void onlyCertificatesAddedWithinTheLookBackAndWithoutAKnownStatusAreChecked() {
        X509Certificate revoked = leaf(URL);
        fetcher.serve(URL, der(TestPki.crl(CA).revoke(revoked.getSerialNumber(), REVOKED_AT, CRLReason.keyCompromise)
                .issue()));
        inventory.add(added("old", leaf(URL), NOW.minus(Duration.ofHours(1)), null))
                .add(added("new", leaf(URL), NOW.minus(Duration.ofMinutes(3)), null))
                .add(added("new-revoked", revoked, NOW.minus(Duration.ofMinutes(9)), null))
                .add(added("new-already-good", leaf(URL), NOW.minus(Duration.ofMinutes(1)), "GOOD"))
                .add(added("new-still-unknown", leaf(URL), NOW.minus(Duration.ofMinutes(1)), "UNKNOWN"));

        HarnessRun run = harness(new CrlDownloadMonitorJob()).run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "new", "GOOD", "new-revoked", "REVOKED", "new-still-unknown", "GOOD"));
        assertThat(run.counts().succeeded()).isEqualTo(3);
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(run.auditEventsWithAction("certificate.revocation-status-changed")).extracting(e -> e.target())
                .containsExactlyInAnyOrder("new-revoked", "new-still-unknown");
        assertThat(run.notifications()).singleElement().satisfies(n ->
                assertThat(n.attributes()).containsEntry("certificateId", "new-revoked"));
    }

    @Test
    void theLookBackIsCountedFromTheScheduledTime() {
        fetcher.serve(URL, der(TestPki.crl(CA).issue()));
        inventory.add(added("added-before-a-late-run", leaf(URL), NOW.minus(Duration.ofMinutes(25)), null));

        harness(new CrlDownloadMonitorJob()).scheduledTime(NOW.minus(Duration.ofMinutes(20))).run();

        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsEntry("added-before-a-late-run", "GOOD");
    }

    @Test
    void theLookBackIsAParameter() {
        fetcher.serve(URL, der(TestPki.crl(CA).issue()));
        inventory.add(added("half-an-hour-ago", leaf(URL), NOW.minus(Duration.ofMinutes(30)), null));

        harness(new CrlDownloadMonitorJob()).run();
        assertThat(inventory.statuses(CheckKind.REVOCATION)).isEmpty();

        harness(new CrlDownloadMonitorJob()).parameter(CrlDownloadMonitorJob.LOOKBACK, "PT1H").run();
        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsEntry("half-an-hour-ago", "GOOD");
    }

    @Test
    void itSharesTheCrlCacheWithTheRevocationCheckOfTheSameProvider() {
        List<Job> jobs = new CertificateJobs().jobs();
        Job check = jobs.stream().filter(j -> j.descriptor().id().equals(CrlRevocationCheckJob.TYPE)).findFirst()
                .orElseThrow();
        Job monitor = jobs.stream().filter(j -> j.descriptor().id().equals(CrlDownloadMonitorJob.TYPE)).findFirst()
                .orElseThrow();
        fetcher.serve(URL, der(TestPki.crl(CA).issue()));
        inventory.add(added("existing", leaf(URL), NOW.minus(Duration.ofDays(1)), null));

        harness(check).run();
        inventory.add(added("new", leaf(URL), NOW.minus(Duration.ofMinutes(1)), null));
        clock.advance(Duration.ofMinutes(5));
        harness(monitor).run();

        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsEntry("existing", "GOOD").containsEntry("new", "GOOD");
        assertThat(fetcher.fetches(URL)).isEqualTo(1);
    }

    @Test
    void badInputIsThatCertificatesResultAndTheOthersAreStillChecked() {
        String failing = "http://crl.example.test/down.crl";
        String garbage = "http://crl.example.test/garbage.crl";
        fetcher.serve(URL, der(TestPki.crl(CA).issue())).serve(garbage, "<html>not a CRL</html>".getBytes());
        Instant recently = NOW.minus(Duration.ofMinutes(2));
        inventory.add(added("a-good", leaf(URL), recently, null))
                .add(RevocationFixtures.entry("b-malformed", new byte[] {0x30, 0x03, 0x02, 0x01}, List.of(), recently,
                        null, Optional.empty()))
                .add(added("c-failing-url", leaf(failing), recently, null))
                .add(added("d-garbage-crl", leaf(garbage), recently, null))
                .add(added("e-good", leaf(URL), recently, null));

        HarnessRun run = harness(new CrlDownloadMonitorJob()).run();

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).extracting(ItemError::item).containsExactly("b-malformed");
        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a-good", "GOOD", "c-failing-url", "UNKNOWN", "d-garbage-crl", "UNKNOWN", "e-good", "GOOD"));
        assertThat(inventory.check("c-failing-url", CheckKind.REVOCATION).orElseThrow().findings())
                .extracting(f -> f.id()).containsExactly("CRL_FETCH_FAILED");
        assertThat(inventory.check("d-garbage-crl", CheckKind.REVOCATION).orElseThrow().findings())
                .extracting(f -> f.id()).containsExactly("CRL_MALFORMED");
    }

    @Test
    void aLookBackThatIsNotPositiveFailsTheRunSayingSo() {
        HarnessRun run = harness(new CrlDownloadMonitorJob()).parameter(CrlDownloadMonitorJob.LOOKBACK, "PT0S").run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.thrown().orElseThrow()).hasMessageContaining("lookback must be positive");
    }
}
