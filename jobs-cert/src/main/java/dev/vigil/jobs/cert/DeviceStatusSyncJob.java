package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.device.Device;
import dev.vigil.spi.device.DeviceConnector;
import dev.vigil.spi.device.DeviceConnectors;
import dev.vigil.spi.device.DeviceInventory;
import dev.vigil.spi.device.DeviceStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cert.device-status-sync}: records the server status of every managed device. Daily at 03:00.
 *
 * <p>The parent run (no {@code deviceId}) spawns one child per managed device exactly as
 * {@link DeviceSyncJob} does: staggered by {@code MISC_SYNC_QUEUE_DELAY_IN_SEC}, at most
 * {@code maxParallel} (4) at once. A child asks the device's {@link DeviceConnector} for its status and
 * records it with {@link DeviceInventory#recordStatus}. A device that cannot be reached is recorded
 * as unreachable with the connector's message, and that child fails: one failed item named by the
 * device id. Counts: one item per device. Audits each status recorded.
 */
public final class DeviceStatusSyncJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.device-status-sync";
    /** The audit action of a status recorded. */
    public static final String AUDIT_ACTION = "device.status-sync";

    private static final Logger log = LoggerFactory.getLogger(DeviceStatusSyncJob.class);

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Device server status synchronization")
            .description("Records the server status of every managed device, one child run per device, "
                    + "staggered by MISC_SYNC_QUEUE_DELAY_IN_SEC.")
            .cron("0 0 3 * * ?")
            .parameter(DeviceFanOut.DEVICE_ID_PARAMETER)
            .parameter(DeviceFanOut.MAX_PARALLEL_PARAMETER)
            .requires(DeviceInventory.class)
            .requires(DeviceConnectors.class)
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        if (!DeviceFanOut.isDeviceRun(context)) {
            return DeviceFanOut.spawnOnePerManagedDevice(context, Map.of(), "check the server status of");
        }
        return DeviceFanOut.forDevice(context, (device, connector) -> recordStatus(context, device, connector));
    }

    private static JobResult recordStatus(JobContext context, Device device, DeviceConnector connector) {
        Instant now = context.clock().instant();
        DeviceStatus status;
        try {
            status = connector.status(device);
        } catch (RuntimeException e) {
            log.warn("Device {} ({}) did not answer connector {}: {}", device.id(), device.name(), connector.name(),
                    DeviceFanOut.reason(e));
            status = DeviceStatus.unreachable(DeviceFanOut.reason(e));
        }
        context.service(DeviceInventory.class).recordStatus(device.id(), now, status);
        Map<String, String> details = new HashMap<>();
        details.put("device", device.name());
        details.put("reachable", Boolean.toString(status.reachable()));
        status.version().ifPresent(v -> details.put("version", v));
        if (!status.message().isEmpty()) {
            details.put("message", status.message());
        }
        context.audit(AUDIT_ACTION, device.id(), status.reachable() ? "success" : "failure", details);
        JobResult.Builder result = JobResult.builder();
        if (status.reachable()) {
            return result.succeeded().message("device " + device.name() + " is up"
                    + status.version().map(v -> ", version " + v).orElse("")).build();
        }
        String why = "device " + device.name() + " is unreachable: " + status.message();
        return result.failed(device.id(), why).message(why).build();
    }
}
