package dev.vigil.core;

import static org.assertj.core.api.Assertions.fail;

import dev.vigil.spi.RunRecord;
import dev.vigil.spi.VigilListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records what the engine reports and lets a test wait for it without sleeping. */
final class RunWatcher implements VigilListener {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final List<RunRecord> started = new ArrayList<>();
    private final List<RunRecord> finished = new ArrayList<>();

    @Override
    public synchronized void runStarted(RunRecord run) {
        started.add(run);
        notifyAll();
    }

    @Override
    public synchronized void runFinished(RunRecord run) {
        finished.add(run);
        notifyAll();
    }

    synchronized List<RunRecord> finished() {
        return List.copyOf(finished);
    }

    synchronized List<RunRecord> started() {
        return List.copyOf(started);
    }

    /** Waits until a finished run matches, and returns it. */
    RunRecord awaitFinished(Predicate<RunRecord> which) {
        return await(finished, which, "a finished run");
    }

    RunRecord awaitFinished(long runId) {
        return awaitFinished(r -> r.id() == runId && r.state().isTerminal());
    }

    RunRecord awaitStarted(Predicate<RunRecord> which) {
        return await(started, which, "a started run");
    }

    private synchronized RunRecord await(List<RunRecord> list, Predicate<RunRecord> which, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            for (RunRecord r : list) {
                if (which.test(r)) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("Timed out waiting for " + what + "; finished so far: " + finished);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
