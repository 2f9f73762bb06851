package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunState;
import dev.vigil.spi.device.Device;
import dev.vigil.spi.device.DeviceCertificate;
import dev.vigil.spi.device.DeviceConfiguration;
import dev.vigil.spi.device.DeviceConnectors;
import dev.vigil.spi.device.DeviceInventory;
import dev.vigil.spi.device.DeviceObject;
import dev.vigil.spi.device.DeviceSyncRecord;
import dev.vigil.spi.device.DeviceType;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.InventoryImport;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.testkit.FakeDeviceConnector;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.InMemoryDeviceInventory;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceSyncJobTest {
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    private static final TestPki.Issued CA = TestPki.rootCa("CN=Device Sync Test Root");
    private static final X509Certificate WEB = leaf("web");
    private static final X509Certificate MAIL = leaf("mail");

    private static final Device ADC = new Device("adc-1", "bigip-01", DeviceType.ADC, true, "f5");
    private static final Device FIREWALL = new Device("fw-1", "forti-01", DeviceType.FIREWALL, true, "f5");
    private static final Device LAB = new Device("lab-1", "lab-01", DeviceType.SERVER, false, "f5");

    private final ManualClock clock = ManualClock.at(NOW);
    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final InMemoryDeviceInventory devices = new InMemoryDeviceInventory().add(ADC).add(LAB).add(FIREWALL);
    private final FakeDeviceConnector f5 = new FakeDeviceConnector("f5");
    private final DeviceSyncJob job = new DeviceSyncJob();

    private static X509Certificate leaf(String name) {
        return TestPki.leaf(CA).subject("CN=" + name + ".example.com").dnsNames(name + ".example.com")
                .validFor(NOW.minus(Duration.ofDays(10)), Duration.ofDays(90)).issue();
    }

    private static byte[] der(X509Certificate certificate) {
        return Inventories.der(certificate);
    }

    private JobHarness harness() {
        return JobHarness.forJob(job).clock(clock)
                .service(DeviceInventory.class, devices)
                .service(DeviceConnectors.class, DeviceConnectors.of(f5))
                .service(InventoryImport.class, inventory);
    }

    private HarnessRun syncDevice(String deviceId) {
        return harness().childOf(1).parameter(DeviceFanOut.DEVICE_ID, deviceId).run();
    }

    private InventoryCertificate held(X509Certificate certificate) {
        String id = inventory.findBySha256(CertificateScan.sha256(der(certificate))).orElseThrow(
                () -> new AssertionError("not in the inventory: " + certificate.getSubjectX500Principal()));
        return inventory.certificate(id).orElseThrow();
    }

    @Test
    void aChildAddsTheCertificatesOnItsDeviceAsMonitoredWithTheDeviceInTheirDevicesAttribute() {
        f5.returns("adc-1", new DeviceConfiguration(
                List.of(DeviceCertificate.of(der(WEB), "vs-web-443", "clientssl-web"), DeviceCertificate.of(der(MAIL))),
                List.of(new DeviceObject("virtual-server", "vs-web-443"), new DeviceObject("client-ssl-profile", "clientssl-web"))));

        HarnessRun run = syncDevice("adc-1");

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts()).isEqualTo(new RunCounts(2, 2, 0, 0));
        assertThat(run.result().message()).contains("bigip-01", "2 added to " + DeviceSyncJob.DEFAULT_GROUP, "2 objects");
        assertThat(inventory.groups()).contains(DeviceSyncJob.DEFAULT_GROUP);
        assertThat(List.of(held(WEB), held(MAIL))).allSatisfy(c -> {
            assertThat(c.group()).isEqualTo(DeviceSyncJob.DEFAULT_GROUP);
            assertThat(c.status()).isEqualTo(ManagementStatus.MONITORED);
            assertThat(c.attributes()).containsEntry(DeviceInventory.DEVICES_ATTRIBUTE, "adc-1");
            assertThat(c.addedAt()).isEqualTo(NOW);
        });
        DeviceSyncRecord record = devices.lastSync("adc-1").orElseThrow();
        assertThat(record.syncedAt()).isEqualTo(NOW);
        assertThat(record.certificates()).containsEntry(CertificateScan.sha256(der(WEB)),
                List.of("vs-web-443", "clientssl-web"));
        assertThat(record.objects()).hasSize(2);
        assertThat(run.auditEventsWithAction(DeviceSyncJob.AUDIT_ACTION)).extracting(e -> e.outcome())
                .containsExactlyInAnyOrder("group-created", "added", "added");
    }

    @Test
    void aSecondSyncAddsNoDuplicateAndASecondDeviceJoinsTheDevicesAttribute() {
        f5.returns("adc-1", new DeviceConfiguration(List.of(DeviceCertificate.of(der(WEB))), List.of()));
        f5.returns("fw-1", new DeviceConfiguration(List.of(DeviceCertificate.of(der(WEB))), List.of()));

        syncDevice("adc-1");
        HarnessRun again = syncDevice("adc-1");
        HarnessRun firewall = syncDevice("fw-1");

        assertThat(again.result().message()).contains("0 added", "1 updated");
        assertThat(firewall.counts()).isEqualTo(new RunCounts(1, 1, 0, 0));
        assertThat(inventory.size()).isEqualTo(1);
        assertThat(held(WEB).attributes()).containsEntry(DeviceInventory.DEVICES_ATTRIBUTE, "adc-1, fw-1");
        assertThat(devices.syncs("adc-1")).hasSize(2);
    }

    @Test
    void aCertificateTheInventoryHoldsKeepsItsGroupAndStatusAndGainsTheDevice() {
        inventory.add(new InventoryCertificate("web-cert", der(WEB), List.of(), "web-servers", ManagementStatus.MANAGED,
                Optional.empty(), Map.of("Owner", "web team"), List.of(), List.of(), Inventories.ADDED, Map.of()));
        f5.returns("adc-1", new DeviceConfiguration(List.of(DeviceCertificate.of(der(WEB))), List.of()));

        syncDevice("adc-1");

        InventoryCertificate web = inventory.certificate("web-cert").orElseThrow();
        assertThat(web.group()).isEqualTo("web-servers");
        assertThat(web.status()).isEqualTo(ManagementStatus.MANAGED);
        assertThat(web.attributes()).containsEntry("Owner", "web team")
                .containsEntry(DeviceInventory.DEVICES_ATTRIBUTE, "adc-1");
        assertThat(inventory.size()).isEqualTo(1);
    }

    @Test
    void aCertificateThatLeftADeviceLosesThatDeviceFromItsDevicesAttribute() {
        f5.returns("adc-1", new DeviceConfiguration(List.of(DeviceCertificate.of(der(WEB))), List.of()));
        f5.returns("fw-1", new DeviceConfiguration(List.of(DeviceCertificate.of(der(WEB))), List.of()));
        syncDevice("adc-1");
        syncDevice("fw-1");

        f5.returns("adc-1", new DeviceConfiguration(List.of(DeviceCertificate.of(der(MAIL))), List.of()));
        syncDevice("adc-1");

        assertThat(held(WEB).attributes()).containsEntry(DeviceInventory.DEVICES_ATTRIBUTE, "fw-1");
        assertThat(held(MAIL).attributes()).containsEntry(DeviceInventory.DEVICES_ATTRIBUTE, "adc-1");
    }

    @Test
    void anUnreachableDeviceFailsItsChildWithTheConnectorsMessageAndKeepsItsLastSync() {
        f5.returns("adc-1", new DeviceConfiguration(List.of(DeviceCertificate.of(der(WEB))), List.of()));
        syncDevice("adc-1");
        f5.unreachable("adc-1", "connect timed out after 10 s to 192.0.2.5:443");

        HarnessRun run = syncDevice("adc-1");

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("adc-1");
            assertThat(e.message()).contains("bigip-01", "connect timed out after 10 s to 192.0.2.5:443");
        });
        assertThat(devices.syncFailures()).singleElement().satisfies(f -> {
            assertThat(f.deviceId()).isEqualTo("adc-1");
            assertThat(f.message()).isEqualTo("connect timed out after 10 s to 192.0.2.5:443");
        });
        assertThat(devices.syncs("adc-1")).hasSize(1);
        assertThat(held(WEB).attributes()).containsEntry(DeviceInventory.DEVICES_ATTRIBUTE, "adc-1");
    }

    @Test
    void aMalformedCertificateIsAnItemErrorAndTheOthersAreSynced() {
        byte[] garbage = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII);
        f5.returns("adc-1", new DeviceConfiguration(List.of(DeviceCertificate.of(der(WEB)),
                DeviceCertificate.of(garbage, "vs-broken"), DeviceCertificate.of(der(MAIL))), List.of()));

        HarnessRun run = syncDevice("adc-1");

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.counts()).isEqualTo(new RunCounts(3, 2, 1, 0));
        assertThat(run.result().itemErrors()).extracting(ItemError::item)
                .containsExactly("adc-1 certificate #2 (vs-broken)");
        assertThat(run.result().itemErrors().get(0).message()).startsWith("not a readable X.509 certificate");
        assertThat(inventory.size()).isEqualTo(2);
        assertThat(devices.lastSync("adc-1").orElseThrow().unreadableCertificates()).isEqualTo(1);
    }

    @Test
    void theSameCertificateTwiceOnOneDeviceIsOneItemWithBothPlaces() {
        f5.returns("adc-1", new DeviceConfiguration(List.of(DeviceCertificate.of(der(WEB), "vs-a"),
                DeviceCertificate.of(der(WEB), "vs-b")), List.of()));

        HarnessRun run = syncDevice("adc-1");

        assertThat(run.counts()).isEqualTo(new RunCounts(1, 1, 0, 0));
        assertThat(devices.lastSync("adc-1").orElseThrow().certificates().values())
                .containsExactly(List.of("vs-a", "vs-b"));
    }

    @Test
    void aDeviceWhoseConnectorTheHostLacksFailsNamingTheConnector() {
        devices.add(new Device("waf-1", "waf-01", DeviceType.WAF, true, "imperva"));

        HarnessRun run = syncDevice("waf-1");

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().itemErrors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("no device connector named 'imperva'"));
    }

    @Test
    void aDeviceNoLongerInTheInventoryFailsItsChildClearly() {
        HarnessRun run = syncDevice("gone-1");

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().message()).contains("gone-1", "not in the device inventory");
    }

    @Test
    void theParentSpawnsOneChildPerManagedDeviceStaggeredByTheSettingAndBoundedByMaxParallel() {
        HarnessRun run = harness().childType(job.descriptor())
                .setting(DeviceFanOut.DELAY_SETTING, "30")
                .parameter(DeviceFanOut.MAX_PARALLEL, "2")
                .run();

        assertThat(run.runState()).isEqualTo(RunState.WAITING_FOR_CHILDREN);
        ChildBatch batch = run.children().get(0);
        assertThat(batch.stagger()).isEqualTo(Duration.ofSeconds(30));
        assertThat(batch.maxParallel()).isEqualTo(2);
        Map<String, String> group = Map.of(DeviceSyncJob.GROUP, DeviceSyncJob.DEFAULT_GROUP);
        assertThat(run.spawnedChildren()).containsExactly(
                new ChildRun(DeviceSyncJob.TYPE, withDevice(group, "adc-1"), "device:adc-1"),
                new ChildRun(DeviceSyncJob.TYPE, withDevice(group, "fw-1"), "device:fw-1"));
        assertThat(run.result().message()).contains("2 managed devices", "1 unmanaged skipped");
        assertThat(f5.asked()).isEmpty();
    }

    @Test
    void withoutTheDelaySettingTheChildrenAreNotStaggeredAndFourRunAtOnce() {
        HarnessRun run = harness().childType(job.descriptor()).parameter(DeviceSyncJob.GROUP, "Edge").run();

        ChildBatch batch = run.children().get(0);
        assertThat(batch.stagger()).isEqualTo(Duration.ZERO);
        assertThat(batch.maxParallel()).isEqualTo(4);
        assertThat(run.spawnedChildren()).extracting(c -> c.parameters().get(DeviceSyncJob.GROUP)).containsOnly("Edge");
    }

    @Test
    void aDelaySettingOfZeroMeansNoDelay() {
        HarnessRun run = harness().setting(DeviceFanOut.DELAY_SETTING, " 0 ").run();

        assertThat(run.children().get(0).stagger()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aDelaySettingThatIsNotAWholeNumberOfSecondsFailsTheParentClearlyAndSpawnsNothing() {
        for (String bad : List.of("60s", "-5", "1.5")) {
            HarnessRun run = harness().setting(DeviceFanOut.DELAY_SETTING, bad).run();

            assertThat(run.runState()).isEqualTo(RunState.FAILED);
            assertThat(run.result().message()).contains(DeviceFanOut.DELAY_SETTING, "whole number of seconds", "'" + bad + "'");
            assertThat(run.children()).isEmpty();
        }
    }

    @Test
    void withNoManagedDevicesTheParentSucceedsAndSpawnsNothing() {
        InMemoryDeviceInventory onlyLab = new InMemoryDeviceInventory().add(LAB);

        HarnessRun run = harness().service(DeviceInventory.class, onlyLab).run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.children()).isEmpty();
        assertThat(run.result().message()).contains("no managed devices", "1 unmanaged");
    }

    @Test
    void aMaxParallelBelowOneIsRejected() {
        JobHarness harness = harness().parameter(DeviceFanOut.MAX_PARALLEL, "0");

        assertThatThrownBy(harness::run).isInstanceOf(InvalidParameterException.class).hasMessageContaining("maxParallel");
    }

    @Test
    void theJobIsDailyAtMidnightAndRegistered() {
        assertThat(job.descriptor().defaultSchedule().toText()).isEqualTo("cron quartz default 0 0 0 * * ?");
        assertThat(new CertificateJobs().jobs()).extracting(j -> j.descriptor().id())
                .contains(DeviceSyncJob.TYPE, DeviceStatusSyncJob.TYPE);
    }

    static Map<String, String> withDevice(Map<String, String> parameters, String deviceId) {
        Map<String, String> all = new java.util.HashMap<>(parameters);
        all.put(DeviceFanOut.DEVICE_ID, deviceId);
        return Map.copyOf(all);
    }
}
