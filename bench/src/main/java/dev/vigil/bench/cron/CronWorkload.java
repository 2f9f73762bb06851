package dev.vigil.bench.cron;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Workload 1 of the benchmark suite: cron next-fire time, Vigil against cron-utils, Quartz and
 * Spring, measured with JMH ({@link CronNextFireBenchmark}) and printed as one table followed by the
 * two target lines.
 */
public final class CronWorkload {
    static final double TARGET_NANOS = 250;
    static final double TARGET_SPEEDUP = 4;
    private static final String VIGIL = "vigil";

    /** A benchmark method of {@link CronNextFireBenchmark} and what it stands for in the table. */
    private record Implementation(String method, String label) {
    }

    private record Row(Implementation implementation, double nanos, double error, double bytes) {
    }

    private CronWorkload() {
    }

    /**
     * Checks that the four implementations agree on the ring, runs the JMH benchmark in a forked
     * JVM with the GC profiler, and prints the table and the {@code TARGET} lines to {@code out}.
     * JMH's own progress output goes to a log file whose path is printed.
     *
     * @param quick fewer and shorter iterations (about a minute in all) instead of a few minutes
     * @param out where the table goes; not null
     * @return true if both targets were met; false if one was missed or the benchmark failed (the
     *     reason is printed)
     */
    public static boolean run(boolean quick, PrintStream out) {
        List<Implementation> implementations = List.of(
                new Implementation(VIGIL, "Vigil CronSchedule.nextAfter"),
                new Implementation("cronUtils", "cron-utils" + version("com.cronutils", "cron-utils")
                        + " ExecutionTime.nextExecution"),
                new Implementation("quartz", "Quartz" + version("org.quartz-scheduler", "quartz")
                        + " CronExpression.getNextValidTimeAfter"),
                new Implementation("spring", "Spring" + springVersion() + " CronExpression.next"));
        out.println();
        out.println("== Cron next-fire (JMH " + (quick ? "quick" : "full") + ", one next-fire call per op, "
                + CronRing.SEEDS.size() + " seed schedules in " + CronRing.ZONE + ", starts over 2026-2036; "
                + "JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores)");
        CronRing ring;
        try {
            ring = CronRing.build(CronRing.ALL, CronRing.DEFAULT_SIZE);
        } catch (IllegalStateException e) {
            out.println("FAILED: " + e.getMessage());
            printTargets(out, Double.NaN, Double.NaN);
            return false;
        }
        printAgreement(out, ring);

        Path log;
        try {
            log = Files.createTempFile("vigil-bench-cron-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the JMH log file in " + System.getProperty("java.io.tmpdir"),
                    e);
        }
        Options options = new OptionsBuilder()
                .include("^" + Pattern.quote(CronNextFireBenchmark.class.getName()) + "\\.")
                .param("schedule", CronRing.ALL)
                .addProfiler(GCProfiler.class)
                .forks(1)
                .jvmArgs("-Xms1g", "-Xmx1g")
                .warmupIterations(quick ? 3 : 5)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 5 : 10)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .shouldFailOnError(true)
                .output(log.toString())
                .build();
        out.println("JMH: " + implementations.size() + " benchmarks, 1 fork each, warmup " + (quick ? "3 x 1 s" : "5 x 2 s")
                + ", measurement " + (quick ? "5 x 1 s" : "10 x 2 s") + "; JMH log: " + log);
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            out.println("FAILED: JMH run failed (" + e.getMessage() + "); see " + log);
            printTargets(out, Double.NaN, Double.NaN);
            return false;
        }

        Map<String, RunResult> byMethod = new TreeMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            byMethod.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result);
        }
        List<Row> rows = new ArrayList<>();
        for (Implementation implementation : implementations) {
            RunResult result = byMethod.get(implementation.method());
            if (result == null) {
                out.println("FAILED: no JMH result for " + implementation.method() + "; see " + log);
                printTargets(out, Double.NaN, Double.NaN);
                return false;
            }
            Result<?> primary = result.getPrimaryResult();
            rows.add(new Row(implementation, primary.getScore(), primary.getScoreError(), allocatedBytes(result)));
        }
        double vigilNanos = rows.get(0).nanos();
        double fastestAnchor = rows.stream().skip(1).mapToDouble(Row::nanos).min().orElseThrow();
        printTable(out, rows, vigilNanos);
        return printTargets(out, vigilNanos, fastestAnchor / vigilNanos);
    }

    private static void printAgreement(PrintStream out, CronRing ring) {
        out.printf(Locale.ROOT, "Answers checked: %d ring entries, all four implementations agree on each.%n",
                ring.entries().size());
        List<CronRing.Answers> leftOut = ring.leftOut();
        if (leftOut.isEmpty()) {
            out.printf(Locale.ROOT, "No candidate was left out (%d drawn).%n", ring.candidates());
            return;
        }
        Map<String, Integer> bySchedule = new TreeMap<>();
        for (CronRing.Answers answers : leftOut) {
            bySchedule.merge(answers.seed().quartz(), 1, Integer::sum);
        }
        out.printf(Locale.ROOT, "Left out: %d of %d candidates, near a DST transition where the DST policies "
                + "differ; by schedule: %s%n", leftOut.size(), ring.candidates(), bySchedule);
        leftOut.stream().limit(5).forEach(answers -> out.println("  e.g. " + answers));
    }

    private static void printTable(PrintStream out, List<Row> rows, double vigilNanos) {
        int width = rows.stream().mapToInt(row -> row.implementation().label().length()).max().orElse(20);
        String format = "%-" + width + "s  %18s  %10s  %14s%n";
        out.printf(Locale.ROOT, format, "implementation", "ns/op", "B/op", "ratio vs Vigil");
        for (Row row : rows) {
            String error = Double.isNaN(row.error()) ? "" : String.format(Locale.ROOT, " ± %.1f", row.error());
            out.printf(Locale.ROOT, format, row.implementation().label(),
                    String.format(Locale.ROOT, "%.1f%s", row.nanos(), error),
                    Double.isNaN(row.bytes()) ? "n/a" : String.format(Locale.ROOT, "%.0f", row.bytes()),
                    String.format(Locale.ROOT, "%.1fx", row.nanos() / vigilNanos));
        }
    }

    private static boolean printTargets(PrintStream out, double nanos, double speedup) {
        boolean fastEnough = nanos <= TARGET_NANOS;
        boolean aheadEnough = speedup >= TARGET_SPEEDUP;
        out.printf(Locale.ROOT, "TARGET cron.next-fire.ns %.1f %.0f %s%n", nanos, TARGET_NANOS,
                fastEnough ? "PASS" : "FAIL");
        out.printf(Locale.ROOT, "TARGET cron.next-fire.speedup-vs-fastest-anchor %.1f %.0f %s%n", speedup,
                TARGET_SPEEDUP, aheadEnough ? "PASS" : "FAIL");
        return fastEnough && aheadEnough;
    }

    /** @return the GC profiler's bytes allocated per operation, or NaN if it reported none */
    private static double allocatedBytes(RunResult result) {
        for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
            if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                return secondary.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    /**
     * @return " " and the version of a Maven-built library on the class path (shading keeps its
     *     pom.properties), or "" if unknown
     */
    private static String version(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = CronWorkload.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            return version == null ? "" : " " + version;
        } catch (IOException e) {
            return "";
        }
    }

    /** Spring's jars carry their version only in the manifest, which shading replaces: often unknown. */
    private static String springVersion() {
        String version = org.springframework.core.SpringVersion.getVersion();
        return version == null ? "" : " " + version;
    }
}
