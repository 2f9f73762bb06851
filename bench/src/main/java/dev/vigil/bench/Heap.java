package dev.vigil.bench;

import java.lang.management.ManagementFactory;

/** Live heap, measured after full collections. */
final class Heap {
    private Heap() {
    }

    /** @return bytes of heap in use after the garbage collector has settled */
    static long usedAfterGc() {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            // Two collections in a row that agree within 1 MiB: settled.
            if (Math.abs(last - used) < 1024 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }

    /** @return the most heap this JVM may use */
    static long max() {
        return Runtime.getRuntime().maxMemory();
    }
}
