package dev.vigil.spi.device;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one successful synchronisation of a device found, as {@code cert.device-sync} records it.
 *
 * @param syncedAt when it was synchronised (the engine clock's time); not null
 * @param certificates the readable certificates on the device: the SHA-256 of each one's DER encoding
 *     (lowercase hexadecimal) to where on the device it is installed; copied; not null
 * @param objects the named objects on the device; copied; not null
 * @param unreadableCertificates how many certificates the device returned that could not be parsed;
 *     not negative
 */
public record DeviceSyncRecord(Instant syncedAt, Map<String, List<String>> certificates, List<DeviceObject> objects,
                               int unreadableCertificates) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if a component or an element is null
     * @throws IllegalArgumentException if {@code unreadableCertificates} is negative
     */
    public DeviceSyncRecord {
        Objects.requireNonNull(syncedAt, "syncedAt");
        Map<String, List<String>> copy = new HashMap<>();
        certificates.forEach((sha256, places) -> copy.put(sha256, List.copyOf(places)));
        certificates = Map.copyOf(copy);
        objects = List.copyOf(objects);
        if (unreadableCertificates < 0) {
            throw new IllegalArgumentException("unreadableCertificates must not be negative, was " + unreadableCertificates);
        }
    }
}
