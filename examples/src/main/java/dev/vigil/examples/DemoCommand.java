package dev.vigil.examples;

import dev.vigil.core.DefinitionInfo;
import dev.vigil.core.Vigil;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.VigilException;
import dev.vigil.spi.VigilListener;
import dev.vigil.spi.store.RunQuery;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code vigil demo [--duration 30s] [store options]}: starts the engine on the embedded store with
 * five demo jobs, prints every run's start and end, then shuts down gracefully and prints a summary.
 *
 * <p>The demo jobs are registered explicitly with {@link Vigil.Builder#register(dev.vigil.spi.Job...)},
 * not through {@link java.util.ServiceLoader}, so {@code vigil jobs} does not list them:
 * <ul>
 *   <li>{@code demo.heartbeat} — cron, every five seconds;
 *   <li>{@code demo.interval-scan} — every minute from a second or two after the first demo's start
 *       in this store (the setting {@value #INTERVAL_FROM}), so a restart does not move it;
 *   <li>{@code demo.discover} — triggered at the start; spawns five {@code demo.discover-host}
 *       children one second apart, at most two at once, one of which fails;
 *   <li>{@code demo.flaky-sync} — triggered at the start; fails, and succeeds when retried.
 * </ul>
 *
 * <p>The store keeps definitions, settings and history, so a second demo goes on where the first
 * stopped: children the first left queued run, a fire missed while no demo ran is a misfire, and the
 * setting {@value #DEMOS_STARTED} counts the demos.
 */
final class DemoCommand {
    /** Counts the demos that ran on a store: a host's change that must survive a restart. */
    static final String DEMOS_STARTED = "demo.demos-started";
    /** The start of the interval job's schedule: the first demo's, kept for the next ones. */
    static final String INTERVAL_FROM = "demo.interval-scan.from";

    private static final int WORKERS = 4;

    private DemoCommand() {
    }

    static int run(List<String> words, PrintStream out, Clock clock, Map<String, String> env)
            throws InterruptedException {
        Set<String> options = new HashSet<>(StoreOptions.NAMES);
        options.add("duration");
        Arguments args = Arguments.parse("demo", words, Set.of(), options);
        args.expectNoPositional();
        Duration duration = args.durationOption("duration", Duration.ofSeconds(30));
        StoreOptions storeOptions = StoreOptions.from("demo", args, env);

        try (EmbeddedHost host = EmbeddedHost.open(storeOptions)) {
            try {
                demo(host, duration, out, clock);
            } catch (VigilException e) {
                throw host.redacted(e);
            }
        }
        return Main.EXIT_OK;
    }

    private static void demo(EmbeddedHost host, Duration duration, PrintStream out, Clock clock)
            throws InterruptedException {
        Instant start = clock.instant();
        // A whole second at least a second away: after the definition's anchor (the build time), and
        // readable in the schedule's description. Only the first demo on a store uses it.
        Instant firstScan = storedInstant(host, INTERVAL_FROM)
                .orElse(start.plusSeconds(2).truncatedTo(ChronoUnit.SECONDS));
        RunsSeen seen = new RunsSeen();
        DemoCertificateHost certificates = new DemoCertificateHost(clock);
        Vigil vigil = certificates.wire(host.engine())
                .clock(clock)
                .workers(WORKERS)
                .setting(INTERVAL_FROM, firstScan.toString())
                .register(new HeartbeatJob(), new IntervalScanJob(firstScan), new DiscoverJob(),
                        new DiscoverHostJob(), new FlakySyncJob())
                .listener(new RunPrinter(out, clock))
                .listener(seen)
                .build();
        // Ctrl-C: end the runs, then let go of the database.
        Thread onCtrlC = new Thread(() -> {
            vigil.close();
            host.close();
        }, "vigil-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            long demoNumber = vigil.settings().getLong(DEMOS_STARTED, 0) + 1;
            vigil.putSetting(DEMOS_STARTED, Long.toString(demoNumber));
            printHeader(vigil, host, demoNumber, duration, clock, out);
            Optional<RunRecord> unfinished = unfinishedDiscovery(vigil);
            if (unfinished.isPresent()) {
                RunRecord parent = unfinished.get();
                out.println("Triggering " + String.join(", ", certificates.triggeredAtStart()) + " and " + FlakySyncJob.ID
                        + " now. " + DiscoverJob.ID + " run " + parent.id()
                        + " of an earlier demo is " + parent.state() + " with " + parent.childrenFinished() + " of "
                        + parent.childrenTotal() + " children ended; the others run now.");
            } else {
                out.println("Triggering " + DiscoverJob.ID + ", " + String.join(", ", certificates.triggeredAtStart())
                        + " and " + FlakySyncJob.ID + " now.");
            }
            vigil.start();
            if (unfinished.isEmpty()) {
                vigil.trigger(DiscoverJob.ID);
            }
            vigil.trigger(FlakySyncJob.ID);
            certificates.triggeredAtStart().forEach(vigil::trigger);
            Thread.sleep(duration.toMillis());
            out.println(DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(clock.getZone())
                    .format(clock.instant()) + "  stopping: no new runs start; running ones may finish");
        } finally {
            vigil.close();
            removeHook(onCtrlC);
        }
        certificates.printInventory(out);
        out.println(summary(seen.runs(vigil), Duration.between(start, clock.instant())));
    }

    private static Optional<Instant> storedInstant(EmbeddedHost host, String setting) {
        String text = host.store().settings().get(setting);
        try {
            return Optional.ofNullable(text).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** @return a discovery that an earlier demo left waiting for children, if any */
    private static Optional<RunRecord> unfinishedDiscovery(Vigil vigil) {
        return vigil.runs(RunQuery.forDefinition(DiscoverJob.ID)
                .states(RunState.RUNNING, RunState.WAITING_FOR_CHILDREN).limit(1)).stream().findFirst();
    }

    private static void printHeader(Vigil vigil, EmbeddedHost host, long demoNumber, Duration duration, Clock clock,
                                    PrintStream out) {
        out.println("Vigil demo for " + RunPrinter.seconds(duration) + " on node " + vigil.nodeId() + ": "
                + WORKERS + " workers, zone " + clock.getZone());
        out.println("Store: " + host.storeDescription() + "; it keeps definitions, settings and run history.");
        out.println("Demo number " + demoNumber + " on this store (setting " + DEMOS_STARTED + ").");
        TextTable table = new TextTable("DEFINITION", "SCHEDULE", "NEXT FIRE");
        LocalDate today = LocalDate.now(clock);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(clock.getZone());
        DateTimeFormatter dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                .withZone(clock.getZone());
        for (DefinitionInfo d : vigil.definitions()) {
            // A fire missed while no demo ran may be days old.
            String next = d.nextFireTime().map(t -> LocalDate.ofInstant(t, clock.getZone()).equals(today)
                    ? time.format(t) : dateTime.format(t)).orElse("-");
            table.row(d.id(), d.scheduleDescription(), next);
        }
        table.print(out);
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

    /** The runs this demo's engine started or ended: the store also holds earlier demos' runs. */
    private static final class RunsSeen implements VigilListener {
        private final Set<Long> ids = ConcurrentHashMap.newKeySet();

        @Override
        public void runStarted(RunRecord run) {
            ids.add(run.id());
        }

        @Override
        public void runFinished(RunRecord run) {
            ids.add(run.id());
        }

        List<RunRecord> runs(Vigil vigil) {
            return ids.stream().sorted().map(vigil::run).flatMap(Optional::stream).toList();
        }
    }
}
