package dev.vigil.bench;

import dev.vigil.core.Vigil;
import dev.vigil.spi.Schedule;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.quartz.Scheduler;

/**
 * Workload (4): definitions firing every second ({@code * * * * * ?}) on the in-memory store, 4
 * workers; the start lag of each run is its job's first instant minus its scheduled time. After a
 * warm-up, the runs scheduled in a window of whole seconds are counted.
 */
final class LagWorkload {
    private static final int WORKERS = 4;
    private static final long DRAIN_MILLIS = 3_000;

    private final BenchOptions options;
    private final Report report;

    LagWorkload(BenchOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    /** One system's lags, and the garbage collections during its window. */
    private record Outcome(LagRecorder.Summary lag, long gcCount, long gcMillis) {
    }

    /** Forwards to the recorder of the current window, once there is one. */
    private static final class Sink implements BenchJobs.LagSink {
        private volatile LagRecorder target;

        @Override
        public void record(long scheduled, long lag) {
            LagRecorder t = target;
            if (t != null) {
                t.record(scheduled, lag);
            }
        }
    }

    void run() throws Exception {
        int defs = 10_000;
        int window = options.quick() ? 10 : 60;
        int warmUp = options.quick() ? 3 : 5;
        int light = 100;
        int lightWindow = options.quick() ? 5 : 20;
        report.heading("(4) Firing lag: " + Report.count(defs) + " definitions firing every second, " + window
                + " s, in memory, " + WORKERS + " workers");
        report.note("Lag = the job's first Instant.now() minus its scheduled fire time (Quartz: milliseconds only).");
        report.note("Counted: runs scheduled in %d whole seconds after a %d s warm-up; 'first/last start' are the medians",
                window, warmUp);
        report.note("over those seconds of the earliest and the latest start lag within each second.");

        report.progress("Vigil: %s definitions, %d s", Report.count(defs), window);
        Outcome vigil = vigil(defs, warmUp, window);
        report.progress("Quartz: %s jobs, %d s", Report.count(defs), window);
        Outcome quartz = quartz(defs, warmUp, window);
        report.progress("Vigil, light load: %d definitions, %d s", light, lightWindow);
        Outcome vigilLight = vigil(light, 2, lightWindow);

        Table t = new Table("Start lag", "system", "defs", "runs expected", "runs started", "p50", "p99", "p99.9",
                "max", "first start", "last start", "drain runs/s", "GC pauses in window");
        row(t, "Vigil (InMemoryJobStore)", defs, vigil);
        row(t, QuartzAnchor.NAME, defs, quartz);
        row(t, "Vigil, light load", light, vigilLight);
        report.print(t);
        report.note("A second's %s fires are due at one instant and %d workers start them one after the other, so a run's",
                Report.count(defs), WORKERS);
        report.note("lag is its place in that second's queue over the drain rate ('last start' is the whole queue); the");
        report.note("slowest seconds, e.g. those with a GC pause, set p99. p99 <= 10 ms needs 9,900 starts in 10 ms, a drain");
        report.note("rate near 1,000,000 runs/s. The light-load row shows the timer's own lateness.");
        report.target("lag.p99", String.format(Locale.ROOT, "%.2fms", vigil.lag().p99()), "<=10ms",
                vigil.lag().p99() <= 10);
    }

    private void row(Table t, String system, int defs, Outcome o) {
        LagRecorder.Summary s = o.lag();
        t.row(system, Report.count(defs), Report.count(s.expected()), Report.count(s.recorded()), Report.millis(s.p50()),
                Report.millis(s.p99()), Report.millis(s.p999()), Report.millis(s.max()),
                Report.millis(s.firstStartMedian()), Report.millis(s.lastStartMedian()),
                Report.fixed(s.drainRatePerSecond(defs), 0), o.gcCount() + " (" + Report.millis(o.gcMillis()) + ")");
    }

    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            millis += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** Waits for the recorder's window and the drain after it; returns the collections in between. */
    private static long[] watch(LagRecorder recorder) throws InterruptedException {
        Timed.sleepUntil(recorder.fromMillis());
        long[] before = gc();
        Timed.sleepUntil(recorder.toMillis() + DRAIN_MILLIS);
        long[] after = gc();
        return new long[] {after[0] - before[0], after[1] - before[1]};
    }

    private static LagRecorder windowAfter(int warmUpSeconds, int seconds, int perSecond) {
        long from = (System.currentTimeMillis() / 1000 + 1 + warmUpSeconds) * 1000;
        return new LagRecorder(from, seconds, perSecond);
    }

    private Outcome vigil(int defs, int warmUp, int window) throws Exception {
        Sink sink = new Sink();
        LagRecorder recorder;
        long[] gc;
        try (Vigil vigil = Vigil.builder().discoverJobs(false).register(BenchJobs.tick(sink)).workers(WORKERS)
                .nodeId("bench").build()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < defs; i++) {
                vigil.define(String.format(Locale.ROOT, "tick-%05d", i), BenchJobs.TICK)
                        .schedule(Schedule.cron("* * * * * ?")).save();
            }
            long registered = System.nanoTime() - t0;
            if (defs > 1000) {
                report.note("Vigil registered %s definitions in %s s", Report.count(defs),
                        Report.fixed(Timed.seconds(registered), 2));
            }
            vigil.start();
            recorder = windowAfter(warmUp, window, defs);
            sink.target = recorder;
            gc = watch(recorder);
        }
        // The engine is closed: every run it started has recorded its lag.
        return new Outcome(recorder.summary((long) defs * window), gc[0], gc[1]);
    }

    /**
     * Lets Quartz finish the jobs it started, but not forever: in one full run its
     * {@code shutdown(true)} never returned although no worker thread was left.
     */
    private static void shutdownWaitingBriefly(Scheduler s) throws InterruptedException {
        Thread waiting = new Thread(() -> {
            try {
                s.shutdown(true);
            } catch (org.quartz.SchedulerException e) {
                throw new IllegalStateException(e);
            }
        }, "quartz-shutdown");
        waiting.setDaemon(true);
        waiting.start();
        waiting.join(30_000);
    }

    private Outcome quartz(int defs, int warmUp, int window) throws Exception {
        Sink sink = new Sink();
        Scheduler s = QuartzAnchor.startTicking(defs, WORKERS, sink);
        try {
            LagRecorder recorder = windowAfter(warmUp, window, defs);
            sink.target = recorder;
            long[] gc = watch(recorder);
            shutdownWaitingBriefly(s);
            return new Outcome(recorder.summary((long) defs * window), gc[0], gc[1]);
        } finally {
            if (!s.isShutdown()) {
                s.shutdown(false);
            }
        }
    }
}
