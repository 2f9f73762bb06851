package dev.vigil.spi.device;

import java.util.Objects;

/**
 * A named configuration object on a device that application connectors use, such as a virtual
 * server, an SSL profile, a listener or a policy.
 *
 * @param kind what sort of object, in the device's own words (e.g. {@code virtual-server},
 *     {@code client-ssl-profile}); not blank
 * @param name its name on the device; not blank
 */
public record DeviceObject(String kind, String name) {

    /**
     * Validates presence.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a component is blank
     */
    public DeviceObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (kind.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("A device object needs a kind and a name, was '" + kind + "' '" + name + "'");
        }
    }

    /** @return {@code kind/name}, the form used in {@link DeviceCertificate#installedAt()} by convention */
    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
