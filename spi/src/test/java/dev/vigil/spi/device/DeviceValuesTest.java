package dev.vigil.spi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceValuesTest {

    private static DeviceConnector named(String name) {
        return new DeviceConnector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public DeviceConfiguration synchronise(Device device) {
                return new DeviceConfiguration(List.of(), List.of());
            }

            @Override
            public DeviceStatus status(Device device) {
                return DeviceStatus.up("1");
            }
        };
    }

    @Test
    void connectorsAreFoundByNameAndAnUnknownNameIsEmpty() {
        DeviceConnector f5 = named("f5");
        DeviceConnectors connectors = DeviceConnectors.of(f5, named("fortigate"));

        assertThat(connectors.connector("f5")).containsSame(f5);
        assertThat(connectors.connector("imperva")).isEmpty();
    }

    @Test
    void twoConnectorsWithOneNameAreRejected() {
        assertThatThrownBy(() -> DeviceConnectors.of(named("f5"), named("f5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'f5'");
    }

    @Test
    void aDeviceNeedsAnIdANameAndAConnector() {
        assertThatThrownBy(() -> new Device(" ", "web", DeviceType.SERVER, true, "ssh"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> new Device("d1", "web", DeviceType.SERVER, true, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectorName");
        assertThatThrownBy(() -> new Device("d1", "web", null, true, "ssh")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aSyncRecordCopiesWhatItIsGiven() {
        List<String> places = new ArrayList<>(List.of("vs-web"));
        DeviceSyncRecord record = new DeviceSyncRecord(Instant.EPOCH, Map.of("ab", places), List.of(), 0);
        places.add("vs-other");

        assertThat(record.certificates()).containsEntry("ab", List.of("vs-web"));
        assertThatThrownBy(() -> new DeviceSyncRecord(Instant.EPOCH, Map.of(), List.of(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeviceCertificateCopiesItsBytesAndRejectsABlankPlace() {
        byte[] der = {1, 2, 3};
        DeviceCertificate certificate = DeviceCertificate.of(der, "vs-web");
        der[0] = 9;

        assertThat(certificate.der()).containsExactly(1, 2, 3);
        assertThat(certificate).isEqualTo(DeviceCertificate.of(new byte[] {1, 2, 3}, "vs-web"));
        assertThatThrownBy(() -> DeviceCertificate.of(der, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStatusVersionIsNeverBlank() {
        assertThat(DeviceStatus.unreachable("timed out")).isEqualTo(new DeviceStatus(false, Optional.empty(), "timed out"));
        assertThatThrownBy(() -> new DeviceStatus(true, Optional.of(""), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
