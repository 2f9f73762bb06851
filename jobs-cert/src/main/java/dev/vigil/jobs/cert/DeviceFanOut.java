package dev.vigil.jobs.cert;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.device.Device;
import dev.vigil.spi.device.DeviceConnector;
import dev.vigil.spi.device.DeviceConnectors;
import dev.vigil.spi.device.DeviceInventory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The parent-and-child mechanics the device jobs share. Without a {@value #DEVICE_ID} parameter a
 * run is the parent: it selects the managed devices and spawns one child of its own job type per
 * device, each holding the mutex key {@code device:ID} (so the two device jobs never work on one
 * device at once), staggered by the host setting {@value #DELAY_SETTING} and at most
 * {@value #MAX_PARALLEL} at a time. With it, the run is one device's child: the device and its
 * connector are looked up here and the job does the device's work.
 */
final class DeviceFanOut {
    /** The parameter that makes a run one device's child. */
    static final String DEVICE_ID = "deviceId";
    /** The parameter that bounds the children running at once. */
    static final String MAX_PARALLEL = "maxParallel";
    /** The host setting: seconds between two devices' children; absent or 0 for none. */
    static final String DELAY_SETTING = "MISC_SYNC_QUEUE_DELAY_IN_SEC";

    static final ParameterSpec DEVICE_ID_PARAMETER = ParameterSpec.optional(DEVICE_ID, ParameterType.STRING,
            "one device to work on; without it the run spawns one child run per managed device").withPattern("\\S+");
    static final ParameterSpec MAX_PARALLEL_PARAMETER = ParameterSpec.optional(MAX_PARALLEL, ParameterType.INTEGER,
            "the most devices worked on at once").withRange(1, 1_000).withDefault("4");

    private DeviceFanOut() {
    }

    /** @return whether this run is one device's child rather than the parent */
    static boolean isDeviceRun(JobContext context) {
        return context.parameters().find(DEVICE_ID).isPresent();
    }

    /**
     * The parent's work: spawns one child per managed device, passing each {@code childParameters}
     * plus its {@value #DEVICE_ID}, and returns; the engine ends the run with the children's counts.
     */
    static JobResult spawnOnePerManagedDevice(JobContext context, Map<String, String> childParameters, String work) {
        Optional<Duration> stagger = stagger(context);
        if (stagger.isEmpty()) {
            return JobResult.failure("Host setting " + DELAY_SETTING + " must be a whole number of seconds, 0 or more "
                    + "(0 or unset for no delay), but is '" + context.settings().get(DELAY_SETTING).orElse("") + "'");
        }
        List<ChildRun> children = new ArrayList<>();
        int unmanaged = 0;
        for (Device device : context.service(DeviceInventory.class).devices()) {
            if (!device.managed()) {
                unmanaged++;
                continue;
            }
            Map<String, String> parameters = new HashMap<>(childParameters);
            parameters.put(DEVICE_ID, device.id());
            children.add(ChildRun.of(context.jobType(), parameters).withMutexKey("device:" + device.id()));
        }
        if (children.isEmpty()) {
            return JobResult.success("no managed devices to " + work + " (" + unmanaged + " unmanaged)");
        }
        int maxParallel = (int) context.parameters().integer(MAX_PARALLEL);
        context.spawnChildren(new ChildBatch(children, stagger.get(), maxParallel));
        return JobResult.builder().message(children.size() + " managed devices to " + work + ", " + stagger.get().toSeconds()
                + " s apart, at most " + maxParallel + " at once (" + unmanaged + " unmanaged skipped)").build();
    }

    /** @return the delay between children, or empty if the setting is not a whole number of seconds, 0 or more */
    static Optional<Duration> stagger(JobContext context) {
        Optional<String> value = context.settings().get(DELAY_SETTING).map(String::trim);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Optional.of(Duration.ZERO);
        }
        try {
            long seconds = Long.parseLong(value.get());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A child's work: looks up its device and the device's connector, and hands both to
     * {@code work}. A device that is gone, unmanaged, or whose connector the host lacks fails the run
     * with a message that says so.
     */
    static JobResult forDevice(JobContext context, BiFunction<Device, DeviceConnector, JobResult> work) {
        String deviceId = context.parameters().string(DEVICE_ID);
        Optional<Device> device = context.service(DeviceInventory.class).device(deviceId);
        if (device.isEmpty()) {
            return JobResult.failure("Device " + deviceId + " is not in the device inventory (removed since the "
                    + "parent run selected it?)");
        }
        if (!device.get().managed()) {
            return JobResult.builder().skipped().message("Device " + deviceId + " is not managed; left alone").build();
        }
        String connectorName = device.get().connectorName();
        Optional<DeviceConnector> connector = context.service(DeviceConnectors.class).connector(connectorName);
        if (connector.isEmpty()) {
            return JobResult.builder().failed(deviceId, "the host has no device connector named '" + connectorName
                    + "'; register one in the DeviceConnectors service").build();
        }
        return work.apply(device.get(), connector.get());
    }

    /** @return the exception's message, or its type when it has none */
    static String reason(RuntimeException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName() : e.getMessage();
    }
}
