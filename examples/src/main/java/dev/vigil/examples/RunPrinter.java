package dev.vigil.examples;

import dev.vigil.spi.MisfirePolicy;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.VigilListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Prints one line when a run starts and one when it ends (or waits for its children):
 *
 * <pre>
 * 14:02:10.004  START  run 12  demo.discover (MANUAL)
 * 14:02:10.011  WAIT   run 12  demo.discover  WAITING_FOR_CHILDREN  5 children  (0.0 s)
 * 14:02:16.527  END    run 12  demo.discover  PARTIAL  processed=5 succeeded=4 failed=1 skipped=0  (6.5 s)  ...
 * </pre>
 *
 * <p>and one line for fires missed while no engine ran:
 *
 * <pre>
 * 14:05:00.012  MISSED demo.heartbeat  36 fire(s) from 2026-01-05 14:02:15 on, misfire policy FIRE_ONCE/PT1M
 * </pre>
 *
 * <p>Called on engine threads; each line is one {@code println}, so lines never mix.
 */
final class RunPrinter implements VigilListener {
    private final PrintStream out;
    private final Clock clock;
    private final DateTimeFormatter time;
    private final DateTimeFormatter dateTime;

    /** @param out where lines go @param clock the engine's clock; its zone formats the times */
    RunPrinter(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(clock.getZone());
        this.dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(clock.getZone());
    }

    @Override
    public void runStarted(RunRecord run) {
        StringBuilder why = new StringBuilder(run.origin().name());
        if (run.attempt() > 1) {
            why.append(", attempt ").append(run.attempt());
        }
        if (run.origin() == RunOrigin.CHILD) {
            run.parent().ifPresent(p -> why.append(" of run ").append(p));
        }
        String what = run.parameters().isEmpty() ? "" : "  " + run.parameters();
        out.println(at(run.startedAt()) + "  START  run " + run.id() + "  " + run.jobType() + " (" + why + ")" + what);
    }

    @Override
    public void runFinished(RunRecord run) {
        Instant end = run.endedAt() != null ? run.endedAt() : clock.instant();
        StringBuilder line = new StringBuilder(at(end));
        if (run.state() == RunState.WAITING_FOR_CHILDREN) {
            line.append("  WAIT   run ").append(run.id()).append("  ").append(run.jobType()).append("  ")
                    .append(run.state()).append("  ").append(run.childrenTotal()).append(" children");
        } else {
            line.append("  END    run ").append(run.id()).append("  ").append(run.jobType()).append("  ")
                    .append(run.state());
            if (run.attempt() > 1) {
                line.append(" on attempt ").append(run.attempt());
            }
            line.append("  ").append(counts(run.counts()));
        }
        if (run.startedAt() != null) {
            line.append("  (").append(seconds(Duration.between(run.startedAt(), end))).append(")");
        }
        if (!run.message().isEmpty()) {
            line.append("  ").append(Main.oneLine(run.message()));
        }
        out.println(line);
    }

    /** A fire missed while the engine was down, e.g. between two demos on one store. */
    @Override
    public void misfire(String definitionId, Instant firstMissed, long missed, MisfirePolicy policy) {
        out.println(at(clock.instant()) + "  MISSED " + definitionId + "  " + missed + " fire(s) from "
                + dateTime.format(firstMissed) + " on, misfire policy " + policy.toText());
    }

    static String counts(RunCounts c) {
        return "processed=" + c.processed() + " succeeded=" + c.succeeded() + " failed=" + c.failed()
                + " skipped=" + c.skipped();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private String at(Instant instant) {
        return time.format(instant != null ? instant : clock.instant());
    }
}
