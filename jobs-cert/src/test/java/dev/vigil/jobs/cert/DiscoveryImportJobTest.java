package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.cert.DiscoveredAsset;
import dev.vigil.spi.cert.DiscoveredCertificate;
import dev.vigil.spi.cert.DiscoverySource;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.InventoryImport;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.InMemoryDiscoverySource;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveryImportJobTest {
    private static final Instant NOW = Instant.parse("2026-02-01T08:00:00Z");
    private static final TestPki.Issued CA = TestPki.rootCa("CN=Discovery Test Root");
    private static final X509Certificate WEB = leaf("web");
    private static final X509Certificate MAIL = leaf("mail");
    private static final X509Certificate VPN = leaf("vpn");

    private final ManualClock clock = ManualClock.at(NOW);
    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final InMemoryDiscoverySource qualys = new InMemoryDiscoverySource("qualys");

    private static X509Certificate leaf(String name) {
        return TestPki.leaf(CA).subject("CN=" + name + ".example.com").dnsNames(name + ".example.com")
                .validFor(NOW.minus(Duration.ofDays(10)), Duration.ofDays(90)).issue();
    }

    private static byte[] der(X509Certificate certificate) {
        return Inventories.der(certificate);
    }

    private JobHarness harness(String group) {
        return JobHarness.forJob(new DiscoveryImportJob()).clock(clock)
                .service(DiscoverySource.class, qualys)
                .service(InventoryImport.class, inventory)
                .parameter(DiscoveryImportJob.GROUP, group);
    }

    private InventoryCertificate imported(X509Certificate certificate) {
        String id = inventory.findBySha256(CertificateScan.sha256(der(certificate))).orElseThrow(
                () -> new AssertionError("not in the inventory: " + certificate.getSubjectX500Principal()));
        return inventory.certificate(id).orElseThrow();
    }

    @Test
    void discoveredCertificatesAreAddedToAnExistingGroupAsManagedWithTheirAssetsAndSource() {
        inventory.createGroup("web-servers");
        qualys.add("q-1", der(WEB), DiscoveredAsset.of("web-01.example.com", "192.0.2.10", 443),
                        DiscoveredAsset.atAddress("192.0.2.11", 8443))
                .add("q-2", der(MAIL), DiscoveredAsset.named("mail.example.com", 993));

        HarnessRun run = harness("web-servers").parameter(DiscoveryImportJob.IMPORT_AS, "MANAGED").run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().processed()).isEqualTo(2);
        assertThat(run.counts().succeeded()).isEqualTo(2);
        assertThat(inventory.size()).isEqualTo(2);
        InventoryCertificate web = imported(WEB);
        assertThat(web.group()).isEqualTo("web-servers");
        assertThat(web.status()).isEqualTo(ManagementStatus.MANAGED);
        assertThat(web.addedAt()).isEqualTo(NOW);
        assertThat(web.attributes()).containsEntry(InventoryImport.ASSETS_ATTRIBUTE,
                        "[192.0.2.11]:8443, web-01.example.com[192.0.2.10]:443")
                .containsEntry(InventoryImport.DISCOVERY_SOURCE_ATTRIBUTE, "qualys");
        assertThat(imported(MAIL).attributes()).containsEntry(InventoryImport.ASSETS_ATTRIBUTE, "mail.example.com:993");
        assertThat(run.result().message()).contains("2 added to web-servers");
    }

    @Test
    void certificatesAreImportedAsMonitoredUnlessToldOtherwise() {
        inventory.createGroup("g");
        qualys.add("q-1", der(WEB));

        harness("g").run();

        assertThat(imported(WEB).status()).isEqualTo(ManagementStatus.MONITORED);
        assertThat(imported(WEB).attributes()).containsEntry(InventoryImport.ASSETS_ATTRIBUTE, "");
    }

    @Test
    void eachAddedCertificateIsAuditedWithItsIdAndFingerprint() {
        inventory.createGroup("g");
        qualys.add("q-1", der(WEB));

        HarnessRun run = harness("g").run();

        assertThat(run.auditEventsWithAction(DiscoveryImportJob.AUDIT_ACTION)).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo(imported(WEB).id());
            assertThat(e.outcome()).isEqualTo("added");
            assertThat(e.details()).containsEntry("sha256", CertificateScan.sha256(der(WEB)))
                    .containsEntry("source", "qualys").containsEntry("record", "q-1");
        });
    }

    @Test
    void runningTheImportTwiceAddsNoDuplicatesAndReplacesAssetsThatChanged() {
        inventory.createGroup("g");
        qualys.add("q-1", der(WEB), DiscoveredAsset.named("web-01.example.com", 443))
                .add("q-2", der(MAIL), DiscoveredAsset.named("mail.example.com", 993));
        harness("g").run();
        String webId = imported(WEB).id();

        clock.advance(Duration.ofDays(1));
        qualys.clear()
                .add("q-1", der(WEB), DiscoveredAsset.named("web-02.example.com", 443),
                        DiscoveredAsset.named("web-03.example.com", 443))
                .add("q-2", der(MAIL), DiscoveredAsset.named("mail.example.com", 993));
        HarnessRun second = harness("g").run();

        assertThat(second.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(second.counts().succeeded()).isEqualTo(2);
        assertThat(second.result().message()).contains("0 added", "2 updated");
        assertThat(inventory.size()).isEqualTo(2);
        InventoryCertificate web = imported(WEB);
        assertThat(web.id()).isEqualTo(webId);
        assertThat(web.addedAt()).isEqualTo(NOW);
        assertThat(web.attributes()).containsEntry(InventoryImport.ASSETS_ATTRIBUTE,
                "web-02.example.com:443, web-03.example.com:443");
        assertThat(second.auditEventsWithAction(DiscoveryImportJob.AUDIT_ACTION)).extracting(AuditEvent::outcome)
                .containsExactly("updated", "updated");
    }

    @Test
    void aCertificateAlreadyInTheInventoryFromAnotherSourceKeepsThatSourceItsGroupAndItsStatus() {
        inventory.add(new InventoryCertificate("network-scan-7", der(WEB), List.of(), "legacy", ManagementStatus.MANAGED,
                Optional.empty(), Map.of(InventoryImport.DISCOVERY_SOURCE_ATTRIBUTE, "network-scan", "owner", "ops"),
                List.of(), List.of(), Instant.parse("2025-06-01T00:00:00Z"), Map.of()));
        inventory.createGroup("qualys-imports");
        qualys.add(new DiscoveredCertificate("q-1", der(WEB), List.of(DiscoveredAsset.named("web-01.example.com", 443)),
                Map.of(InventoryImport.DISCOVERY_SOURCE_ATTRIBUTE, "spoofed", "qualysHostId", "8812")));

        HarnessRun run = harness("qualys-imports").parameter(DiscoveryImportJob.IMPORT_AS, "MONITORED").run();

        assertThat(run.counts().succeeded()).isEqualTo(1);
        assertThat(inventory.size()).isEqualTo(1);
        InventoryCertificate web = inventory.certificate("network-scan-7").orElseThrow();
        assertThat(web.attributes()).containsEntry(InventoryImport.DISCOVERY_SOURCE_ATTRIBUTE, "network-scan")
                .containsEntry(InventoryImport.ASSETS_ATTRIBUTE, "web-01.example.com:443")
                .containsEntry("qualysHostId", "8812")
                .containsEntry("owner", "ops");
        assertThat(web.group()).isEqualTo("legacy");
        assertThat(web.status()).isEqualTo(ManagementStatus.MANAGED);
    }

    @Test
    void aMissingGroupFailsTheRunWithAMessageThatSaysHowToFixIt() {
        qualys.add("q-1", der(WEB));

        HarnessRun run = harness("new-group").run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().message()).contains("'new-group' does not exist", "createGroup=true");
        assertThat(inventory.size()).isZero();
        assertThat(inventory.groups()).isEmpty();
    }

    @Test
    void withCreateGroupAMissingGroupIsCreatedAuditedAndImportedInto() {
        qualys.add("q-1", der(WEB));

        HarnessRun run = harness("new-group").parameter(DiscoveryImportJob.CREATE_GROUP, "true").run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(inventory.groups()).containsExactly("new-group");
        assertThat(imported(WEB).group()).isEqualTo("new-group");
        assertThat(run.auditEventsWithAction(DiscoveryImportJob.AUDIT_ACTION)).extracting(AuditEvent::target,
                AuditEvent::outcome).contains(tuple("new-group", "group-created"));
    }

    @Test
    void malformedAndEmptyRecordsAreCountedFailedWhileTheGoodOnesAreImported() {
        inventory.createGroup("g");
        byte[] truncated = Arrays.copyOf(der(MAIL), 100);
        qualys.add("q-good-1", der(WEB))
                .add("q-garbage", new byte[] {0x30, 0x03, 0x01, 0x02, 0x03})
                .add("q-empty", new byte[0])
                .add("q-truncated", truncated)
                .add("q-good-2", der(VPN));

        HarnessRun run = harness("g").run();

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.counts().processed()).isEqualTo(5);
        assertThat(run.counts().succeeded()).isEqualTo(2);
        assertThat(run.counts().failed()).isEqualTo(3);
        assertThat(run.result().itemErrors()).extracting(ItemError::item)
                .containsExactly("q-garbage", "q-empty", "q-truncated");
        assertThat(run.result().itemErrors()).filteredOn(e -> e.item().equals("q-empty")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("empty"));
        assertThat(inventory.size()).isEqualTo(2);
        imported(WEB);
        imported(VPN);
    }

    @Test
    void aPemRecordIsImportedAndFoundAgainByItsDerFingerprint() {
        inventory.createGroup("g");
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der(WEB))
                + "\n-----END CERTIFICATE-----\n";
        qualys.add("q-pem", pem.getBytes(StandardCharsets.US_ASCII)).add("q-der", der(WEB));

        HarnessRun run = harness("g").run();

        assertThat(inventory.size()).isEqualTo(1);
        assertThat(imported(WEB).der()).isEqualTo(der(WEB));
        assertThat(run.counts().succeeded()).isEqualTo(1);
        assertThat(run.counts().skipped()).isEqualTo(1);
    }

    @Test
    void aCertificateFoundTwiceInOneRunIsImportedOnceWithTheAssetsOfBothRecords() {
        inventory.createGroup("g");
        qualys.add("q-1", der(WEB), DiscoveredAsset.named("web-01.example.com", 443))
                .add("q-2", der(MAIL))
                .add("q-3", der(WEB), DiscoveredAsset.named("web-02.example.com", 443));

        HarnessRun run = harness("g").parameter(DiscoveryImportJob.PAGE_SIZE, "1").run();

        assertThat(inventory.size()).isEqualTo(2);
        assertThat(run.counts().succeeded()).isEqualTo(2);
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(imported(WEB).attributes()).containsEntry(InventoryImport.ASSETS_ATTRIBUTE,
                "web-01.example.com:443, web-02.example.com:443");
    }

    @Test
    void theImportPagesThroughTheWholeSource() {
        inventory.createGroup("g");
        for (int i = 0; i < 7; i++) {
            qualys.add("q-" + i, der(leaf("host-" + i)), DiscoveredAsset.named("host-" + i + ".example.com", 443));
        }

        HarnessRun run = harness("g").parameter(DiscoveryImportJob.PAGE_SIZE, "3").run();

        assertThat(run.counts().succeeded()).isEqualTo(7);
        assertThat(inventory.size()).isEqualTo(7);
        assertThat(qualys.pagesServed()).isEqualTo(3);
        assertThat(run.progress()).hasSize(3);
    }

    @Test
    void anUnreachableSourceFailsTheRunWithItsMessage() {
        inventory.createGroup("g");
        qualys.add("q-1", der(WEB)).failWith(new IllegalStateException("qualysapi.example.com: connection refused"));

        HarnessRun run = harness("g").run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().message()).contains("discovery source 'qualys' failed",
                "qualysapi.example.com: connection refused");
        assertThat(inventory.size()).isZero();
    }

    @Test
    void aSourceThatGoesAwayMidwayFailsTheRunKeepingWhatWasImportedAndCounted() {
        inventory.createGroup("g");
        qualys.add("q-1", der(WEB)).add("q-2", der(MAIL)).add("q-3", der(VPN))
                .failFromPage(2, new IllegalStateException("HTTP 503 from the discovery API"));

        HarnessRun run = harness("g").parameter(DiscoveryImportJob.PAGE_SIZE, "2").run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.counts().succeeded()).isEqualTo(2);
        assertThat(run.result().message()).contains("after 2 records", "HTTP 503");
        assertThat(inventory.size()).isEqualTo(2);
    }

    @Test
    void theImportStopsBetweenRecordsWhenCancelled() {
        inventory.createGroup("g");
        qualys.add("q-1", der(WEB)).add("q-2", der(MAIL)).add("q-3", der(VPN));

        HarnessRun run = harness("g").cancelAfterChecks(1).run();

        assertThat(run.runState()).isEqualTo(RunState.CANCELLED);
        assertThat(inventory.size()).isEqualTo(1);
    }

    @Test
    void anImportStatusOtherThanManagedOrMonitoredIsRejectedBeforeTheRun() {
        inventory.createGroup("g");
        JobHarness harness = harness("g").parameter(DiscoveryImportJob.IMPORT_AS, "RETIRED");

        assertThatThrownBy(harness::run).isInstanceOf(InvalidParameterException.class).hasMessageContaining("RETIRED");
        assertThat(inventory.size()).isZero();
    }

    @Test
    void aBlankGroupIsRejectedBeforeTheRun() {
        JobHarness harness = harness("  ");

        assertThatThrownBy(harness::run).isInstanceOf(InvalidParameterException.class).hasMessageContaining("group");
    }

    @Test
    void theJobIsRegisteredWithTheOtherCertificateJobsAndHasNoScheduleOfItsOwn() {
        assertThat(new CertificateJobs().jobs()).extracting(j -> j.descriptor().id()).contains(DiscoveryImportJob.TYPE);
        assertThat(new DiscoveryImportJob().descriptor().requiredServices())
                .containsExactlyInAnyOrder(DiscoverySource.class, InventoryImport.class);
        assertThat(new DiscoveryImportJob().descriptor().defaultSchedule()).isEqualTo(Schedule.manual());
    }
}
