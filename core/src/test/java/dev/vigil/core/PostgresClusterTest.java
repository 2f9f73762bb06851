package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.core.store.JdbcJobStore;
import dev.vigil.core.store.JdbcStoreTestAccess;
import dev.vigil.core.store.TestDatabases;
import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.MisfirePolicy;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.RetryPolicy;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.VigilListener;
import dev.vigil.spi.store.CompletionResult;
import dev.vigil.spi.store.JobStore;
import dev.vigil.spi.store.RunCompletion;
import dev.vigil.spi.store.RunQuery;
import dev.vigil.testkit.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several engines in this JVM sharing one PostgreSQL database, each with its own pool and its own
 * {@link JdbcJobStore} over the same tables, as separate processes would. Needs
 * {@code VIGIL_TEST_JDBC_URL} (see {@link TestDatabases#postgres()}).
 */
class PostgresClusterTest {
    private static final String PREFIX = "vigil_cluster_";
    /** How long the database stays unreachable in the outage test. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final String TOUCH = "cluster.touch";

    private final List<ClusterNode> nodes = new CopyOnWriteArrayList<>();
    private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();
    private DataSource database;
    private JdbcJobStore admin;

    @BeforeEach
    void emptyTheTables() throws SQLException {
        database = TestDatabases.postgres();
        admin = JdbcJobStore.builder(database).tablePrefix(PREFIX).build();
        JdbcStoreTestAccess.deleteEverything(admin);
        // Thousands of rows deleted per test: reclaim them, or later runs measure a bloated table.
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE " + PREFIX + "runs, " + PREFIX + "definitions");
        }
    }

    @AfterEach
    void stopEverything() {
        executors.forEach(ExecutorService::shutdownNow);
        List<ClusterNode> reversed = new ArrayList<>(nodes);
        Collections.reverse(reversed);
        for (ClusterNode n : reversed) {
            try {
                n.close();
            } catch (RuntimeException e) {
                System.err.println("Closing " + n + " failed: " + e);
            }
        }
    }

    private ClusterNode node(String id, UnaryOperator<Vigil.Builder> configure) {
        ClusterNode n = ClusterNode.open(id, PREFIX, database, configure);
        nodes.add(n);
        return n;
    }

    // ---- 1. three nodes, 5,000 runs -----------------------------------------------------------------

    @Test
    void threeNodesRunFiveThousandRunsWithNoDuplicateNoMutexOverlapAndNoLoss() throws Exception {
        int definitions = 200;
        int hosts = 20;
        int total = 5_000;
        int ticks = 10;
        int reports = 5;
        Map<Long, AtomicInteger> executions = new ConcurrentHashMap<>();
        Map<Long, String> executedOn = new ConcurrentHashMap<>();
        OverlapDetector hostsHeld = new OverlapDetector();
        OverlapDetector definitionsRunning = new OverlapDetector();
        // The host keeps a bounded backlog, as a real one feeding the scheduler would.
        Semaphore backlog = new Semaphore(300);
        CountDownLatch allEnded = new CountDownLatch(total);
        VigilListener ends = new VigilListener() {
            @Override
            public void runFinished(RunRecord r) {
                if (r.origin() == RunOrigin.MANUAL && r.state().isTerminal()) {
                    backlog.release();
                    allEnded.countDown();
                }
            }
        };

        for (String id : List.of("node-a", "node-b", "node-c")) {
            TestJobs.RecordingJob touch = TestJobs.job(TOUCH, d -> d.concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING)
                    .parameter(ParameterSpec.required("host", ParameterType.STRING, "the host it works on")), c -> {
                executions.computeIfAbsent(c.runId(), k -> new AtomicInteger()).incrementAndGet();
                executedOn.put(c.runId(), id);
                String host = c.parameters().string("host");
                hostsHeld.enter(host);
                definitionsRunning.enter(c.definitionId());
                try {
                    work(Duration.ofMillis(host.startsWith("report-") ? 20 : 2));
                } finally {
                    definitionsRunning.leave(c.definitionId());
                    hostsHeld.leave(host);
                }
                return JobResult.builder().succeeded().build();
            });
            node(id, b -> b.workers(4).pollInterval(Duration.ofMillis(200)).shutdownTimeout(Duration.ofSeconds(10))
                    .listener(ends).register(touch));
        }
        Vigil a = nodes.get(0).vigil;
        for (int i = 0; i < definitions; i++) {
            String host = "h" + (i % hosts);
            a.define(touchId(i), TOUCH).parameter("host", host).mutexKey("host:" + host).save();
        }
        // A few definitions without a mutex key, triggered often: SKIP_IF_RUNNING skips some of their runs.
        // (A definition whose mutex key its own running run holds has its next run wait on the key instead.)
        for (int i = 0; i < reports; i++) {
            a.define(reportId(i), TOUCH).parameter("host", "report-" + i).save();
        }
        // Schedules firing every second on the same hosts: no fire may be run twice or lost either.
        for (int i = 0; i < ticks; i++) {
            String host = "h" + (i % hosts);
            a.define("tick-" + i, TOUCH).schedule(Schedule.cron("* * * * * ?")).parameter("host", host)
                    .mutexKey("host:" + host).save();
        }

        nodes.forEach(ClusterNode::start);
        ExecutorService feeders = Executors.newFixedThreadPool(3);
        executors.add(feeders);
        long start = System.nanoTime();
        List<Future<?>> feeding = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            Vigil host = nodes.get(f).vigil;
            SplittableRandom random = new SplittableRandom(42 + f);
            int share = total / 3 + (f < total % 3 ? 1 : 0);
            feeding.add(feeders.submit(() -> {
                for (int i = 0; i < share; i++) {
                    if (!backlog.tryAcquire(60, TimeUnit.SECONDS)) {
                        throw new AssertionError("no run ended for 60 s");
                    }
                    host.trigger(random.nextInt(10) == 0 ? reportId(random.nextInt(reports))
                            : touchId(random.nextInt(definitions)));
                }
                return null;
            }));
        }
        for (Future<?> f : feeding) {
            f.get(3, TimeUnit.MINUTES);
        }
        assertThat(allEnded.await(2, TimeUnit.MINUTES)).as("every manual run ended").isTrue();
        double seconds = (System.nanoTime() - start) / 1e9;
        for (ClusterNode n : nodes) {
            n.vigil.close();
        }

        List<RunRecord> runs = allRuns();
        Map<RunOrigin, List<RunRecord>> byOrigin = runs.stream().collect(Collectors.groupingBy(RunRecord::origin));
        List<RunRecord> manual = byOrigin.getOrDefault(RunOrigin.MANUAL, List.of());
        List<RunRecord> scheduled = byOrigin.getOrDefault(RunOrigin.SCHEDULED, List.of());
        assertThat(byOrigin.keySet()).containsOnly(RunOrigin.MANUAL, RunOrigin.SCHEDULED);

        // No loss: every enqueued run ended, each executed run succeeded, the rest were skipped.
        assertThat(manual).hasSize(total);
        assertThat(manual).extracting(RunRecord::state).isSubsetOf(RunState.SUCCEEDED, RunState.SKIPPED);
        assertThat(scheduled).filteredOn(r -> r.state() != RunState.SUCCEEDED)
                .allSatisfy(r -> assertThat(r.state()).isEqualTo(RunState.QUEUED));
        Set<Long> succeeded = runs.stream().filter(r -> r.state() == RunState.SUCCEEDED).map(RunRecord::id)
                .collect(Collectors.toSet());
        assertThat(executions.keySet()).as("executed runs are exactly the succeeded runs").isEqualTo(succeeded);
        // No duplicate: no run executed twice.
        assertThat(executions.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        // No overlap: on a mutex key, nor of two runs of one SKIP_IF_RUNNING definition.
        assertThat(hostsHeld.overlaps()).as("runs overlapping on a mutex key").isEmpty();
        assertThat(definitionsRunning.overlaps()).as("runs of one definition overlapping").isEmpty();
        assertThat(hostsHeld.entered()).isEqualTo(succeeded.size());

        // Every skip is explained by a run of its definition that was running then.
        List<RunRecord> skipped = manual.stream().filter(r -> r.state() == RunState.SKIPPED).toList();
        assertThat(skipped).as("runs skipped by SKIP_IF_RUNNING").isNotEmpty();
        Map<String, List<RunRecord>> executedByDefinition = runs.stream().filter(r -> r.startedAt() != null)
                .collect(Collectors.groupingBy(RunRecord::definitionId));
        Duration slack = Duration.ofSeconds(1);
        assertThat(skipped).allSatisfy(s -> assertThat(executedByDefinition.getOrDefault(s.definitionId(), List.of()))
                .as("a run of %s running when run %d was skipped", s.definitionId(), s.id())
                .anyMatch(r -> !r.startedAt().isAfter(s.endedAt().plus(slack))
                        && !r.endedAt().isBefore(s.endedAt().minus(slack))));

        // Each scheduled definition fired every second, once per fire, none lost.
        for (int i = 0; i < ticks; i++) {
            String id = "tick-" + i;
            List<Instant> fires = scheduled.stream().filter(r -> r.definitionId().equals(id))
                    .map(RunRecord::scheduledTime).sorted().toList();
            assertThat(fires).as("fires of %s", id).hasSizeGreaterThan(2).doesNotHaveDuplicates();
            for (int k = 1; k < fires.size(); k++) {
                assertThat(Duration.between(fires.get(k - 1), fires.get(k))).as("gap in the fires of %s", id)
                        .isEqualTo(Duration.ofSeconds(1));
            }
            assertThat(scheduled.stream().filter(r -> r.definitionId().equals(id) && r.state() == RunState.QUEUED))
                    .hasSizeLessThanOrEqualTo(1);
        }

        // All three nodes did work.
        Map<String, Long> perNode = runs.stream().filter(r -> r.owner() != null)
                .collect(Collectors.groupingBy(RunRecord::owner, TreeMap::new, Collectors.counting()));
        assertThat(perNode.keySet()).containsExactly("node-a", "node-b", "node-c");
        assertThat(new HashSet<>(executedOn.values())).containsExactlyInAnyOrder("node-a", "node-b", "node-c");

        System.out.printf("[cluster] %d manual runs (%d executed, %d skipped) and %d scheduled runs in %.1f s:"
                        + " %.0f manual runs/s, %.0f executions/s; runs per node %s%n", total, total - skipped.size(),
                skipped.size(), scheduled.size(), seconds, total / seconds, executions.size() / seconds, perNode);
    }

    private static String touchId(int i) {
        return String.format("touch-%03d", i);
    }

    private static String reportId(int i) {
        return "report-" + i;
    }

    // ---- 2. a node killed mid-run -------------------------------------------------------------------

    @Test
    void aCrashedNodesRunIsRecoveredByAnotherNodesWatchdogAndItsLateCompletionIsFenced() throws Exception {
        Duration lease = Duration.ofSeconds(2);
        RetryPolicy retryAbandoned = new RetryPolicy(2, Duration.ofMillis(100), 1.0, Duration.ofMillis(100), 0.0,
                EnumSet.of(RetryPolicy.RetryOn.ABANDONED));
        CountDownLatch startedOnA = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        AtomicInteger runsOnA = new AtomicInteger();
        AtomicInteger runsOnB = new AtomicInteger();
        TestJobs.RecordingJob blockedOnA = TestJobs.job("cluster.recoverable", d -> d.retry(retryAbandoned), c -> {
            runsOnA.incrementAndGet();
            startedOnA.countDown();
            if (!releaseA.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return JobResult.builder().add(new RunCounts(7, 7, 0, 0)).message("late success from node-a").build();
        });
        TestJobs.RecordingJob quickOnB = TestJobs.job("cluster.recoverable", d -> d.retry(retryAbandoned), c -> {
            runsOnB.incrementAndGet();
            return JobResult.builder().succeeded().message("done on node-b").build();
        });

        // Node A runs its jobs on a pool the test owns, so the test can wait for the late completion.
        ExecutorService workersA = Executors.newFixedThreadPool(2);
        executors.add(workersA);
        HikariDataSource poolA = ClusterNode.pool("node-a", database);
        Map<Long, CompletionResult> completionsOnA = new ConcurrentHashMap<>();
        JobStore storeA = recordingCompletions(JdbcJobStore.builder(poolA).tablePrefix(PREFIX).build(), completionsOnA);
        RunWatcher onA = new RunWatcher();
        Vigil a = Vigil.builder().store(storeA).nodeId("node-a").discoverJobs(false).executor(workersA).workers(2)
                .leaseDuration(lease).pollInterval(Duration.ofMillis(200)).listener(onA).register(blockedOnA).build();
        a.disable(BuiltInJobs.WATCHDOG);
        a.disable(BuiltInJobs.PURGE_HISTORY);
        RunWatcher onB = new RunWatcher();
        ClusterNode b = node("node-b", v -> v.leaseDuration(lease).pollInterval(Duration.ofMillis(200)).listener(onB)
                .register(quickOnB));
        try {
            a.start();
            RunRecord run = a.trigger("cluster.recoverable");
            assertThat(startedOnA.await(20, TimeUnit.SECONDS)).isTrue();
            RunRecord claimed = admin.findRun(run.id()).orElseThrow();
            assertThat(claimed.state()).isEqualTo(RunState.RUNNING);
            assertThat(claimed.owner()).isEqualTo("node-a");
            // Heartbeats extend the lease while node A lives.
            awaitCondition("a heartbeat of node A", Duration.ofSeconds(10),
                    () -> admin.findRun(run.id()).orElseThrow().leaseUntil().isAfter(claimed.leaseUntil()));

            a.crashForTesting();
            Instant crashedAt = admin.now();
            b.start();
            awaitCondition("the lease of run " + run.id() + " to expire", Duration.ofSeconds(20),
                    () -> admin.expiredLeases(10).stream().anyMatch(r -> r.id() == run.id()));
            RunRecord expired = admin.findRun(run.id()).orElseThrow();
            assertThat(expired.state()).isEqualTo(RunState.RUNNING);
            assertThat(expired.leaseUntil()).as("no heartbeat after the crash")
                    .isBeforeOrEqualTo(crashedAt.plus(lease));

            b.vigil.trigger(BuiltInJobs.WATCHDOG);
            RunRecord abandoned = onB.awaitFinished(run.id());
            assertThat(abandoned.state()).isEqualTo(RunState.ABANDONED);
            assertThat(abandoned.message()).contains("node-a");
            RunRecord retry = onB.awaitFinished(r -> r.definitionId().equals("cluster.recoverable")
                    && r.origin() == RunOrigin.RETRY && r.state().isTerminal());
            assertThat(retry.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(retry.owner()).isEqualTo("node-b");
            assertThat(retry.attempt()).isEqualTo(2);
            assertThat(retry.fencingToken()).isGreaterThan(abandoned.fencingToken());
            RunRecord abandonedBefore = admin.findRun(run.id()).orElseThrow();

            // Node A's job finally returns; its completion must be rejected and change nothing.
            releaseA.countDown();
            workersA.shutdown();
            assertThat(workersA.awaitTermination(30, TimeUnit.SECONDS)).as("node A's late completion done").isTrue();
            assertThat(completionsOnA).containsOnlyKeys(run.id());
            assertThat(completionsOnA.get(run.id()).accepted()).as("late completion accepted").isFalse();
            assertThat(admin.findRun(run.id()).orElseThrow()).isEqualTo(abandonedBefore);
            assertThat(abandonedBefore.counts()).isEqualTo(RunCounts.ZERO);
            assertThat(admin.runs(RunQuery.forDefinition("cluster.recoverable").limit(100)))
                    .extracting(RunRecord::id, RunRecord::state, RunRecord::owner)
                    .containsExactly(tuple(retry.id(), RunState.SUCCEEDED, "node-b"),
                            tuple(run.id(), RunState.ABANDONED, "node-a"));
            assertThat(onA.finished()).as("node A reports no finished run").isEmpty();
            assertThat(runsOnA.get()).isEqualTo(1);
            assertThat(runsOnB.get()).isEqualTo(1);
        } finally {
            releaseA.countDown();
            a.close();
            poolA.close();
        }
    }

    /** A store that remembers the result of every completion made through it. */
    @SuppressWarnings("unchecked")
    private static JobStore recordingCompletions(JobStore target, Map<Long, CompletionResult> results) {
        return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("complete")) {
                        results.put(((RunCompletion) args[0]).runId(), (CompletionResult) result);
                    }
                    if (method.getName().equals("completeAll")) {
                        List<?> batch = (List<?>) args[0];
                        for (int i = 0; i < batch.size(); i++) {
                            results.put(((RunCompletion) batch.get(i)).runId(), ((List<CompletionResult>) result).get(i));
                        }
                    }
                    return result;
                });
    }

    // ---- 3. restart after two hours -----------------------------------------------------------------

    @Test
    void aNodeRestartedAfterTwoHoursAppliesEachMisfirePolicyExactly() {
        Map<String, List<Instant>> fired = new ConcurrentHashMap<>();
        TestJobs.RecordingJob minutely = TestJobs.job("cluster.minutely", d -> d, c -> {
            fired.computeIfAbsent(c.definitionId(), k -> new CopyOnWriteArrayList<>()).add(c.scheduledTime());
            return JobResult.success();
        });
        Schedule everyMinute = Schedule.cron("0 * * * * ?");
        Map<String, MisfirePolicy> policies = Map.of("fire-once", MisfirePolicy.fireOnce(), "skip",
                MisfirePolicy.skip(), "catch-up", MisfirePolicy.catchUp(3));

        // Before: a node defines the schedules and stops with their next fires queued.
        Instant t0 = admin.now();
        ClusterNode before = node("node-before", b -> b.clock(ManualClock.at(t0, ZoneOffset.UTC)).register(minutely));
        policies.forEach((id, policy) -> before.vigil.define(id, "cluster.minutely").schedule(everyMinute)
                .misfire(policy).save());
        Instant firstFire = t0.truncatedTo(ChronoUnit.MINUTES).equals(t0) ? t0
                : t0.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        for (String id : policies.keySet()) {
            assertThat(before.vigil.definition(id).nextFireTime()).contains(firstFire);
        }
        before.close();

        // Two hours later (plus enough to land 10 s into a minute, so the test is not racing a fire).
        Instant lastMissed = t0.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofHours(2)).plus(Duration.ofMinutes(1));
        Instant restartedAt = lastMissed.plusSeconds(10);
        long missed = Duration.between(firstFire, lastMissed).toMinutes() + 1;
        Map<String, List<Long>> misfires = new ConcurrentHashMap<>();
        VigilListener misfireEvents = new VigilListener() {
            @Override
            public void misfire(String definitionId, Instant firstMissed, long n, MisfirePolicy policy) {
                misfires.computeIfAbsent(definitionId, k -> new CopyOnWriteArrayList<>()).add(n);
            }
        };
        ClusterNode after = restartedNode("node-after", restartedAt, b -> b.listener(misfireEvents).register(minutely));
        after.vigil.runDue();

        Instant nextFire = lastMissed.plus(Duration.ofMinutes(1));
        assertThat(fired.get("fire-once")).as("FIRE_ONCE runs once, for the latest missed fire")
                .containsExactly(lastMissed);
        assertThat(fired).as("SKIP runs none").doesNotContainKey("skip");
        assertThat(fired.get("catch-up")).as("CATCH_UP(3) runs the three latest missed fires, oldest first")
                .containsExactly(lastMissed.minus(Duration.ofMinutes(2)), lastMissed.minus(Duration.ofMinutes(1)),
                        lastMissed);
        assertThat(misfires.get("fire-once")).containsExactly(missed);
        assertThat(misfires.get("skip")).containsExactly(missed);
        assertThat(misfires.get("catch-up")).first().isEqualTo(missed);

        List<RunRecord> skip = history("skip");
        assertThat(skip).extracting(RunRecord::state).containsExactly(RunState.SKIPPED, RunState.QUEUED);
        assertThat(skip.get(0).message()).isEqualTo(missed + " missed fire(s) skipped by the misfire policy");
        assertThat(history("fire-once")).extracting(RunRecord::state).containsExactly(RunState.SUCCEEDED, RunState.QUEUED);
        assertThat(history("catch-up")).extracting(RunRecord::state)
                .containsExactly(RunState.SUCCEEDED, RunState.SUCCEEDED, RunState.SUCCEEDED, RunState.QUEUED);
        for (String id : policies.keySet()) {
            assertThat(after.vigil.definition(id).nextFireTime()).as("next fire of %s", id).contains(nextFire);
        }
        after.close();

        // The schedules then go on as usual: each fires once at the next minute, on time.
        fired.clear();
        misfires.clear();
        ClusterNode later = restartedNode("node-later", nextFire.plusSeconds(5),
                b -> b.listener(misfireEvents).register(minutely));
        assertThat(later.vigil.runDue()).isEqualTo(3);
        for (String id : policies.keySet()) {
            assertThat(fired.get(id)).as("fires of %s", id).containsExactly(nextFire);
            assertThat(history(id).get(history(id).size() - 2).origin()).isEqualTo(RunOrigin.SCHEDULED);
            assertThat(later.vigil.definition(id).nextFireTime()).contains(nextFire.plus(Duration.ofMinutes(1)));
        }
        assertThat(misfires).isEmpty();
    }

    /** A node whose clock and whose store's clock both read {@code at} now. */
    private ClusterNode restartedNode(String id, Instant at, UnaryOperator<Vigil.Builder> configure) {
        HikariDataSource pool = ClusterNode.pool(id, database);
        JdbcJobStore store = JdbcJobStore.builder(pool).tablePrefix(PREFIX).build();
        JdbcStoreTestAccess.shiftClock(store, Duration.between(store.now(), at));
        ClusterNode n = ClusterNode.open(id, pool, store, b -> configure.apply(b.clock(ManualClock.at(at, ZoneOffset.UTC))));
        nodes.add(n);
        return n;
    }

    private List<RunRecord> history(String definitionId) {
        List<RunRecord> runs = new ArrayList<>(admin.runs(RunQuery.forDefinition(definitionId).limit(1000)));
        Collections.reverse(runs);
        return runs;
    }

    // ---- 4. the database unreachable for 30 s ------------------------------------------------------

    @Test
    void enginesRideOutThirtySecondsWithoutTheDatabaseAndLoseOrDuplicateNothing() throws Exception {
        DatabaseOutage outage = new DatabaseOutage();
        DataSource throughTheNetwork = outage.wrap(database);
        Map<Long, AtomicInteger> executions = new ConcurrentHashMap<>();
        CountDownLatch straddlersStarted = new CountDownLatch(4);
        CountDownLatch releaseStraddlers = new CountDownLatch(1);
        List<String> ids = List.of("node-a", "node-b", "node-c");
        for (String id : ids) {
            TestJobs.RecordingJob steady = TestJobs.job("cluster.steady", d -> d, c -> {
                executions.computeIfAbsent(c.runId(), k -> new AtomicInteger()).incrementAndGet();
                work(Duration.ofMillis(100));
                return JobResult.success();
            });
            TestJobs.RecordingJob straddling = TestJobs.job("cluster.straddling", d -> d, c -> {
                executions.computeIfAbsent(c.runId(), k -> new AtomicInteger()).incrementAndGet();
                straddlersStarted.countDown();
                if (!releaseStraddlers.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
                return JobResult.success();
            });
            ClusterNode n = ClusterNode.open(id, PREFIX, throughTheNetwork, b -> b.workers(6)
                    .pollInterval(Duration.ofMillis(500)).shutdownTimeout(Duration.ofSeconds(10))
                    .register(steady, straddling));
            nodes.add(n);
        }
        Vigil a = nodes.get(0).vigil;
        int ticks = 6;
        for (int i = 0; i < ticks; i++) {
            a.define("tick-" + i, "cluster.steady").schedule(Schedule.cron("* * * * * ?")).save();
        }
        a.define("manual", "cluster.steady").concurrency(ConcurrencyPolicy.ALLOW).save();
        a.define("straddle", "cluster.straddling").concurrency(ConcurrencyPolicy.ALLOW).save();
        nodes.forEach(ClusterNode::start);

        // A host on each node triggers a run now and then, outage or not.
        Set<Long> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger refusedTriggers = new AtomicInteger();
        AtomicInteger turn = new AtomicInteger();
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        executors.add(feeder);
        feeder.scheduleWithFixedDelay(() -> {
            try {
                accepted.add(nodes.get(turn.getAndIncrement() % 3).vigil.trigger("manual").id());
            } catch (RuntimeException e) {
                refusedTriggers.incrementAndGet();
            }
        }, 0, 200, TimeUnit.MILLISECONDS);

        awaitCondition("steady work on every node", Duration.ofSeconds(30), () -> {
            Map<String, Long> perNode = allRuns().stream().filter(r -> r.state() == RunState.SUCCEEDED)
                    .collect(Collectors.groupingBy(RunRecord::owner, Collectors.counting()));
            return perNode.size() == 3 && perNode.values().stream().allMatch(n -> n >= 5);
        });
        List<RunRecord> straddlers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            straddlers.add(nodes.get(i % 3).vigil.trigger("straddle"));
        }
        assertThat(straddlersStarted.await(20, TimeUnit.SECONDS)).isTrue();

        // Cut in the middle of the work: runs are being claimed, started and completed on every node,
        // and the host keeps triggering throughout.
        outage.begin();
        Instant cutAt = Instant.now();
        long cutNanos = System.nanoTime();
        releaseStraddlers.countDown();
        // While the database is away, check that the engines' threads stay alive.
        long outageEnds = cutNanos + OUTAGE.toNanos();
        while (System.nanoTime() < outageEnds) {
            assertEngineThreadsAlive(ids);
            LockSupport.parkNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(500), outageEnds - System.nanoTime()));
        }
        outage.end();
        Instant restoredAt = Instant.now();
        long restoredNanos = System.nanoTime();
        assertThat(outage.refusedConnections()).as("connections refused during the outage").isPositive();
        assertThat(refusedTriggers.get()).as("triggers refused during the outage").isPositive();

        // Afterwards: the runs that straddled the outage complete, and every node works again.
        awaitCondition("the straddling runs to complete", Duration.ofSeconds(60), () -> straddlers.stream()
                .allMatch(s -> admin.findRun(s.id()).orElseThrow().state().isTerminal()),
                () -> straddlers.stream().map(s -> admin.findRun(s.id()).orElseThrow()).toList());
        double straddlersDone = (System.nanoTime() - restoredNanos) / 1e9;
        awaitCondition("every node and every schedule working again", Duration.ofSeconds(60), () -> {
            List<RunRecord> after = allRuns().stream().filter(r -> r.state() == RunState.SUCCEEDED
                    && r.startedAt().isAfter(restoredAt)).toList();
            return after.stream().map(RunRecord::owner).distinct().count() == 3
                    && after.stream().filter(r -> r.origin() == RunOrigin.SCHEDULED)
                            .filter(r -> r.scheduledTime().isAfter(restoredAt))
                            .map(RunRecord::definitionId).distinct().count() == ticks;
        });
        double allBack = (System.nanoTime() - restoredNanos) / 1e9;
        assertEngineThreadsAlive(ids);

        feeder.shutdown();
        assertThat(feeder.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        awaitCondition("every triggered run to end", Duration.ofSeconds(30), () -> accepted.stream()
                .allMatch(id -> admin.findRun(id).orElseThrow().state().isTerminal()),
                () -> allRuns().stream().filter(r -> !r.state().isTerminal()).toList());
        for (ClusterNode n : nodes) {
            n.vigil.close();
        }

        List<RunRecord> runs = allRuns();
        assertThat(runs).extracting(RunRecord::state).as("nothing abandoned, failed or stuck")
                .containsOnly(RunState.SUCCEEDED, RunState.QUEUED);
        assertThat(runs).filteredOn(r -> r.state() == RunState.QUEUED).allSatisfy(r -> assertThat(r.origin())
                .isEqualTo(RunOrigin.SCHEDULED)).hasSizeLessThanOrEqualTo(ticks);
        Set<Long> succeeded = runs.stream().filter(r -> r.state() == RunState.SUCCEEDED).map(RunRecord::id)
                .collect(Collectors.toSet());
        assertThat(succeeded).containsAll(accepted);
        assertThat(executions.keySet()).isEqualTo(succeeded);
        assertThat(executions.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        for (RunRecord s : straddlers) {
            RunRecord done = admin.findRun(s.id()).orElseThrow();
            assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(done.endedAt()).as("recorded after the outage").isAfter(restoredAt.minusSeconds(1));
        }
        for (int i = 0; i < ticks; i++) {
            String id = "tick-" + i;
            List<RunRecord> fires = runs.stream().filter(r -> r.definitionId().equals(id))
                    .sorted(Comparator.comparing(RunRecord::scheduledTime)).toList();
            assertThat(fires).extracting(RunRecord::scheduledTime).as("fires of %s", id).doesNotHaveDuplicates();
            for (int k = 1; k < fires.size(); k++) {
                assertThat(Duration.between(fires.get(k - 1).scheduledTime(), fires.get(k).scheduledTime()))
                        .as("gap in the fires of %s after %s", id, fires.get(k - 1)).isEqualTo(Duration.ofSeconds(1));
            }
        }
        System.out.printf("[outage] cut %s for %s: %d connections refused, %d calls failed, %d triggers refused;"
                        + " straddling runs recorded %.1f s and every node and schedule back %.1f s after the"
                        + " database returned; %d runs in all%n", cutAt, OUTAGE, outage.refusedConnections(),
                outage.failedCalls(), refusedTriggers.get(), straddlersDone, allBack, runs.size());
    }

    private static void assertEngineThreadsAlive(List<String> nodeIds) {
        Map<String, Thread> threads = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            threads.put(t.getName(), t);
        }
        for (String id : nodeIds) {
            assertThat(threads.get("vigil-dispatcher-" + id)).as("dispatcher of %s", id)
                    .isNotNull().matches(Thread::isAlive);
            assertThat(threads.get("vigil-timer-" + id)).as("timer of %s", id).isNotNull().matches(Thread::isAlive);
        }
    }

    // ---- schema ------------------------------------------------------------------------------------

    @Test
    void twoEnginesStartingAtOnceOnEmptyTablesBothSucceed() throws Exception {
        String prefix = "vigil_cluster_race_";
        for (int round = 0; round < 5; round++) {
            dropTables(prefix);
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService starters = Executors.newFixedThreadPool(2);
            executors.add(starters);
            List<Future<ClusterNode>> starting = new ArrayList<>();
            for (String id : List.of("node-a-" + round, "node-b-" + round)) {
                starting.add(starters.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    ClusterNode n = ClusterNode.open(id, prefix, database, b -> b
                            .register(TestJobs.succeeding("cluster.hello", d -> d.cron("0 0 * * * ?"))));
                    nodes.add(n);
                    n.start();
                    return n;
                }));
            }
            for (Future<ClusterNode> f : starting) {
                f.get(60, TimeUnit.SECONDS);
            }
            JdbcJobStore store = nodes.get(nodes.size() - 1).store;
            assertThat(store.definitions()).extracting(d -> d.id())
                    .containsExactly("cluster.hello", BuiltInJobs.PURGE_HISTORY, BuiltInJobs.WATCHDOG);
            assertThat(store.runs(RunQuery.forDefinition("cluster.hello").limit(10)))
                    .singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(RunState.QUEUED));
            try (Connection c = database.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(version) FROM " + prefix + "schema")) {
                rs.next();
                assertThat(rs.getInt(1)).as("schema version rows").isEqualTo(1);
                assertThat(rs.getInt(2)).isEqualTo(2);
            }
            for (ClusterNode n : List.copyOf(nodes)) {
                n.close();
                nodes.remove(n);
            }
        }
    }

    private void dropTables(String prefix) throws SQLException {
        String like = prefix.replace("_", "\\_") + "%";
        List<String> drops = new ArrayList<>();
        try (Connection c = database.getConnection()) {
            try (var ps = c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    + " AND tablename LIKE ?")) {
                ps.setString(1, like);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        drops.add("DROP TABLE IF EXISTS " + rs.getString(1) + " CASCADE");
                    }
                }
            }
            try (var ps = c.prepareStatement("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
                    + " AND sequencename LIKE ?")) {
                ps.setString(1, like);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        drops.add("DROP SEQUENCE IF EXISTS " + rs.getString(1) + " CASCADE");
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String drop : drops) {
                    s.execute(drop);
                }
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Every run of the test's jobs (the built-in jobs' fires were cancelled when the nodes disabled them). */
    private List<RunRecord> allRuns() {
        return everyRun().stream().filter(r -> !r.jobType().startsWith("vigil.")).toList();
    }

    private List<RunRecord> everyRun() {
        List<RunRecord> out = new ArrayList<>();
        long before = 0;
        while (true) {
            RunQuery q = RunQuery.all().limit(RunQuery.MAX_LIMIT);
            List<RunRecord> page = admin.runs(before == 0 ? q : q.before(before));
            out.addAll(page);
            if (page.size() < RunQuery.MAX_LIMIT) {
                return out;
            }
            before = page.get(page.size() - 1).id();
        }
    }

    /** Polls until the condition holds; fails after the timeout. */
    private static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
        awaitCondition(what, timeout, condition, () -> "");
    }

    /** Polls until the condition holds; fails after the timeout, saying what it found. */
    private static void awaitCondition(String what, Duration timeout, BooleanSupplier condition,
                                       Supplier<Object> found) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout + " waiting for " + what + "; found: " + found.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Stands for a job's real work (a device call, a query): holds its thread for about that long. */
    private static void work(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Counts how many threads hold each key at once, across every node. */
    private static final class OverlapDetector {
        private final Map<String, AtomicInteger> holders = new ConcurrentHashMap<>();
        private final Map<String, Integer> overlaps = new ConcurrentHashMap<>();
        private final AtomicInteger entered = new AtomicInteger();

        void enter(String key) {
            entered.incrementAndGet();
            int n = holders.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (n > 1) {
                overlaps.merge(key, n, Math::max);
            }
        }

        void leave(String key) {
            holders.get(key).decrementAndGet();
        }

        Map<String, Integer> overlaps() {
            return overlaps;
        }

        int entered() {
            return entered.get();
        }
    }
}
