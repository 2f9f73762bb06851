package dev.vigil.examples;

import dev.vigil.core.DefinitionInfo;
import dev.vigil.core.Vigil;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.store.RunQuery;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code vigil demo [--duration 30s]}: starts the engine on the embedded defaults with five demo
 * jobs, prints every run's start and end, then shuts down gracefully and prints a summary.
 *
 * <p>The demo jobs are registered explicitly with {@link Vigil.Builder#register(dev.vigil.spi.Job...)},
 * not through {@link java.util.ServiceLoader}, so {@code vigil jobs} does not list them:
 * <ul>
 *   <li>{@code demo.heartbeat} — cron, every five seconds;
 *   <li>{@code demo.interval-scan} — every minute from a second or two after the start;
 *   <li>{@code demo.discover} — triggered at the start; spawns five {@code demo.discover-host}
 *       children one second apart, at most two at once, one of which fails;
 *   <li>{@code demo.flaky-sync} — triggered at the start; fails, and succeeds when retried.
 * </ul>
 */
final class DemoCommand {
    private static final int WORKERS = 4;

    private DemoCommand() {
    }

    static int run(List<String> words, PrintStream out, Clock clock) throws InterruptedException {
        Arguments args = Arguments.parse("demo", words, Set.of(), Set.of("duration"));
        args.expectNoPositional();
        Duration duration = args.durationOption("duration", Duration.ofSeconds(30));

        Instant start = clock.instant();
        // A whole second at least a second away: after the definition's anchor (the build time), and
        // readable in the schedule's description.
        Instant firstScan = start.plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        Vigil vigil = EmbeddedHost.engine()
                .clock(clock)
                .workers(WORKERS)
                .register(new HeartbeatJob(), new IntervalScanJob(firstScan), new DiscoverJob(),
                        new DiscoverHostJob(), new FlakySyncJob())
                .listener(new RunPrinter(out, clock))
                .build();
        Thread onCtrlC = new Thread(vigil::close, "vigil-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            printHeader(vigil, duration, clock, out);
            vigil.start();
            vigil.trigger(DiscoverJob.ID);
            vigil.trigger(FlakySyncJob.ID);
            Thread.sleep(duration.toMillis());
            out.println(DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(clock.getZone())
                    .format(clock.instant()) + "  stopping: no new runs start; running ones may finish");
        } finally {
            vigil.close();
            removeHook(onCtrlC);
        }
        out.println(summary(vigil.runs(RunQuery.all().limit(RunQuery.MAX_LIMIT)),
                Duration.between(start, clock.instant())));
        return Main.EXIT_OK;
    }

    private static void printHeader(Vigil vigil, Duration duration, Clock clock, PrintStream out) {
        out.println("Vigil demo for " + RunPrinter.seconds(duration) + " on node " + vigil.nodeId() + ": "
                + WORKERS + " workers, " + EmbeddedHost.storeDescription() + ", zone " + clock.getZone());
        TextTable table = new TextTable("DEFINITION", "SCHEDULE", "NEXT FIRE");
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(clock.getZone());
        for (DefinitionInfo d : vigil.definitions()) {
            table.row(d.id(), d.scheduleDescription(), d.nextFireTime().map(time::format).orElse("-"));
        }
        table.print(out);
        out.println("Triggering " + DiscoverJob.ID + " and " + FlakySyncJob.ID + " now.");
    }

    /**
     * @param runs every run of the demo
     * @param elapsed how long the demo took
     * @return one line: how many runs started and how they ended
     */
    static String summary(List<RunRecord> runs, Duration elapsed) {
        Map<RunState, Integer> byState = new EnumMap<>(RunState.class);
        int started = 0;
        for (RunRecord r : runs) {
            if (r.startedAt() != null) {
                started++;
                byState.merge(r.state(), 1, Integer::sum);
            }
        }
        StringJoiner states = new StringJoiner(", ", " (", ")");
        states.setEmptyValue("");
        byState.forEach((state, n) -> states.add(state + " " + n));
        return "Demo done: " + started + " runs in " + RunPrinter.seconds(elapsed) + states + "; engine closed.";
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C); the hook closes the engine.
        }
    }
}
