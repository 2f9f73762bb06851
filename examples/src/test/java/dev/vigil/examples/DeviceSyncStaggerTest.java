package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Vigil;
import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.jobs.cert.DeviceSyncJob;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.device.Device;
import dev.vigil.spi.device.DeviceCertificate;
import dev.vigil.spi.device.DeviceConfiguration;
import dev.vigil.spi.device.DeviceConnectors;
import dev.vigil.spi.device.DeviceInventory;
import dev.vigil.spi.device.DeviceType;
import dev.vigil.spi.cert.InventoryImport;
import dev.vigil.spi.store.RunQuery;
import dev.vigil.testkit.EngineDriver;
import dev.vigil.testkit.FakeDeviceConnector;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.InMemoryDeviceInventory;
import dev.vigil.testkit.ManualClock;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cert.device-sync} on an engine driven through time on a manual clock: the parent fires at
 * midnight and its children start {@code MISC_SYNC_QUEUE_DELAY_IN_SEC} apart.
 */
class DeviceSyncStaggerTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-03-03T00:00:00Z");

    private final ManualClock clock = ManualClock.at(MIDNIGHT.minus(Duration.ofMinutes(1)), ZoneOffset.UTC);
    private final InMemoryJobStore store = new InMemoryJobStore(clock);
    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final InMemoryDeviceInventory devices = new InMemoryDeviceInventory()
            .add(new Device("adc-1", "bigip-01", DeviceType.ADC, true, "f5"))
            .add(new Device("lab-1", "lab-01", DeviceType.SERVER, false, "f5"))
            .add(new Device("adc-2", "bigip-02", DeviceType.ADC, true, "f5"))
            .add(new Device("fw-1", "forti-01", DeviceType.FIREWALL, true, "f5"));
    private final FakeDeviceConnector f5 = new FakeDeviceConnector("f5");
    private Vigil vigil;
    private EngineDriver driver;

    @BeforeEach
    void engineWithTheDeviceSync() throws CertificateEncodingException {
        TestCertificates.Issued root = TestCertificates.root("CN=Device Sync Stagger Root");
        byte[] web = TestCertificates.leaf(root, "web.example.com", TestCertificates.rsa(2048, "web"))
                .certificate().getEncoded();
        f5.returns("adc-1", new DeviceConfiguration(List.of(DeviceCertificate.of(web, "vs-web")), List.of()));
        f5.returns("adc-2", new DeviceConfiguration(List.of(DeviceCertificate.of(web, "vs-web")), List.of()));
        f5.unreachable("fw-1", "connection refused by forti-01:443");
        vigil = Vigil.builder().clock(clock).store(store).discoverJobs(false).nodeId("test-node")
                .register(new DeviceSyncJob())
                .service(DeviceInventory.class, devices)
                .service(DeviceConnectors.class, DeviceConnectors.of(f5))
                .service(InventoryImport.class, inventory)
                .setting("MISC_SYNC_QUEUE_DELAY_IN_SEC", "30")
                .build();
        vigil.disable("vigil.watchdog");
        vigil.disable("vigil.purge-history");
        driver = new EngineDriver(clock, store, vigil::runDue);
    }

    @AfterEach
    void closeEngine() {
        vigil.close();
    }

    @Test
    void theMidnightSyncStartsOneChildPerManagedDeviceThirtySecondsApart() {
        driver.advanceTo(MIDNIGHT.plus(Duration.ofMinutes(5)));

        List<RunRecord> runs = vigil.runs(RunQuery.forDefinition(DeviceSyncJob.TYPE).limit(100)).stream()
                .sorted(Comparator.comparingLong(RunRecord::id)).toList();
        RunRecord parent = runs.get(0);
        List<RunRecord> children = runs.stream()
                .filter(r -> r.parentRunId() != null && r.parentRunId() == parent.id()).toList();
        assertThat(parent.origin()).isEqualTo(RunOrigin.SCHEDULED);
        assertThat(parent.startedAt()).isEqualTo(MIDNIGHT);
        assertThat(children).extracting(RunRecord::origin).containsOnly(RunOrigin.CHILD);
        assertThat(children).extracting(r -> r.parameters().get("deviceId")).containsExactly("adc-1", "adc-2", "fw-1");
        assertThat(children).extracting(RunRecord::startedAt).containsExactly(MIDNIGHT,
                MIDNIGHT.plus(Duration.ofSeconds(30)), MIDNIGHT.plus(Duration.ofSeconds(60)));
        assertThat(children).extracting(RunRecord::state)
                .containsExactly(RunState.SUCCEEDED, RunState.SUCCEEDED, RunState.FAILED);
        assertThat(children.get(2).message()).contains("connection refused by forti-01:443");

        assertThat(parent.endedAt()).isEqualTo(MIDNIGHT.plus(Duration.ofSeconds(60)));
        assertThat(parent.counts()).isEqualTo(new RunCounts(3, 2, 1, 0));
        assertThat(parent.childrenFailed()).isEqualTo(1);
        assertThat(parent.state()).isEqualTo(RunState.PARTIAL);
        assertThat(inventory.certificates()).singleElement()
                .satisfies(c -> assertThat(c.attributes()).containsEntry("Devices", "adc-1, adc-2"));
        assertThat(f5.asked()).containsExactly("adc-1", "adc-2", "fw-1");
    }
}
