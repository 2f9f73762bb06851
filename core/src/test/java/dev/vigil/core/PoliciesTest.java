package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.VigilException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrency, mutex, timeout and cancellation on a started engine with real threads. */
class PoliciesTest {
    private final RunWatcher watcher = new RunWatcher();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final Semaphore entered = new Semaphore(0);
    private Vigil vigil;

    private TestJobs.RecordingJob blocking(String id, ConcurrencyPolicy policy) {
        return TestJobs.job(id, d -> d.concurrency(policy), c -> {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            entered.release();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } finally {
                running.decrementAndGet();
            }
            return JobResult.builder().succeeded().build();
        });
    }

    private Vigil start(TestJobs.RecordingJob... jobs) {
        vigil = Vigil.builder().clock(Clock.systemUTC()).discoverJobs(false).nodeId("policies").workers(4)
                .shutdownTimeout(Duration.ofSeconds(2)).listener(watcher).register(jobs).build().start();
        return vigil;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (vigil != null) {
            vigil.close();
        }
    }

    @Test
    void skipIfRunningRecordsTheSecondRunAsSkipped() {
        start(blocking("test.skip-if-running", ConcurrencyPolicy.SKIP_IF_RUNNING));
        RunRecord first = vigil.trigger("test.skip-if-running");
        watcher.awaitStarted(r -> r.id() == first.id());

        RunRecord second = vigil.trigger("test.skip-if-running");
        RunRecord skipped = watcher.awaitFinished(second.id());
        release.countDown();

        assertThat(skipped.state()).isEqualTo(RunState.SKIPPED);
        assertThat(skipped.message()).contains("running");
        assertThat(watcher.awaitFinished(first.id()).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void allowRunsOverlappingRuns() throws InterruptedException {
        start(blocking("test.allow", ConcurrencyPolicy.ALLOW));
        vigil.trigger("test.allow");
        RunRecord b = vigil.trigger("test.allow");

        assertThat(entered.tryAcquire(2, 20, TimeUnit.SECONDS)).as("both runs inside the job at once").isTrue();
        assertThat(running.get()).isEqualTo(2);
        release.countDown();
        assertThat(watcher.awaitFinished(b.id()).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void queueOneLetsOneRunWaitAndRefusesAThird() {
        start(blocking("test.queue-one", ConcurrencyPolicy.QUEUE_ONE));
        RunRecord first = vigil.trigger("test.queue-one");
        watcher.awaitStarted(r -> r.id() == first.id());
        RunRecord waiting = vigil.trigger("test.queue-one");

        assertThatThrownBy(() -> vigil.trigger("test.queue-one")).isInstanceOf(VigilException.class)
                .hasMessageContaining("QUEUE_ONE");
        assertThat(vigil.run(waiting.id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
        release.countDown();

        assertThat(watcher.awaitFinished(waiting.id()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(maxRunning.get()).isEqualTo(1);
    }

    @Test
    void runsSharingAMutexKeyNeverOverlap() {
        start(blocking("test.mutex-a", ConcurrencyPolicy.ALLOW), blocking("test.mutex-b", ConcurrencyPolicy.ALLOW));
        vigil.update("test.mutex-a").mutexKey("host:web-01").save();
        vigil.update("test.mutex-b").mutexKey("host:web-01").save();

        RunRecord a = vigil.trigger("test.mutex-a");
        watcher.awaitStarted(r -> r.id() == a.id());
        RunRecord b = vigil.trigger("test.mutex-b");
        RunRecord c = vigil.trigger("test.mutex-a");

        assertThat(vigil.run(b.id()).orElseThrow().state()).isEqualTo(RunState.QUEUED);
        release.countDown();
        watcher.awaitFinished(b.id());
        watcher.awaitFinished(c.id());
        assertThat(maxRunning.get()).isEqualTo(1);
    }

    @Test
    void runPastItsTimeoutIsInterruptedAndEndsTimedOut() {
        TestJobs.RecordingJob slow = blocking("test.slow", ConcurrencyPolicy.SKIP_IF_RUNNING);
        start(slow);
        vigil.update("test.slow").timeout(Duration.ofMillis(200)).save();

        RunRecord run = vigil.trigger("test.slow");

        RunRecord done = watcher.awaitFinished(run.id());
        assertThat(done.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(done.message()).contains("timed out");
    }

    @Test
    void cancellingARunningRunStopsItAndFreesItsMutex() {
        start(blocking("test.cancel", ConcurrencyPolicy.ALLOW), TestJobs.succeeding("test.after", d -> d));
        vigil.update("test.cancel").mutexKey("account:42").save();
        vigil.update("test.after").mutexKey("account:42").save();
        RunRecord run = vigil.trigger("test.cancel");
        watcher.awaitStarted(r -> r.id() == run.id());
        RunRecord next = vigil.trigger("test.after");

        assertThat(vigil.cancel(run.id())).isTrue();

        assertThat(watcher.awaitFinished(run.id()).state()).isEqualTo(RunState.CANCELLED);
        assertThat(watcher.awaitFinished(next.id()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(vigil.cancel(run.id())).as("already ended").isFalse();
    }

    @Test
    void cancellingAQueuedRunEndsItWithoutRunningIt() {
        TestJobs.RecordingJob job = blocking("test.cancel-queued", ConcurrencyPolicy.QUEUE_ONE);
        start(job);
        RunRecord first = vigil.trigger("test.cancel-queued");
        watcher.awaitStarted(r -> r.id() == first.id());
        RunRecord queued = vigil.trigger("test.cancel-queued");

        vigil.cancel(queued.id());
        release.countDown();
        watcher.awaitFinished(first.id());

        assertThat(vigil.run(queued.id()).orElseThrow().state()).isEqualTo(RunState.CANCELLED);
        assertThat(job.runs).extracting(c -> c.runId()).containsExactly(first.id());
    }

    @Test
    void gracefulShutdownWaitsForRunsThenCancelsThoseThatOverrun() {
        start(blocking("test.overrun", ConcurrencyPolicy.ALLOW));
        RunRecord run = vigil.trigger("test.overrun");
        watcher.awaitStarted(r -> r.id() == run.id());

        vigil.close();

        RunRecord ended = vigil.run(run.id()).orElseThrow();
        assertThat(ended.state()).isEqualTo(RunState.CANCELLED);
        assertThat(ended.message()).contains("shutdown");
        assertThat(ended.origin()).isEqualTo(RunOrigin.MANUAL);
    }
}
