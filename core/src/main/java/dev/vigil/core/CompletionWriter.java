package dev.vigil.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes run completions to the store in batches, without a thread of its own. A worker that
 * finishes a run hands its completion in; if no batch is being written, that worker writes every
 * completion waiting (its own included), and goes on until none waits; otherwise it leaves its
 * completion to the worker that is writing and returns at once. Under load the completions of many
 * runs share one store transaction; alone, a completion is written at once by its own worker. (Two
 * writers at once made smaller batches and less throughput on PostgreSQL.)
 *
 * @param <T> what one completion carries
 */
final class CompletionWriter<T> {
    private final Object lock = new Object();
    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private final int maxBatch;
    private final Consumer<List<T>> write;
    private boolean writing;

    /**
     * @param maxBatch the most completions in one write
     * @param write writes one batch; must not throw (it reports its own failures)
     */
    CompletionWriter(int maxBatch, Consumer<List<T>> write) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.write = write;
    }

    /** Hands a completion in; returns once it is written, or once another thread has taken it on. */
    void submit(T completion) {
        synchronized (lock) {
            waiting.add(completion);
            if (writing) {
                return;
            }
            writing = true;
        }
        while (true) {
            List<T> batch;
            synchronized (lock) {
                if (waiting.isEmpty()) {
                    writing = false;
                    return;
                }
                batch = new ArrayList<>(Math.min(maxBatch, waiting.size()));
                while (batch.size() < maxBatch && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
            }
            try {
                write.accept(batch);
            } catch (RuntimeException | Error e) {
                synchronized (lock) {
                    writing = false; // let the next submitter take over what is left
                }
                throw e;
            }
        }
    }

    /** @return whether a completion waits or is being written */
    boolean busy() {
        synchronized (lock) {
            return writing || !waiting.isEmpty();
        }
    }
}
