package dev.vigil.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Children a parent run spawns together. Child {@code i} becomes due {@code i × stagger} after the
 * spawn, and at most {@code maxParallel} children of one parent run at once.
 *
 * @param children the children, in order; not empty
 * @param stagger the delay between consecutive children's due times; not negative
 * @param maxParallel the most children of this parent running at once; at least 1
 */
public record ChildBatch(List<ChildRun> children, Duration stagger, int maxParallel) {

    /** No parallelism limit beyond the engine's workers. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /** Validates the values. */
    public ChildBatch {
        children = List.copyOf(children);
        Objects.requireNonNull(stagger, "stagger");
        if (children.isEmpty()) {
            throw new IllegalArgumentException("A child batch needs at least one child");
        }
        if (stagger.isNegative()) {
            throw new IllegalArgumentException("stagger must not be negative, was " + stagger);
        }
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1, was " + maxParallel);
        }
    }

    /** @param children the children @return a batch, all due at once, unbounded */
    public static ChildBatch of(List<ChildRun> children) {
        return new ChildBatch(children, Duration.ZERO, UNBOUNDED);
    }

    /** @param value delay between children @return a copy with it */
    public ChildBatch staggeredBy(Duration value) {
        return new ChildBatch(children, value, maxParallel);
    }

    /** @param value most children running at once @return a copy with it */
    public ChildBatch atMostParallel(int value) {
        return new ChildBatch(children, stagger, value);
    }
}
