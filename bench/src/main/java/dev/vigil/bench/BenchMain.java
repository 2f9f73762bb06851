package dev.vigil.bench;

import dev.vigil.bench.cron.CronWorkload;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * The benchmark command line: {@code java -Xms2g -Xmx8g -jar bench/target/vigil-bench.jar all --jdbc-url URL}.
 * Runs the workloads of the bench issue side by side with the anchors on this machine and prints,
 * for each, a table and its {@code TARGET} lines. See {@link BenchOptions#USAGE}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    /** @param args {@code WORKLOAD [--quick] [--jdbc-url URL]} */
    public static void main(String[] args) {
        // Before any logger exists: the engine and the anchors log every run at INFO.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.print(BenchOptions.USAGE);
                System.exit(0);
            }
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, System.getenv("VIGIL_BENCH_JDBC_URL"));
        } catch (IllegalArgumentException e) {
            System.err.println("vigil-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out));
    }

    static int run(BenchOptions options, PrintStream out) {
        Report report = new Report(out, options.quick());
        Instant started = Instant.now();
        out.println("Vigil benchmarks: " + options.workload() + (options.quick() ? " --quick" : ""));
        Machine.describe().forEach(line -> out.println("   " + line));
        out.println("   postgresql: " + options.jdbcUrl().map(u -> BenchOptions.redact(u) + " " + postgresVersion(u))
                .orElse("none given; the PostgreSQL parts are skipped (--jdbc-url URL or VIGIL_BENCH_JDBC_URL)"));
        if (options.quick()) {
            out.println("   --quick: smaller sizes and shorter windows; the figures are indicative, not results.");
        }
        int status = 0;
        for (String name : BenchOptions.WORKLOADS.subList(1, BenchOptions.WORKLOADS.size())) {
            if (!options.runs(name)) {
                continue;
            }
            try {
                switch (name) {
                    case "cron" -> cron(options, report);
                    case "dispatch" -> new DispatchWorkload(options, report).run();
                    case "scale" -> new ScaleWorkload(options, report).run();
                    case "lag" -> new LagWorkload(options, report).run();
                    case "cert" -> new CertWorkload(options, report).run();
                    default -> throw new IllegalStateException("no workload " + name);
                }
            } catch (Exception | Error e) {
                out.flush();
                System.err.println("vigil-bench: the " + name + " workload failed: " + e);
                e.printStackTrace();
                out.println("The " + name + " workload failed: " + e);
                status = 1;
            }
        }
        out.println();
        out.printf("Done in %s. Targets: %d met, %d missed, %d skipped%s.%n",
                Duration.between(started, Instant.now()).withNanos(0).toString().substring(2).toLowerCase(),
                report.count(Report.Status.PASS), report.count(Report.Status.FAIL),
                report.count(Report.Status.SKIPPED), options.runs("cron") ? " (the two cron targets count as one)" : "");
        return status;
    }

    private static String postgresVersion(String url) {
        try (var pool = Postgres.pool(url, "bench-probe", 1)) {
            return "- " + Postgres.version(pool);
        } catch (Exception e) {
            return "- not reachable: " + e.getMessage();
        }
    }

    /**
     * Workload (1), the cron JMH benchmark, is {@link CronWorkload}: it prints its own table and
     * {@code TARGET} lines and says whether its targets were met.
     */
    private static void cron(BenchOptions options, Report report) {
        // Call site of workload (1).
        boolean met = CronWorkload.run(options.quick(), report.out());
        report.counted(met ? Report.Status.PASS : Report.Status.FAIL);
    }
}
