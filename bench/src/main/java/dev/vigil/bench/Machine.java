package dev.vigil.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.util.List;

/** Describes the machine and the JVM the figures come from. */
final class Machine {
    private Machine() {
    }

    static List<String> describe() {
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        long physical = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        String gc = ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName())
                .reduce((a, b) -> a + ", " + b).orElse("?");
        return List.of(
                "machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                        + (physical > 0 ? Report.bytes(physical) : "unknown") + " memory, "
                        + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                "java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (" + System.getProperty("java.vendor") + "), max heap " + Report.bytes(Heap.max())
                        + ", GC " + gc,
                "jvm flags: " + String.join(" ", rt.getInputArguments()));
    }
}
