package dev.vigil.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes run completions to the store in batches, without a thread of its own. A worker that
 * finishes a run hands its completion in; if fewer than {@code maxWriters} batches are being
 * written, that worker writes the completions waiting (its own included), and goes on until none
 * waits; otherwise it leaves its completion to the workers that are writing and returns at once.
 * Under load the completions of many runs share one store transaction, and a database works on a
 * few such transactions at once; alone, a completion is written at once by its own worker.
 *
 * @param <T> what one completion carries
 */
final class CompletionWriter<T> {
    private final Object lock = new Object();
    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private final int maxBatch;
    private final int maxWriters;
    private final Consumer<List<T>> write;
    private int writing;

    /**
     * @param maxBatch the most completions in one write
     * @param maxWriters the most threads writing at once
     * @param write writes one batch; must not throw (it reports its own failures)
     */
    CompletionWriter(int maxBatch, int maxWriters, Consumer<List<T>> write) {
        if (maxBatch < 1 || maxWriters < 1) {
            throw new IllegalArgumentException("maxBatch and maxWriters must be at least 1, were " + maxBatch + " and "
                    + maxWriters);
        }
        this.maxBatch = maxBatch;
        this.maxWriters = maxWriters;
        this.write = write;
    }

    /** Hands a completion in; returns once it is written, or once another thread has taken it on. */
    void submit(T completion) {
        synchronized (lock) {
            waiting.add(completion);
            if (writing == maxWriters) {
                return;
            }
            writing++;
        }
        while (true) {
            List<T> batch;
            synchronized (lock) {
                if (waiting.isEmpty()) {
                    writing--;
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
                    writing--; // let the next submitter take over what is left
                }
                throw e;
            }
        }
    }

    /** @return whether a completion waits or is being written */
    boolean busy() {
        synchronized (lock) {
            return writing > 0 || !waiting.isEmpty();
        }
    }
}
