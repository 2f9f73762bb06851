package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunState;
import dev.vigil.spi.device.Device;
import dev.vigil.spi.device.DeviceConnectors;
import dev.vigil.spi.device.DeviceInventory;
import dev.vigil.spi.device.DeviceStatus;
import dev.vigil.spi.device.DeviceType;
import dev.vigil.testkit.FakeDeviceConnector;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryDeviceInventory;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceStatusSyncJobTest {
    private static final Instant NOW = Instant.parse("2026-02-01T03:00:00Z");

    private final ManualClock clock = ManualClock.at(NOW);
    private final InMemoryDeviceInventory devices = new InMemoryDeviceInventory()
            .add(new Device("adc-1", "bigip-01", DeviceType.ADC, true, "f5"))
            .add(new Device("mdm-1", "intune", DeviceType.MDM, false, "f5"))
            .add(new Device("srv-1", "web-01", DeviceType.SERVER, true, "f5"));
    private final FakeDeviceConnector f5 = new FakeDeviceConnector("f5");
    private final DeviceStatusSyncJob job = new DeviceStatusSyncJob();

    private JobHarness harness() {
        return JobHarness.forJob(job).clock(clock)
                .service(DeviceInventory.class, devices)
                .service(DeviceConnectors.class, DeviceConnectors.of(f5));
    }

    private HarnessRun checkDevice(String deviceId) {
        return harness().childOf(1).parameter(DeviceFanOut.DEVICE_ID, deviceId).run();
    }

    @Test
    void aChildRecordsTheServerStatusItsDeviceReports() {
        f5.reports("adc-1", DeviceStatus.up("17.1.0"));

        HarnessRun run = checkDevice("adc-1");

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts()).isEqualTo(new RunCounts(1, 1, 0, 0));
        assertThat(run.result().message()).isEqualTo("device bigip-01 is up, version 17.1.0");
        assertThat(devices.lastStatus("adc-1")).contains(
                new InMemoryDeviceInventory.StatusRecord(NOW, new DeviceStatus(true, Optional.of("17.1.0"), "")));
        assertThat(run.auditEventsWithAction(DeviceStatusSyncJob.AUDIT_ACTION)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("success"));
    }

    @Test
    void anUnreachableDeviceIsRecordedUnreachableAndFailsOnlyItsChild() {
        f5.unreachable("srv-1", "no route to host web-01");

        HarnessRun failed = checkDevice("srv-1");
        HarnessRun other = checkDevice("adc-1");

        assertThat(failed.runState()).isEqualTo(RunState.FAILED);
        assertThat(failed.result().itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("srv-1");
            assertThat(e.message()).isEqualTo("device web-01 is unreachable: no route to host web-01");
        });
        assertThat(devices.lastStatus("srv-1").orElseThrow().status())
                .isEqualTo(DeviceStatus.unreachable("no route to host web-01"));
        assertThat(other.runState()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void aStatusReportedDownWithoutAnExceptionAlsoFailsTheChild() {
        f5.reports("adc-1", DeviceStatus.unreachable("management port closed"));

        HarnessRun run = checkDevice("adc-1");

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().message()).contains("management port closed");
    }

    @Test
    void theParentSpawnsOneStatusChildPerManagedDeviceStaggeredByTheSetting() {
        HarnessRun run = harness().childType(job.descriptor()).setting(DeviceFanOut.DELAY_SETTING, "60").run();

        assertThat(run.runState()).isEqualTo(RunState.WAITING_FOR_CHILDREN);
        ChildBatch batch = run.children().get(0);
        assertThat(batch.stagger()).isEqualTo(Duration.ofSeconds(60));
        assertThat(batch.maxParallel()).isEqualTo(4);
        assertThat(run.spawnedChildren()).containsExactly(
                new ChildRun(DeviceStatusSyncJob.TYPE, Map.of(DeviceFanOut.DEVICE_ID, "adc-1"), "device:adc-1"),
                new ChildRun(DeviceStatusSyncJob.TYPE, Map.of(DeviceFanOut.DEVICE_ID, "srv-1"), "device:srv-1"));
    }

    @Test
    void anUnparseableDelaySettingFailsTheParent() {
        HarnessRun run = harness().setting(DeviceFanOut.DELAY_SETTING, "one minute").run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().message()).contains("'one minute'");
    }

    @Test
    void theJobIsDailyAtThree() {
        assertThat(job.descriptor().defaultSchedule().toText()).isEqualTo("cron quartz default 0 0 3 * * ?");
    }
}
