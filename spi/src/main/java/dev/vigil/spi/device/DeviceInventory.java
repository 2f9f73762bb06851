package dev.vigil.spi.device;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The host's device inventory, as {@code cert.device-sync} and {@code cert.device-status-sync}
 * need it: the devices, what each one's last synchronisation found, and its server status.
 * Implementations must be safe to call from several threads: the jobs' children, one per device,
 * run in parallel.
 */
public interface DeviceInventory {

    /**
     * The certificate inventory attribute, set by {@code cert.device-sync}, that lists the devices a
     * certificate is installed on: their ids as {@link #devicesHolding} returns them
     * (sorted, without repeats), joined by {@code ", "}. Empty when no synchronised device holds it
     * any more.
     */
    String DEVICES_ATTRIBUTE = "Devices";

    /**
     * Every device, managed or not. A list, not pages: the parent run spawns one child per managed
     * device in one batch, so it holds them all anyway.
     *
     * @return the devices, in a stable order; never null
     * @throws RuntimeException if the inventory cannot be read; the parent run fails with its message
     */
    List<Device> devices();

    /**
     * @param deviceId a device's id; not null
     * @return that device, or empty if the inventory has none of that id
     * @throws RuntimeException if the inventory cannot be read; the run fails with its message
     */
    Optional<Device> device(String deviceId);

    /**
     * Records a successful synchronisation, replacing the device's previous record.
     *
     * @param deviceId the device's id; not null
     * @param record what it found; not null
     * @throws RuntimeException if it cannot be recorded; the device's run fails with its message
     */
    void recordSync(String deviceId, DeviceSyncRecord record);

    /**
     * Records that a synchronisation failed, keeping the last successful record as it is (what was
     * on the device then is still the best knowledge of what is on it).
     *
     * @param deviceId the device's id; not null
     * @param at when it failed; not null
     * @param message why, never a credential; not null
     * @throws RuntimeException if it cannot be recorded; the device's run fails with its message
     */
    void recordSyncFailure(String deviceId, Instant at, String message);

    /**
     * @param deviceId a device's id; not null
     * @return the device's last successful synchronisation, or empty if it never had one
     */
    Optional<DeviceSyncRecord> lastSync(String deviceId);

    /**
     * The devices whose last successful synchronisation found a certificate: what the certificate's
     * {@value #DEVICES_ATTRIBUTE} attribute is made from.
     *
     * @param sha256 the SHA-256 of the certificate's DER encoding, lowercase hexadecimal; not null
     * @return the devices' ids, sorted, without repeats; empty if none
     */
    List<String> devicesHolding(String sha256);

    /**
     * Records a device's server status, replacing the previous one.
     *
     * @param deviceId the device's id; not null
     * @param checkedAt when it was asked (the engine clock's time); not null
     * @param status what it answered, or that it did not; not null
     * @throws RuntimeException if it cannot be recorded; the device's run fails with its message
     */
    void recordStatus(String deviceId, Instant checkedAt, DeviceStatus status);
}
