package dev.vigil.spi.device;

import java.util.Objects;
import java.util.Optional;

/**
 * A device's server status: whether it answered, the software version it reports, and a message.
 *
 * @param reachable whether the device answered
 * @param version the software or firmware version it reports, if any; never blank when present
 * @param message a one-line description for people (never a credential); not null, may be empty
 */
public record DeviceStatus(boolean reachable, Optional<String> version, String message) {

    /**
     * Validates presence.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the version is present but blank
     */
    public DeviceStatus {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(message, "message");
        if (version.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("A device status's version must not be blank when present");
        }
    }

    /** @param version the version it reports; not blank @return a reachable status with no message */
    public static DeviceStatus up(String version) {
        return new DeviceStatus(true, Optional.of(version), "");
    }

    /** @param message why it could not be reached; never a credential @return an unreachable status */
    public static DeviceStatus unreachable(String message) {
        return new DeviceStatus(false, Optional.empty(), message);
    }
}
