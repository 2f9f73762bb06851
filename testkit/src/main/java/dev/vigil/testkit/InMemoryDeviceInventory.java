package dev.vigil.testkit;

import dev.vigil.spi.device.Device;
import dev.vigil.spi.device.DeviceInventory;
import dev.vigil.spi.device.DeviceStatus;
import dev.vigil.spi.device.DeviceSyncRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A {@link DeviceInventory} in memory, for tests of the device jobs: devices are listed in the
 * order they were added, and every recorded synchronisation, failure and status is kept for the
 * test to inspect. Thread-safe.
 */
public final class InMemoryDeviceInventory implements DeviceInventory {

    /**
     * A synchronisation failure as recorded.
     *
     * @param deviceId the device; not null
     * @param at when; not null
     * @param message why; not null
     */
    public record SyncFailure(String deviceId, Instant at, String message) {
        /** Validates presence. */
        public SyncFailure {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A server status as recorded.
     *
     * @param checkedAt when it was asked; not null
     * @param status what was recorded; not null
     */
    public record StatusRecord(Instant checkedAt, DeviceStatus status) {
        /** Validates presence. */
        public StatusRecord {
            Objects.requireNonNull(checkedAt, "checkedAt");
            Objects.requireNonNull(status, "status");
        }
    }

    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final Map<String, List<DeviceSyncRecord>> syncs = new LinkedHashMap<>();
    private final List<SyncFailure> failures = new ArrayList<>();
    private final Map<String, List<StatusRecord>> statuses = new LinkedHashMap<>();

    /**
     * Adds a device, or replaces the one with the same id.
     *
     * @param device the device; not null
     * @return this
     */
    public synchronized InMemoryDeviceInventory add(Device device) {
        devices.put(device.id(), Objects.requireNonNull(device, "device"));
        return this;
    }

    @Override
    public synchronized List<Device> devices() {
        return List.copyOf(devices.values());
    }

    @Override
    public synchronized Optional<Device> device(String deviceId) {
        return Optional.ofNullable(devices.get(Objects.requireNonNull(deviceId, "deviceId")));
    }

    @Override
    public synchronized void recordSync(String deviceId, DeviceSyncRecord record) {
        Objects.requireNonNull(record, "record");
        syncs.computeIfAbsent(Objects.requireNonNull(deviceId, "deviceId"), id -> new ArrayList<>()).add(record);
    }

    @Override
    public synchronized void recordSyncFailure(String deviceId, Instant at, String message) {
        failures.add(new SyncFailure(deviceId, at, message));
    }

    @Override
    public synchronized Optional<DeviceSyncRecord> lastSync(String deviceId) {
        List<DeviceSyncRecord> records = syncs.getOrDefault(deviceId, List.of());
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }

    @Override
    public synchronized List<String> devicesHolding(String sha256) {
        Objects.requireNonNull(sha256, "sha256");
        TreeSet<String> holders = new TreeSet<>();
        syncs.forEach((deviceId, records) -> {
            if (records.get(records.size() - 1).certificates().containsKey(sha256)) {
                holders.add(deviceId);
            }
        });
        return List.copyOf(holders);
    }

    @Override
    public synchronized void recordStatus(String deviceId, Instant checkedAt, DeviceStatus status) {
        statuses.computeIfAbsent(Objects.requireNonNull(deviceId, "deviceId"), id -> new ArrayList<>())
                .add(new StatusRecord(checkedAt, status));
    }

    /** @param deviceId a device @return every successful synchronisation recorded for it, oldest first */
    public synchronized List<DeviceSyncRecord> syncs(String deviceId) {
        return List.copyOf(syncs.getOrDefault(deviceId, List.of()));
    }

    /** @return every synchronisation failure recorded, oldest first */
    public synchronized List<SyncFailure> syncFailures() {
        return List.copyOf(failures);
    }

    /** @param deviceId a device @return every status recorded for it, oldest first */
    public synchronized List<StatusRecord> statuses(String deviceId) {
        return List.copyOf(statuses.getOrDefault(deviceId, List.of()));
    }

    /** @param deviceId a device @return the last status recorded for it, if any */
    public synchronized Optional<StatusRecord> lastStatus(String deviceId) {
        List<StatusRecord> records = statuses.getOrDefault(deviceId, List.of());
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }
}
