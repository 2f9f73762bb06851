package dev.vigil.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.core.Vigil;
import dev.vigil.core.schedule.CompiledSchedule;
import dev.vigil.core.schedule.Schedules;
import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.core.store.JdbcJobStore;
import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.JobPolicies;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.store.JobStore;
import dev.vigil.spi.store.NewRun;
import java.lang.ref.Reference;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.quartz.SchedulerException;

/**
 * Workload (3): recurring per-host cron definitions ({@code 0 M H * * ?}, minutes and hours spread
 * over the day, one host parameter each) registered and held: registration rate and retained heap
 * per definition, against Quartz's RAMJobStore (a JobDetail and a CronTrigger each). On PostgreSQL:
 * time to register and table sizes.
 *
 * <p>Vigil is measured twice: through its public API ({@code vigil.define(...).save()}, which the
 * targets use) and through the store directly ({@code saveDefinition} plus the first run's
 * {@code enqueue}), so that the engine's own share of the cost shows.
 */
final class ScaleWorkload {
    private static final JobPolicies POLICIES = BenchJobs.scan().descriptor().defaultPolicies();

    private final BenchOptions options;
    private final Report report;

    ScaleWorkload(BenchOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    static String cron(int i) {
        return "0 " + (i % 60) + " " + (i / 60 % 24) + " * * ?";
    }

    static String host(int i) {
        return "host-" + pad7(i) + ".example.net";
    }

    static String id(int i) {
        return "scan-" + pad7(i);
    }

    /** Zero-padded to 7 digits; cheaper than String.format, whose cost would be charged to the systems measured. */
    private static String pad7(int i) {
        String digits = Integer.toString(i);
        return "0000000".substring(Math.min(7, digits.length())) + digits;
    }

    /** One system's registration. */
    private record Registration(String system, int n, long nanos, long heapBytes) {
        double rate() {
            return Timed.perSecond(n, nanos);
        }

        double bytesPer() {
            return heapBytes / (double) n;
        }
    }

    void run() throws Exception {
        int n = options.quick() ? 100_000 : 1_000_000;
        int nQuartz = options.quick() ? 50_000 : 200_000;
        int warmUp = options.quick() ? 10_000 : 50_000;
        report.heading("(3) Scale: " + Report.count(n) + " recurring cron definitions held in memory");
        report.note("Definitions 'scan-NNNNNNN', schedule '0 M H * * ?' (1,440 distinct times), parameter host=...;");
        report.note("Quartz: a JobDetail with the host in its JobDataMap and a CronTrigger each, scheduler not started.");
        report.note("Heap: used heap after full GCs, after minus before, divided by the count. Quartz holds %s",
                Report.count(nQuartz));
        report.note("(%s would not fit in this heap at its ~12 KB each); per-definition figures do not depend on N.",
                Report.count(n));
        report.note("Each system first registers %s definitions in a throwaway instance (JIT warm-up).",
                Report.count(warmUp));

        report.progress("Vigil define().save(): warm-up");
        vigilDefine(warmUp, false);
        report.progress("Vigil define().save(): %s definitions", Report.count(n));
        Registration define = vigilDefine(n, true);
        report.progress("Vigil store direct: warm-up");
        storeDirect(new InMemoryJobStore(Clock.systemDefaultZone()), 0, warmUp);
        report.progress("Vigil store direct: %s definitions", Report.count(n));
        Registration direct = inMemoryDirect(n);
        report.progress("Quartz: warm-up");
        quartz(warmUp);
        report.progress("Quartz: %s definitions", Report.count(nQuartz));
        Registration quartz = quartz(nQuartz);

        double rateRatio = define.rate() / quartz.rate();
        double memoryRatio = quartz.bytesPer() / define.bytesPer();
        Table t = new Table("In memory", "system", "definitions", "seconds", "definitions/s", "heap/definition",
                "heap total");
        for (Registration r : new Registration[] {define, direct, quartz}) {
            t.row(r.system, Report.count(r.n), Report.fixed(Timed.seconds(r.nanos), 2), Report.fixed(r.rate(), 0),
                    Report.bytes(r.bytesPer()), Report.bytes(r.heapBytes));
        }
        t.row("ratio Vigil define() vs Quartz", "", "", Report.ratio(rateRatio) + " faster",
                Report.ratio(memoryRatio) + " less", "");
        t.row("ratio Vigil store direct vs Quartz", "", "", Report.ratio(direct.rate() / quartz.rate()) + " faster",
                Report.ratio(quartz.bytesPer() / direct.bytesPer()) + " less", "");
        report.print(t);

        if (options.jdbcUrl().isPresent()) {
            try {
                postgres(options.jdbcUrl().get(), n);
            } catch (Exception e) {
                report.note("");
                report.note("PostgreSQL: the part failed: %s", e);
            }
        } else {
            report.note("");
            report.note("PostgreSQL: skipped, no --jdbc-url URL or VIGIL_BENCH_JDBC_URL");
        }
        report.target("scale.memory.vs-quartz", Report.ratio(memoryRatio), ">=10x", memoryRatio >= 10);
        report.target("scale.rate.vs-quartz", Report.ratio(rateRatio), ">=10x", rateRatio >= 10);
    }

    private static Vigil engine(JobStore store) {
        Vigil.Builder b = Vigil.builder().discoverJobs(false).register(BenchJobs.scan()).nodeId("bench");
        if (store != null) {
            b.store(store);
        }
        return b.build();
    }

    private static void define(Vigil vigil, int from, int to) {
        for (int i = from; i < to; i++) {
            vigil.define(id(i), BenchJobs.SCAN).schedule(Schedule.cron(cron(i))).parameter("host", host(i)).save();
        }
    }

    private Registration vigilDefine(int n, boolean measureHeap) {
        Vigil vigil = engine(null);
        try {
            long before = measureHeap ? Heap.usedAfterGc() : 0;
            long t0 = System.nanoTime();
            define(vigil, 0, n);
            long nanos = System.nanoTime() - t0;
            long after = measureHeap ? Heap.usedAfterGc() : 0;
            Reference.reachabilityFence(vigil);
            return new Registration("Vigil define().save() (InMemoryJobStore)", n, nanos, after - before);
        } finally {
            vigil.close();
        }
    }

    private Registration inMemoryDirect(int n) {
        InMemoryJobStore store = new InMemoryJobStore(Clock.systemDefaultZone());
        long before = Heap.usedAfterGc();
        long nanos = storeDirect(store, 0, n);
        long after = Heap.usedAfterGc();
        Reference.reachabilityFence(store);
        return new Registration("Vigil store direct (saveDefinition+enqueue)", n, nanos, after - before);
    }

    /** Saves each definition and enqueues its first fire, as the engine would, without the engine. */
    private static long storeDirect(JobStore store, int from, int to) {
        Map<String, CompiledSchedule> compiled = new HashMap<>();
        ZoneId zone = ZoneId.systemDefault();
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        for (int i = from; i < to; i++) {
            Schedule.Cron schedule = Schedule.cron(cron(i));
            CompiledSchedule c = compiled.computeIfAbsent(schedule.expression(), e -> Schedules.compile(schedule, zone));
            JobDefinition d = new JobDefinition(id(i), BenchJobs.SCAN, schedule, Map.of("host", host(i)), true, POLICIES,
                    null, now);
            store.saveDefinition(d);
            Instant next = c.nextAfter(now.minusNanos(1)).orElseThrow();
            store.enqueue(new NewRun(d.id(), BenchJobs.SCAN, RunOrigin.SCHEDULED, null, 1, next, next, null,
                    POLICIES.concurrency(), POLICIES.timeout(), d.parameters()));
        }
        return System.nanoTime() - t0;
    }

    private Registration quartz(int n) throws Exception {
        long before = Heap.usedAfterGc();
        QuartzAnchor.Registered r = QuartzAnchor.register(n, ScaleWorkload::cron, ScaleWorkload::host);
        try {
            long after = Heap.usedAfterGc();
            return new Registration(QuartzAnchor.NAME, n, r.nanos(), after - before);
        } finally {
            shutdown(r);
        }
    }

    private static void shutdown(QuartzAnchor.Registered r) throws SchedulerException {
        r.scheduler().clear();
        r.scheduler().shutdown(true);
    }

    private void postgres(String url, int target) throws Exception {
        int n = options.quick() ? 1_000 : 10_000;
        String definePrefix = Postgres.PREFIX + "s_";
        String directPrefix = Postgres.PREFIX + "t_";
        report.note("");
        report.note("PostgreSQL: %s definitions per path, one thread (the store's calls are one transaction each); time",
                Report.count(n));
        report.note("and size are scaled linearly to %s. Sizes: pg_total_relation_size after VACUUM ANALYZE.",
                Report.count(target));
        Table t = new Table("PostgreSQL", "path", "definitions", "seconds", "definitions/s", "statements/def",
                "commits/def", "time for " + Report.count(target), "definitions table", "runs table", "bytes/def",
                "size for " + Report.count(target));
        try (HikariDataSource pool = Postgres.pool(url, "bench-scale", 4)) {
            try {
                Postgres.dropVigilTables(pool, definePrefix);
                Postgres.dropVigilTables(pool, directPrefix);
                CountingDataSource counting = new CountingDataSource(pool);
                JdbcJobStore defineStore = JdbcJobStore.builder(counting).tablePrefix(definePrefix).build();
                report.progress("Vigil define().save() on PostgreSQL: %s definitions", Report.count(n));
                long defineNanos;
                CountingDataSource.Counts defineSql;
                try (Vigil vigil = engine(defineStore)) {
                    define(vigil, 0, n / 10); // warm-up, counted in the size but not in the time
                    CountingDataSource.Counts before = counting.counts();
                    long t0 = System.nanoTime();
                    define(vigil, n / 10, n + n / 10);
                    defineNanos = System.nanoTime() - t0;
                    defineSql = counting.counts().minus(before);
                }
                row(t, pool, "Vigil define().save()", definePrefix, n, n + n / 10, defineNanos, defineSql, target);

                JdbcJobStore directStore = JdbcJobStore.builder(counting).tablePrefix(directPrefix).build();
                report.progress("Vigil store direct on PostgreSQL: %s definitions", Report.count(n));
                storeDirect(directStore, 0, n / 10);
                CountingDataSource.Counts before = counting.counts();
                long directNanos = storeDirect(directStore, n / 10, n + n / 10);
                CountingDataSource.Counts directSql = counting.counts().minus(before);
                row(t, pool, "Vigil store direct (saveDefinition+enqueue)", directPrefix, n, n + n / 10, directNanos,
                        directSql, target);
            } finally {
                Postgres.dropVigilTables(pool, definePrefix);
                Postgres.dropVigilTables(pool, directPrefix);
            }
        }
        report.print(t);
    }

    private static void row(Table t, HikariDataSource pool, String path, String prefix, int measured, int held,
                            long nanos, CountingDataSource.Counts sql, int target) throws Exception {
        long defs = Postgres.totalSize(pool, prefix + "definitions");
        long runs = Postgres.totalSize(pool, prefix + "runs");
        double perDefinition = (defs + runs) / (double) held;
        double rate = Timed.perSecond(measured, nanos);
        t.row(path, Report.count(measured), Report.fixed(Timed.seconds(nanos), 2), Report.fixed(rate, 0),
                Report.fixed(sql.statements() / (double) measured, 2), Report.fixed(sql.commits() / (double) measured, 2),
                formatDuration(target / rate), Report.bytes(defs), Report.bytes(runs), Report.fixed(perDefinition, 0),
                Report.bytes(perDefinition * target));
    }

    private static String formatDuration(double seconds) {
        if (seconds >= 3600) {
            return Report.fixed(seconds / 3600, 1) + " h";
        }
        if (seconds >= 60) {
            return Report.fixed(seconds / 60, 1) + " min";
        }
        return Report.fixed(seconds, 1) + " s";
    }
}
