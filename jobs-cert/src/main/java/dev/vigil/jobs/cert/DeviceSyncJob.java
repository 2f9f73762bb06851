package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.device.Device;
import dev.vigil.spi.device.DeviceCertificate;
import dev.vigil.spi.device.DeviceConfiguration;
import dev.vigil.spi.device.DeviceConnector;
import dev.vigil.spi.device.DeviceConnectors;
import dev.vigil.spi.device.DeviceInventory;
import dev.vigil.spi.device.DeviceSyncRecord;
import dev.vigil.spi.cert.InventoryImport;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.NewInventoryCertificate;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cert.device-sync}: synchronises the certificates and objects on the managed devices (ADC,
 * server, firewall, WAF, cloud, MDM) into the inventory. Daily at midnight.
 *
 * <p>The parent run (no {@code deviceId}) selects the managed devices of the {@link DeviceInventory}
 * and spawns one child per device, staggered by the host setting {@code MISC_SYNC_QUEUE_DELAY_IN_SEC}
 * (seconds; unset or 0: no delay) and at most {@code maxParallel} (4) at once; it ends when its last
 * child does, with their counts added up.
 *
 * <p>A child (with {@code deviceId}) asks the device's {@link DeviceConnector} for its certificates
 * and objects and records them with {@link DeviceInventory#recordSync}. Each readable certificate the
 * inventory does not hold (by the SHA-256 of its DER) is added as monitored to the group
 * {@code group} (created if missing); each one it holds keeps its group and status. Either way its
 * {@value DeviceInventory#DEVICES_ATTRIBUTE} attribute is set to the devices whose last
 * synchronisation found it; a certificate that left the device since its last synchronisation gets
 * the device taken out of that attribute. Audits each certificate added or updated.
 *
 * <p>Counts: one item per distinct certificate on the device — succeeded when added or updated,
 * failed when unreadable or refused by the inventory. A device that cannot be reached fails only its
 * own child, as one failed item named by the device id with the connector's message; its last
 * successful record stays.
 */
public final class DeviceSyncJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.device-sync";
    /** The audit action of a certificate added or updated, and of a failed device. */
    public static final String AUDIT_ACTION = "certificate.device-sync";
    /** The group unknown certificates join unless the {@code group} parameter says otherwise. */
    public static final String DEFAULT_GROUP = "Discovered on devices";
    /** The host setting: seconds between two devices' children; absent or 0 for none. */
    public static final String DELAY_SETTING = DeviceFanOut.DELAY_SETTING;
    static final String GROUP = "group";

    private static final Logger log = LoggerFactory.getLogger(DeviceSyncJob.class);
    private static final int LOCK_STRIPES = 64;

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Device and certificate synchronization")
            .description("Synchronises the certificates and objects on every managed device into the inventory, "
                    + "one child run per device, staggered by MISC_SYNC_QUEUE_DELAY_IN_SEC.")
            .cron("0 0 0 * * ?")
            .parameter(DeviceFanOut.DEVICE_ID_PARAMETER)
            .parameter(DeviceFanOut.MAX_PARALLEL_PARAMETER)
            .parameter(ParameterSpec.optional(GROUP, ParameterType.STRING,
                    "the certificate group that certificates found on devices and unknown to the inventory join")
                    .withPattern("\\S(.*\\S)?").withDefault(DEFAULT_GROUP))
            .requires(DeviceInventory.class)
            .requires(DeviceConnectors.class)
            .requires(InventoryImport.class)
            .build();

    /**
     * Children run in parallel: two devices holding one certificate must not both add it, nor
     * overwrite each other's {@code Devices} value. Within this engine, one lock per certificate
     * fingerprint (striped) serialises the look-up-then-write; across a cluster the next
     * synchronisation repairs a lost {@code Devices} update, since it is recomputed from the device
     * inventory each time.
     */
    private final Object[] certificateLocks = new Object[LOCK_STRIPES];

    /** Public, with no arguments, for providers. */
    public DeviceSyncJob() {
        for (int i = 0; i < LOCK_STRIPES; i++) {
            certificateLocks[i] = new Object();
        }
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        String group = context.parameters().string(GROUP);
        if (!DeviceFanOut.isDeviceRun(context)) {
            return DeviceFanOut.spawnOnePerManagedDevice(context, Map.of(GROUP, group), "synchronise");
        }
        return DeviceFanOut.forDevice(context, (device, connector) -> synchronise(context, device, connector, group));
    }

    private JobResult synchronise(JobContext context, Device device, DeviceConnector connector, String group) {
        DeviceInventory devices = context.service(DeviceInventory.class);
        InventoryImport inventory = context.service(InventoryImport.class);
        Instant now = context.clock().instant();
        JobResult.Builder result = JobResult.builder();

        DeviceConfiguration configuration;
        try {
            configuration = connector.synchronise(device);
        } catch (RuntimeException e) {
            String reason = DeviceFanOut.reason(e);
            log.warn("Device {} ({}) could not be synchronised through connector {}: {}", device.id(), device.name(),
                    connector.name(), reason);
            devices.recordSyncFailure(device.id(), now, reason);
            context.audit(AUDIT_ACTION, device.id(), "failure", Map.of("device", device.name(), "reason", reason));
            return result.failed(device.id(), "device " + device.name() + " could not be synchronised: " + reason)
                    .message("device " + device.name() + " could not be synchronised: " + reason).build();
        }

        Map<String, Found> found = new LinkedHashMap<>();
        int unreadable = 0;
        int index = 0;
        for (DeviceCertificate certificate : configuration.certificates()) {
            context.checkCancelled();
            index++;
            byte[] der;
            try {
                der = CertificateScan.parse(certificate.der()).getEncoded();
            } catch (CertificateException | RuntimeException e) {
                unreadable++;
                result.failed(device.id() + " certificate #" + index + where(certificate),
                        "not a readable X.509 certificate, so not synchronised: " + e.getMessage());
                continue;
            }
            found.computeIfAbsent(CertificateScan.sha256(der), sha -> new Found(der)).places
                    .addAll(certificate.installedAt());
        }

        Set<String> before = devices.lastSync(device.id()).map(r -> r.certificates().keySet()).orElse(Set.of());
        Map<String, List<String>> places = new HashMap<>();
        found.forEach((sha, f) -> places.put(sha, List.copyOf(f.places)));
        devices.recordSync(device.id(), new DeviceSyncRecord(now, places, configuration.objects(), unreadable));

        if (!found.isEmpty() && !inventory.groupExists(group)) {
            inventory.createGroup(group); // nothing happens if a parallel child created it meanwhile
            context.audit(AUDIT_ACTION, group, "group-created", Map.of("group", group));
        }
        int added = 0;
        int updated = 0;
        for (Map.Entry<String, Found> entry : found.entrySet()) {
            context.checkCancelled();
            String sha256 = entry.getKey();
            try {
                if (upsert(context, devices, inventory, device, group, sha256, entry.getValue().der, now)) {
                    added++;
                } else {
                    updated++;
                }
                result.succeeded();
            } catch (RuntimeException e) {
                log.debug("Inventory refused certificate {} from device {}", sha256, device.id(), e);
                result.failed(device.id() + " certificate " + sha256, "the inventory refused it: "
                        + DeviceFanOut.reason(e));
            }
        }
        for (String gone : before) {
            if (!found.containsKey(gone)) {
                forgetDevice(devices, inventory, device, gone);
            }
        }
        var counts = result.counts();
        return result.message("device " + device.name() + ": " + found.size() + " certificates (" + added + " added to "
                + group + ", " + updated + " updated, " + counts.failed() + " failed), "
                + configuration.objects().size() + " objects").build();
    }

    /** Adds the certificate or updates its {@code Devices}; returns whether it was added. */
    private boolean upsert(JobContext context, DeviceInventory devices, InventoryImport inventory, Device device,
                           String group, String sha256, byte[] der, Instant now) {
        synchronized (lockFor(sha256)) {
            String holders = String.join(", ", devices.devicesHolding(sha256));
            Optional<String> existing = inventory.findBySha256(sha256);
            if (existing.isPresent()
                    && inventory.updateAttributes(existing.get(), Map.of(DeviceInventory.DEVICES_ATTRIBUTE, holders))) {
                context.audit(AUDIT_ACTION, existing.get(), "updated", Map.of("sha256", sha256, "device", device.id(),
                        "devices", holders));
                return false;
            }
            String id = inventory.add(new NewInventoryCertificate(der, group, ManagementStatus.MONITORED,
                    Map.of(DeviceInventory.DEVICES_ATTRIBUTE, holders), now));
            context.audit(AUDIT_ACTION, id, "added", Map.of("sha256", sha256, "device", device.id(), "group", group,
                    "status", ManagementStatus.MONITORED.name()));
            return true;
        }
    }

    /** A certificate no longer on the device: takes the device out of its {@code Devices}. */
    private void forgetDevice(DeviceInventory devices, InventoryImport inventory, Device device, String sha256) {
        synchronized (lockFor(sha256)) {
            try {
                inventory.findBySha256(sha256).ifPresent(id -> inventory.updateAttributes(id,
                        Map.of(DeviceInventory.DEVICES_ATTRIBUTE, String.join(", ", devices.devicesHolding(sha256)))));
            } catch (RuntimeException e) {
                log.warn("Could not take device {} out of the Devices of certificate {}: {}", device.id(), sha256,
                        DeviceFanOut.reason(e));
            }
        }
    }

    private Object lockFor(String sha256) {
        return certificateLocks[Math.floorMod(sha256.hashCode(), LOCK_STRIPES)];
    }

    private static String where(DeviceCertificate certificate) {
        return certificate.installedAt().isEmpty() ? "" : " (" + String.join(", ", certificate.installedAt()) + ")";
    }

    /** A readable certificate found on the device: its DER and every place it is installed at. */
    private static final class Found {
        private final byte[] der;
        private final Set<String> places = new LinkedHashSet<>();

        Found(byte[] der) {
            this.der = der;
        }
    }
}
