package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.device.Device;
import dev.vigil.spi.device.DeviceConfiguration;
import dev.vigil.spi.device.DeviceStatus;
import dev.vigil.spi.device.DeviceSyncRecord;
import dev.vigil.spi.device.DeviceType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceFakesTest {
    private static final Device ADC = new Device("adc-1", "bigip-01", DeviceType.ADC, true, "f5");
    private static final Device FW = new Device("fw-1", "forti-01", DeviceType.FIREWALL, true, "f5");

    @Test
    void devicesHoldingLooksOnlyAtEachDevicesLastSync() {
        InMemoryDeviceInventory devices = new InMemoryDeviceInventory().add(ADC).add(FW);
        devices.recordSync("fw-1", new DeviceSyncRecord(Instant.EPOCH, Map.of("aa", List.of()), List.of(), 0));
        devices.recordSync("adc-1", new DeviceSyncRecord(Instant.EPOCH, Map.of("aa", List.of()), List.of(), 0));
        devices.recordSync("adc-1", new DeviceSyncRecord(Instant.EPOCH, Map.of("bb", List.of()), List.of(), 0));

        assertThat(devices.devicesHolding("aa")).containsExactly("fw-1");
        assertThat(devices.devicesHolding("bb")).containsExactly("adc-1");
        assertThat(devices.syncs("adc-1")).hasSize(2);
        assertThat(devices.device("nope")).isEmpty();
    }

    @Test
    void anUnreachableDeviceThrowsTheGivenMessageUntilReachableAgain() {
        FakeDeviceConnector f5 = new FakeDeviceConnector("f5").unreachable("adc-1", "timed out");

        assertThatThrownBy(() -> f5.synchronise(ADC)).hasMessage("timed out");
        assertThatThrownBy(() -> f5.status(ADC)).hasMessage("timed out");
        f5.reachable("adc-1");
        assertThat(f5.synchronise(ADC)).isEqualTo(new DeviceConfiguration(List.of(), List.of()));
        assertThat(f5.status(ADC)).isEqualTo(DeviceStatus.up("test"));
        assertThat(f5.asked()).containsExactly("adc-1", "adc-1", "adc-1", "adc-1");
    }
}
