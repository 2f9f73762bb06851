package dev.vigil.testkit;

import dev.vigil.spi.device.Device;
import dev.vigil.spi.device.DeviceConfiguration;
import dev.vigil.spi.device.DeviceConnector;
import dev.vigil.spi.device.DeviceStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link DeviceConnector} whose devices are whatever the test says: each device returns the
 * configuration and status set for it (an empty configuration and an {@code up} status with
 * version {@code test} by default), or, once made unreachable, throws
 * {@link IllegalStateException} with the given message from both methods. It remembers which
 * devices were asked, in order. Thread-safe. Register it with
 * {@link dev.vigil.spi.device.DeviceConnectors#of}.
 */
public final class FakeDeviceConnector implements DeviceConnector {
    private static final DeviceConfiguration EMPTY = new DeviceConfiguration(List.of(), List.of());

    private final String name;
    private final Map<String, DeviceConfiguration> configurations = new HashMap<>();
    private final Map<String, DeviceStatus> statuses = new HashMap<>();
    private final Map<String, String> unreachable = new HashMap<>();
    private final List<String> asked = new ArrayList<>();

    /**
     * @param name the connector's name; not blank
     * @throws IllegalArgumentException if the name is blank
     */
    public FakeDeviceConnector(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A device connector's name must not be blank");
        }
        this.name = name;
    }

    /**
     * @param deviceId a device's id; not null
     * @param configuration what {@link #synchronise} returns for it from now on; not null
     * @return this
     */
    public synchronized FakeDeviceConnector returns(String deviceId, DeviceConfiguration configuration) {
        configurations.put(Objects.requireNonNull(deviceId, "deviceId"), Objects.requireNonNull(configuration, "configuration"));
        return this;
    }

    /**
     * @param deviceId a device's id; not null
     * @param status what {@link #status} returns for it from now on; not null
     * @return this
     */
    public synchronized FakeDeviceConnector reports(String deviceId, DeviceStatus status) {
        statuses.put(Objects.requireNonNull(deviceId, "deviceId"), Objects.requireNonNull(status, "status"));
        return this;
    }

    /**
     * Makes a device unreachable: both methods throw {@link IllegalStateException} with {@code message}.
     *
     * @param deviceId a device's id; not null
     * @param message the exception's message; not null
     * @return this
     */
    public synchronized FakeDeviceConnector unreachable(String deviceId, String message) {
        unreachable.put(Objects.requireNonNull(deviceId, "deviceId"), Objects.requireNonNull(message, "message"));
        return this;
    }

    /** @param deviceId a device's id @return this, with the device reachable again */
    public synchronized FakeDeviceConnector reachable(String deviceId) {
        unreachable.remove(deviceId);
        return this;
    }

    /** @return the ids of the devices asked for, in order, both methods together */
    public synchronized List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized DeviceConfiguration synchronise(Device device) {
        answer(device);
        return configurations.getOrDefault(device.id(), EMPTY);
    }

    @Override
    public synchronized DeviceStatus status(Device device) {
        answer(device);
        return statuses.getOrDefault(device.id(), DeviceStatus.up("test"));
    }

    private void answer(Device device) {
        asked.add(device.id());
        String message = unreachable.get(device.id());
        if (message != null) {
            throw new IllegalStateException(message);
        }
    }
}
