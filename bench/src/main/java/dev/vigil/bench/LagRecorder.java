package dev.vigil.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the start lag of every run whose scheduled time falls in a window of whole seconds, and
 * summarises them.
 */
final class LagRecorder implements BenchJobs.LagSink {
    /** What the recorded lags come to. All lags in milliseconds. */
    record Summary(long expected, long recorded, double p50, double p99, double p999, double max,
                   double firstStartMedian, double lastStartMedian) {
        /** @return runs per second the scheduler got through while draining a second's fires */
        double drainRatePerSecond(long perSecond) {
            return lastStartMedian <= 0 ? Double.NaN : perSecond / (lastStartMedian / 1000.0);
        }
    }

    private final long fromMillis;
    private final long toMillis;
    private final long[] lagNanos;
    private final long[] scheduledMillis;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param fromMillis the first scheduled second counted (epoch milliseconds)
     * @param seconds how many seconds are counted
     * @param perSecond how many runs are due each second
     */
    LagRecorder(long fromMillis, int seconds, int perSecond) {
        this.fromMillis = fromMillis;
        this.toMillis = fromMillis + seconds * 1000L;
        int capacity = seconds * perSecond + perSecond;
        this.lagNanos = new long[capacity];
        this.scheduledMillis = new long[capacity];
    }

    long fromMillis() {
        return fromMillis;
    }

    long toMillis() {
        return toMillis;
    }

    @Override
    public void record(long scheduled, long lag) {
        if (scheduled < fromMillis || scheduled >= toMillis) {
            return;
        }
        int i = next.getAndIncrement();
        if (i < lagNanos.length) {
            lagNanos[i] = lag;
            scheduledMillis[i] = scheduled;
        }
    }

    int recorded() {
        return Math.min(next.get(), lagNanos.length);
    }

    Summary summary(long expected) {
        int n = recorded();
        if (n == 0) {
            return new Summary(expected, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = Arrays.copyOf(lagNanos, n);
        Arrays.sort(sorted);
        int seconds = (int) ((toMillis - fromMillis) / 1000);
        long[] first = new long[seconds];
        long[] last = new long[seconds];
        Arrays.fill(first, Long.MAX_VALUE);
        Arrays.fill(last, Long.MIN_VALUE);
        for (int i = 0; i < n; i++) {
            int s = (int) ((scheduledMillis[i] - fromMillis) / 1000);
            first[s] = Math.min(first[s], lagNanos[i]);
            last[s] = Math.max(last[s], lagNanos[i]);
        }
        return new Summary(expected, n, ms(percentile(sorted, 0.50)), ms(percentile(sorted, 0.99)),
                ms(percentile(sorted, 0.999)), ms(sorted[n - 1]), ms(medianOfFilled(first, Long.MAX_VALUE)),
                ms(medianOfFilled(last, Long.MIN_VALUE)));
    }

    private static long medianOfFilled(long[] values, long empty) {
        long[] filled = Arrays.stream(values).filter(v -> v != empty).sorted().toArray();
        return filled.length == 0 ? 0 : percentile(filled, 0.5);
    }

    static long percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
