package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.spi.store.JobStore;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An engine with nothing due sleeps: no polling thread, no periodic wake-up. */
class IdleEngineTest {

    private static Optional<Thread> thread(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).findFirst();
    }

    private static Thread.State settledState(Thread t) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return s;
            }
            Thread.onSpinWait();
        }
        return t.getState();
    }

    @Test
    void withNothingDueTheDispatcherWaitsWithoutATimeoutAndClaimsOnce() throws Exception {
        InMemoryJobStore real = new InMemoryJobStore(Clock.systemUTC());
        AtomicInteger claims = new AtomicInteger();
        JobStore counting = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("claimDue")) {
                        claims.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (Vigil vigil = Vigil.builder().clock(Clock.systemUTC()).store(counting).discoverJobs(false)
                .nodeId("idle-node").build()) {
            vigil.disable("vigil.watchdog");
            vigil.disable("vigil.purge-history");
            vigil.start();

            Thread dispatcher = thread("vigil-dispatcher-idle-node").orElseThrow();
            assertThat(settledState(dispatcher)).isEqualTo(Thread.State.WAITING);
            assertThat(claims.get()).isEqualTo(1);
            assertThat(thread("vigil-worker-idle-node")).as("no worker thread started").isEmpty();
        }
    }
}
