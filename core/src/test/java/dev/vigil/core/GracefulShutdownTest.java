package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Closing an engine lets the runs it has claimed finish, including those its workers have not begun. */
class GracefulShutdownTest {

    @Test
    void closeWaitsForARunClaimedJustBeforeItAndNotYetStarted() throws Exception {
        InMemoryJobStore store = new InMemoryJobStore(Clock.systemUTC());
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch closeIsWaiting = new CountDownLatch(1);
        // The worker waits to begin until close() waits for running jobs: the run is claimed (RUNNING
        // in the store) but its job has not begun when close() starts to wait.
        ThreadPoolExecutor workers = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>()) {
            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                claimed.countDown();
                try {
                    if (!closeIsWaiting.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("close() never waited");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        TestJobs.RecordingJob job = TestJobs.succeeding("test.quick", d -> d);
        Vigil vigil = Vigil.builder().clock(Clock.systemUTC()).store(store).discoverJobs(false).nodeId("closing")
                .executor(workers).workers(1).shutdownTimeout(Duration.ofSeconds(10)).register(job).build();
        vigil.disable(BuiltInJobs.WATCHDOG);
        vigil.disable(BuiltInJobs.PURGE_HISTORY);
        vigil.start();
        Thread closer = Thread.currentThread();
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                if (Arrays.stream(closer.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitIdle"))) {
                    closeIsWaiting.countDown();
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        });
        watcher.setDaemon(true);
        RunRecord run = vigil.trigger("test.quick");
        assertThat(claimed.await(20, TimeUnit.SECONDS)).isTrue();
        watcher.start();
        vigil.close();
        watcher.interrupt();
        workers.shutdown();

        assertThat(store.findRun(run.id()).orElseThrow().state()).as("the claimed run when close() returned")
                .isEqualTo(RunState.SUCCEEDED);
        assertThat(job.count()).isEqualTo(1);
    }
}
