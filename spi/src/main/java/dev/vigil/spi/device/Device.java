package dev.vigil.spi.device;

import java.util.Objects;

/**
 * A device in the host's device inventory, as the device jobs see it.
 *
 * @param id the device inventory's id for it, stable; not blank
 * @param name the name people know it by; not blank
 * @param type what kind of device it is; not null
 * @param managed whether it is in the managed state; the device jobs synchronise managed devices only
 * @param connectorName the name of the {@link DeviceConnector} that reaches it; not blank
 */
public record Device(String id, String name, DeviceType type, boolean managed, String connectorName) {

    /**
     * Validates presence.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code id}, {@code name} or {@code connectorName} is blank
     */
    public Device {
        requireText(id, "id");
        requireText(name, "name");
        Objects.requireNonNull(type, "type");
        requireText(connectorName, "connectorName");
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException("A device's " + what + " must not be blank");
        }
    }
}
