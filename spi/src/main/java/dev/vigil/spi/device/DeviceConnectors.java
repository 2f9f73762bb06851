package dev.vigil.spi.device;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's device connectors by name: a host service the device jobs look up to reach a device.
 * Implementations must be safe for use by several threads at once.
 */
@FunctionalInterface
public interface DeviceConnectors {

    /**
     * @param connectorName a name from {@link Device#connectorName()}; not null
     * @return the connector of that name; empty if the host has none (the device's synchronisation
     *     then fails, naming the connector)
     */
    Optional<DeviceConnector> connector(String connectorName);

    /**
     * @param connectors the connectors; names unique; not null, no null elements
     * @return a registry of exactly these connectors
     * @throws IllegalArgumentException if two connectors share a name
     */
    static DeviceConnectors of(DeviceConnector... connectors) {
        Map<String, DeviceConnector> byName = new HashMap<>();
        for (DeviceConnector c : List.of(connectors)) {
            if (byName.putIfAbsent(Objects.requireNonNull(c.name(), "name"), c) != null) {
                throw new IllegalArgumentException("Two device connectors are named '" + c.name() + "'");
            }
        }
        Map<String, DeviceConnector> copy = Map.copyOf(byName);
        return name -> Optional.ofNullable(copy.get(name));
    }
}
