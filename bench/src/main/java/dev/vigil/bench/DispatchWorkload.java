package dev.vigil.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.core.Vigil;
import dev.vigil.core.store.JdbcJobStore;
import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.VigilListener;
import dev.vigil.spi.store.NewRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Workload (2): trivial one-shot runs, all due now, 4 workers. Every system gets its runs queued
 * before it starts; the clock runs from start to the last recorded completion. In memory, Vigil
 * and Quartz alternate over warm-up and measured rounds, each in a new instance, and the median
 * round counts. On PostgreSQL, Vigil and db-scheduler run one warm-up and one measured round each,
 * with the statements they send counted and the database's activity sampled.
 */
final class DispatchWorkload {
    private static final int WORKERS = 4;
    private static final String PG_PREFIX = Postgres.PREFIX + "d_";
    private static final String VIGIL_APP = "vigil-bench-vigil";
    private static final String DBS_APP = "vigil-bench-db-scheduler";

    private final BenchOptions options;
    private final Report report;

    DispatchWorkload(BenchOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    void run() throws Exception {
        int n = options.quick() ? 20_000 : 100_000;
        int rounds = 3;
        report.heading("(2) Dispatch throughput: " + Report.count(n) + " trivial one-shot runs due now, "
                + WORKERS + " workers");
        report.note("Runs are queued before the scheduler starts; time runs from start() to the last completion");
        report.note("(Vigil: VigilListener.runFinished, after the store recorded it; Quartz: JobListener.jobWasExecuted;");
        report.note("db-scheduler: SchedulerListener.onExecutionComplete). Each round uses a new scheduler instance.");
        report.note("In memory: warm-up rounds (at least 60,000 runs), then %d measured rounds per system, alternating;",
                rounds);
        report.note("the median counts.");

        int warmUps = Math.max(1, 60_000 / n);
        for (int w = 0; w < warmUps; w++) {
            report.progress("warm-up %d of %d: Vigil, then Quartz", w + 1, warmUps);
            vigilInMemory(n);
            QuartzAnchor.dispatch(n, WORKERS);
        }
        long[] vigil = new long[rounds];
        long[] quartz = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            report.progress("round %d of %d: Vigil, then Quartz", r + 1, rounds);
            vigil[r] = vigilInMemory(n);
            quartz[r] = QuartzAnchor.dispatch(n, WORKERS);
        }
        long vigilMedian = median(vigil);
        long quartzMedian = median(quartz);
        double ratio = Timed.perSecond(n, vigilMedian) / Timed.perSecond(n, quartzMedian);
        Table t = new Table("In memory", "system", "runs", "seconds (median)", "runs/s (median)", "runs/s per round");
        t.row("Vigil (InMemoryJobStore)", Report.count(n), Report.fixed(Timed.seconds(vigilMedian), 3),
                Report.fixed(Timed.perSecond(n, vigilMedian), 0), rates(n, vigil));
        t.row(QuartzAnchor.NAME, Report.count(n), Report.fixed(Timed.seconds(quartzMedian), 3),
                Report.fixed(Timed.perSecond(n, quartzMedian), 0), rates(n, quartz));
        t.row("ratio Vigil / Quartz", "", "", Report.ratio(ratio), "");
        report.print(t);

        String skipped = null;
        double postgresRatio = Double.NaN;
        if (options.jdbcUrl().isEmpty()) {
            skipped = "no PostgreSQL: pass --jdbc-url URL or set VIGIL_BENCH_JDBC_URL";
        } else {
            try {
                postgresRatio = postgres(options.jdbcUrl().get());
            } catch (Exception e) {
                skipped = "the PostgreSQL part failed: " + e;
            }
        }
        report.note("");
        report.target("dispatch.in-memory.vs-quartz", Report.ratio(ratio), ">=2x", ratio >= 2);
        if (skipped != null) {
            report.skipped("dispatch.postgres.vs-db-scheduler", ">=3x", skipped);
        } else {
            report.target("dispatch.postgres.vs-db-scheduler", Report.ratio(postgresRatio), ">=3x", postgresRatio >= 3);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String rates(int n, long[] nanos) {
        StringBuilder b = new StringBuilder();
        for (long x : nanos) {
            b.append(b.length() == 0 ? "" : " ").append(Report.fixed(Timed.perSecond(n, x), 0));
        }
        return b.toString();
    }

    private static VigilListener countFinished(CountDownLatch done) {
        return new VigilListener() {
            @Override
            public void runFinished(RunRecord run) {
                if (BenchJobs.NOOP.equals(run.jobType())) {
                    done.countDown();
                }
            }
        };
    }

    /** @return nanoseconds from start() to the last completion */
    private long vigilInMemory(int n) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(n);
        try (Vigil vigil = Vigil.builder().discoverJobs(false).register(BenchJobs.noop()).workers(WORKERS)
                .nodeId("bench").listener(countFinished(done)).build()) {
            for (int i = 0; i < n; i++) {
                vigil.trigger(BenchJobs.NOOP);
            }
            long t0 = System.nanoTime();
            vigil.start();
            Timed.await(done, "Vigil in-memory dispatch");
            return System.nanoTime() - t0;
        }
    }

    /** @return Vigil's throughput over db-scheduler's */
    private double postgres(String url) throws Exception {
        int n = options.quick() ? 2_000 : 100_000;
        int warmUp = n / 5;
        report.note("");
        report.note("PostgreSQL: %s runs, one round each after a warm-up round of %s.", Report.count(n),
                Report.count(warmUp));
        report.note("Both on the same database with a pool of 10 connections each; tables dropped afterwards.");
        VigilRound vigil;
        VigilRound analyzed;
        DbSchedulerAnchor.Round dbs;
        try (HikariDataSource pool = Postgres.pool(url, VIGIL_APP, 10)) {
            report.progress("Vigil on PostgreSQL: warm-up");
            vigilPostgres(url, pool, warmUp, false);
            report.progress("Vigil on PostgreSQL: %s runs", Report.count(n));
            vigil = vigilPostgres(url, pool, n, false);
            report.progress("Vigil on PostgreSQL, runs table analyzed before start: %s runs", Report.count(n));
            analyzed = vigilPostgres(url, pool, n, true);
        }
        try (HikariDataSource pool = Postgres.pool(url, DBS_APP, 10)) {
            try {
                report.progress("db-scheduler: warm-up");
                DbSchedulerAnchor.dispatch(pool, warmUp, WORKERS, null);
                report.progress("db-scheduler: %s runs", Report.count(n));
                try (PgActivitySampler sampler = new PgActivitySampler(url, DBS_APP)) {
                    dbs = DbSchedulerAnchor.dispatch(pool, n, WORKERS, sampler);
                }
            } finally {
                DbSchedulerAnchor.dropTable(pool);
            }
        }
        double ratio = Timed.perSecond(n, vigil.runNanos) / Timed.perSecond(n, dbs.runNanos());
        double analyzedRatio = Timed.perSecond(n, analyzed.runNanos) / Timed.perSecond(n, dbs.runNanos());
        Table t = new Table("PostgreSQL", "system", "runs", "seconds", "runs/s", "statements/run", "commits/run",
                "queueing runs/s");
        row(t, "Vigil (JdbcJobStore)", n, vigil);
        row(t, "Vigil, runs table ANALYZEd before start *", n, analyzed);
        t.row(DbSchedulerAnchor.NAME, Report.count(n), Report.fixed(Timed.seconds(dbs.runNanos()), 3),
                Report.fixed(Timed.perSecond(n, dbs.runNanos()), 0), perRun(dbs.sql().statements(), n),
                perRun(dbs.sql().commits(), n), Report.fixed(Timed.perSecond(n, dbs.enqueueNanos()), 0));
        t.row("ratio Vigil / db-scheduler", "", "", Report.ratio(ratio), "", "", "");
        t.row("ratio Vigil ANALYZEd / db-scheduler *", "", "", Report.ratio(analyzedRatio), "", "", "");
        report.print(t);
        report.note("* diagnostic, not the target: the same run with fresh planner statistics on the runs table; the");
        report.note("  claim must not depend on them (without, a planner once sorted the whole queue for every claim).");
        report.note("statements/run: JDBC executions (a batch counts once) from start to the last completion, per run;");
        report.note("commits/run counts explicit commits only (db-scheduler runs in auto-commit: each statement is its own");
        report.note("transaction). Queueing: Vigil JobStore.enqueue from 4 threads, one run per call; db-scheduler");
        report.note("SchedulerClient.scheduleBatch in batches of 1,000. Queueing is not part of the measured time.");
        report.print(statementTable("Vigil statements per run", vigil.bySql, n));
        report.print(statementTable("db-scheduler statements per run", dbs.bySql(), n));
        report.print(vigil.activity);
        report.print(analyzed.activity);
        report.print(dbs.activity());
        return ratio;
    }

    private static void row(Table t, String system, int n, VigilRound r) {
        t.row(system, Report.count(n), Report.fixed(Timed.seconds(r.runNanos), 3),
                Report.fixed(Timed.perSecond(n, r.runNanos), 0), perRun(r.sql.statements(), n),
                perRun(r.sql.commits(), n), Report.fixed(Timed.perSecond(n, r.enqueueNanos), 0));
    }

    private static Table statementTable(String title, Map<String, Long> bySql, int n) {
        Table t = new Table(title, "statement", "per run");
        bySql.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> t.row(e.getKey(), perRun(e.getValue(), n)));
        return t;
    }

    private static String perRun(long count, int n) {
        return Report.fixed(count / (double) n, 2);
    }

    private record VigilRound(long enqueueNanos, long runNanos, CountingDataSource.Counts sql, Map<String, Long> bySql,
                              Table activity) {
    }

    private VigilRound vigilPostgres(String url, HikariDataSource pool, int n, boolean analyze) throws Exception {
        Postgres.dropVigilTables(pool, PG_PREFIX);
        try {
            CountingDataSource counting = new CountingDataSource(pool);
            JdbcJobStore store = JdbcJobStore.builder(counting).tablePrefix(PG_PREFIX).build();
            CountDownLatch done = new CountDownLatch(n);
            try (Vigil vigil = Vigil.builder().store(store).discoverJobs(false).register(BenchJobs.noop())
                    .workers(WORKERS).nodeId("bench").listener(countFinished(done)).build()) {
                long e0 = System.nanoTime();
                enqueueInParallel(store, n, 4);
                long enqueue = System.nanoTime() - e0;
                if (analyze) {
                    Postgres.execute(pool, "ANALYZE " + PG_PREFIX + "runs");
                }
                CountingDataSource.Counts before = counting.counts();
                counting.resetBySql();
                long run;
                PgActivitySampler sampler = new PgActivitySampler(url, VIGIL_APP);
                try {
                    long t0 = System.nanoTime();
                    vigil.start();
                    Timed.await(done, "Vigil PostgreSQL dispatch");
                    run = System.nanoTime() - t0;
                } finally {
                    sampler.close();
                }
                return new VigilRound(enqueue, run, counting.counts().minus(before), counting.bySql(),
                        sampler.table("Database activity, Vigil" + (analyze ? " (runs table ANALYZEd)" : ""), 6));
            }
        } finally {
            Postgres.dropVigilTables(pool, PG_PREFIX);
        }
    }

    private static void enqueueInParallel(JdbcJobStore store, int n, int threads) throws Exception {
        Instant due = Instant.now().minusSeconds(1);
        NewRun run = new NewRun(BenchJobs.NOOP, BenchJobs.NOOP, RunOrigin.MANUAL, null, 1, due, due, null,
                ConcurrencyPolicy.ALLOW, Duration.ZERO, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = n / threads + (t < n % threads ? 1 : 0);
                parts.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        store.enqueue(run);
                    }
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
