package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.CronDialect;
import dev.vigil.spi.IntervalEnd;
import dev.vigil.spi.IntervalUnit;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.JobPolicies;
import dev.vigil.spi.MisfirePolicy;
import dev.vigil.spi.RetryPolicy;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.store.ClaimResult;
import dev.vigil.spi.store.CompletionResult;
import dev.vigil.spi.store.HeartbeatResult;
import dev.vigil.spi.store.JobStore;
import dev.vigil.spi.store.NewRun;
import dev.vigil.spi.store.RunCompletion;
import dev.vigil.spi.store.RunQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executable form of the rules in {@link JobStore}'s documentation. Every store — the
 * in-memory and JDBC stores that ship with Vigil, and a host's own — extends this class and passes
 * every test:
 *
 * <pre>{@code
 * class MyJobStoreTest extends JobStoreContract {
 *     private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 *
 *     protected JobStore createStore() { return new MyJobStore(dataSource, clock); }
 *
 *     protected void advanceStoreClock(Duration amount) { clock.advance(amount); }
 * }
 * }</pre>
 *
 * <p>Every time in these tests is relative to {@link JobStore#now()}, so a store whose time is a
 * database's clock can pass them: its {@link #advanceStoreClock(Duration)} may, for example, add an
 * offset to the time its statements use. Times the store sets itself are checked to lie between
 * the store's time just before and just after the call.
 *
 * <p>Each test method is public, so a subclass may override one (to add to it, or — with a reason
 * written down — to disable it).
 */
public abstract class JobStoreContract {

    /** The node id the tests claim with. */
    protected static final String OWNER = "node-a";
    /** A second node id. */
    protected static final String OTHER_OWNER = "node-b";
    /** The lease the tests claim with, unless a test says otherwise. */
    protected static final Duration LEASE = Duration.ofSeconds(30);
    /** The job type of the tests' definitions. */
    protected static final String JOB_TYPE = "test.job";

    private static final String DEF = "def-a";
    private static final String OTHER_DEF = "def-b";
    private static final int MANY = 100;

    private JobStore store;

    /** For subclasses. */
    protected JobStoreContract() {
    }

    /**
     * Called before each test, from this class's {@code @BeforeEach} method, which JUnit runs before
     * a subclass's own {@code @BeforeEach} methods: set up what the store needs in field initializers
     * or in this method.
     *
     * @return a new, empty store, not shared with any other test
     */
    protected abstract JobStore createStore();

    /**
     * Moves the store's notion of now ({@link JobStore#now()}) forward, e.g. by advancing the
     * {@link ManualClock} an in-memory store reads.
     *
     * @param amount how far; positive
     */
    protected abstract void advanceStoreClock(Duration amount);

    /** Creates the store under test. */
    @BeforeEach
    public final void createStoreUnderTest() {
        store = createStore();
        assertThat(store).as("createStore()").isNotNull();
    }

    /** @return the store under test */
    protected final JobStore store() {
        return store;
    }

    // ---- definitions -------------------------------------------------------------------------

    /** A definition is stored with every field and found by its id. */
    @Test
    public void savedDefinitionIsFoundWithEveryField() {
        JobDefinition full = new JobDefinition("certs.group-7", "cert.discovery-import",
                Schedule.cron("0 20 0/5 * * ?", CronDialect.QUARTZ, ZoneId.of("Europe/Berlin")),
                Map.of("group", "7", "depth", "2"), false,
                new JobPolicies(ConcurrencyPolicy.QUEUE_ONE, MisfirePolicy.catchUp(3),
                        RetryPolicy.exponential(4, Duration.ofSeconds(10), Duration.ofMinutes(5)), Duration.ofMinutes(30)),
                "group:7", store.now());

        store.saveDefinition(full);

        assertThat(store.findDefinition("certs.group-7")).contains(full);
        assertThat(store.findDefinition("certs.group-8")).isEmpty();
    }

    /** Saving a definition whose id is stored replaces it. */
    @Test
    public void savingADefinitionWithAStoredIdReplacesIt() {
        JobDefinition first = definition(DEF);
        JobDefinition changed = first.withSchedule(Schedule.every(15, IntervalUnit.MINUTES).from(store.now())
                .until(IntervalEnd.after(10)), store.now()).withEnabled(false, store.now()).withMutexKey("host:web-01");

        store.saveDefinition(first);
        store.saveDefinition(changed);

        assertThat(store.findDefinition(DEF)).contains(changed);
        assertThat(store.definitions()).containsExactly(changed);
    }

    /** insertDefinitionIfAbsent inserts a definition only when none with its id is stored. */
    @Test
    public void insertDefinitionIfAbsentNeverReplacesAStoredDefinition() {
        JobDefinition first = definition(DEF);
        JobDefinition second = first.withSchedule(Schedule.once(store.now().plus(Duration.ofDays(1))), store.now());

        assertThat(store.insertDefinitionIfAbsent(first)).isTrue();
        assertThat(store.insertDefinitionIfAbsent(second)).isFalse();

        assertThat(store.findDefinition(DEF)).contains(first);
    }

    /** definitions() lists every definition ordered by id. */
    @Test
    public void definitionsAreListedInIdOrder() {
        JobDefinition charlie = definition("charlie").withSchedule(Schedule.manual(), store.now());
        JobDefinition alpha = definition("alpha");
        JobDefinition bravo = definition("bravo").withParameters(Map.of("k", "v"));
        store.saveDefinition(charlie);
        store.saveDefinition(alpha);
        store.saveDefinition(bravo);

        assertThat(store.definitions()).containsExactly(alpha, bravo, charlie);
    }

    /** Deleting a definition cancels its queued runs and keeps its history. */
    @Test
    public void deletingADefinitionCancelsItsQueuedRunsAndKeepsItsHistory() {
        RunRecord ended = start(run(DEF));
        complete(ended, RunState.SUCCEEDED);
        RunRecord queued = enqueue(run(DEF).origin(RunOrigin.SCHEDULED).dueIn(Duration.ofHours(1)));
        RunRecord otherQueued = enqueue(run(OTHER_DEF).dueIn(Duration.ofHours(1)));
        RunRecord endedBefore = find(ended.id());

        assertThat(store.deleteDefinition(DEF)).isTrue();

        assertThat(store.findDefinition(DEF)).isEmpty();
        assertThat(store.findDefinition(OTHER_DEF)).isPresent();
        RunRecord cancelled = find(queued.id());
        assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
        assertThat(cancelled.endedAt()).isNotNull();
        assertThat(find(ended.id())).isEqualTo(endedBefore);
        assertThat(find(otherQueued.id()).state()).isEqualTo(RunState.QUEUED);
    }

    /** Deleting an unknown definition reports that nothing was deleted. */
    @Test
    public void deletingAnUnknownDefinitionReturnsFalse() {
        store.saveDefinition(definition(DEF));

        assertThat(store.deleteDefinition("no-such-definition")).isFalse();
        assertThat(store.definitions()).extracting(JobDefinition::id).containsExactly(DEF);
    }

    // ---- enqueue -----------------------------------------------------------------------------

    /** An enqueued run is QUEUED with an id and every field of the new run. */
    @Test
    public void enqueuedRunIsQueuedWithEveryFieldKept() {
        Instant scheduled = store.now().minus(Duration.ofMinutes(1));
        Instant due = store.now().plus(Duration.ofMinutes(2));
        NewRun newRun = new NewRun(DEF, JOB_TYPE, RunOrigin.RETRY, null, 3, scheduled, due, "account:42",
                ConcurrencyPolicy.QUEUE_ONE, Duration.ofMinutes(15), Map.of("batchSize", "50", "dryRun", "true"));
        store.saveDefinition(definition(DEF));

        RunRecord run = store.enqueue(newRun).orElseThrow();

        assertThat(run.id()).isPositive();
        assertThat(run.state()).isEqualTo(RunState.QUEUED);
        assertThat(run.definitionId()).isEqualTo(DEF);
        assertThat(run.jobType()).isEqualTo(JOB_TYPE);
        assertThat(run.origin()).isEqualTo(RunOrigin.RETRY);
        assertThat(run.parentRunId()).isNull();
        assertThat(run.attempt()).isEqualTo(3);
        assertThat(run.scheduledTime()).isEqualTo(scheduled);
        assertThat(run.dueAt()).isEqualTo(due);
        assertThat(run.mutexKey()).isEqualTo("account:42");
        assertThat(run.concurrency()).isEqualTo(ConcurrencyPolicy.QUEUE_ONE);
        assertThat(run.timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(run.parameters()).isEqualTo(Map.of("batchSize", "50", "dryRun", "true"));
        assertThat(run.counts()).isEqualTo(RunCounts.ZERO);
        assertThat(run.startedAt()).isNull();
        assertThat(run.endedAt()).isNull();
        assertThat(run.leaseUntil()).isNull();
        assertThat(run.childrenTotal()).isZero();
        assertThat(run.cancelRequested()).isFalse();
        assertThat(store.findRun(run.id())).contains(run);
    }

    /** Runs get distinct ids that grow in the order they were stored. */
    @Test
    public void enqueuedRunsGetIncreasingIds() {
        RunRecord first = enqueue(run(DEF));
        RunRecord second = enqueue(run(OTHER_DEF));
        RunRecord third = enqueue(run(DEF));

        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(third.id()).isGreaterThan(second.id());
    }

    /** A second queued SCHEDULED run of one definition is rejected. */
    @Test
    public void secondQueuedScheduledRunIsRejected() {
        RunRecord first = enqueue(run(DEF).origin(RunOrigin.SCHEDULED).dueIn(Duration.ofMinutes(5)));

        Optional<RunRecord> second = store.enqueue(run(DEF).origin(RunOrigin.SCHEDULED).dueIn(Duration.ofMinutes(10)).build());

        assertThat(second).isEmpty();
        assertThat(store.runs(RunQuery.forDefinition(DEF))).extracting(RunRecord::id).containsExactly(first.id());
    }

    /** MISFIRE carries the schedule too: it and a SCHEDULED run never queue together. */
    @Test
    public void queuedMisfireRunAndQueuedScheduledRunExcludeEachOther() {
        enqueue(run(DEF).origin(RunOrigin.MISFIRE));
        enqueue(run(OTHER_DEF).origin(RunOrigin.SCHEDULED));

        assertThat(store.enqueue(run(DEF).origin(RunOrigin.SCHEDULED).build())).isEmpty();
        assertThat(store.enqueue(run(OTHER_DEF).origin(RunOrigin.MISFIRE).build())).isEmpty();
    }

    /** Runs that do not carry the schedule (MANUAL, RETRY) queue beside a scheduled run. */
    @Test
    public void manualAndRetryRunsQueueBesideAScheduledRun() {
        enqueue(run(DEF).origin(RunOrigin.SCHEDULED).dueIn(Duration.ofMinutes(5)));

        assertThat(store.enqueue(run(DEF).origin(RunOrigin.MANUAL).build())).isPresent();
        assertThat(store.enqueue(run(DEF).origin(RunOrigin.RETRY).attempt(2).build())).isPresent();
        assertThat(store.enqueue(run(DEF).origin(RunOrigin.MANUAL).build())).isPresent();
    }

    /** The rule is about queued runs: a scheduled run may queue while the previous one runs. */
    @Test
    public void scheduledRunMayQueueWhileThePreviousOneRuns() {
        start(run(DEF).origin(RunOrigin.SCHEDULED));

        assertThat(store.enqueue(run(DEF).origin(RunOrigin.SCHEDULED).dueIn(Duration.ofMinutes(5)).build())).isPresent();
    }

    /** Queued scheduled runs of different definitions do not affect each other. */
    @Test
    public void scheduledRunsOfDifferentDefinitionsQueueTogether() {
        enqueue(run(DEF).origin(RunOrigin.SCHEDULED));

        assertThat(store.enqueue(run(OTHER_DEF).origin(RunOrigin.SCHEDULED).build())).isPresent();
    }

    /** A second queued non-child QUEUE_ONE run of one definition is rejected; other policies are not. */
    @Test
    public void secondQueuedQueueOneRunIsRejected() {
        enqueue(run(DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE));

        assertThat(store.enqueue(run(DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE).build())).isEmpty();
        assertThat(store.enqueue(run(DEF).concurrency(ConcurrencyPolicy.ALLOW).build())).isPresent();
        assertThat(store.enqueue(run(OTHER_DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE).build())).isPresent();
    }

    /**
     * The QUEUE_ONE rule does not apply to runs that carry the schedule, which have their own rule:
     * a QUEUE_ONE definition always has its next fire queued, and a manual trigger must still be
     * possible; and a queued manual run must never make the store drop the next fire, which would
     * end the schedule.
     */
    @Test
    public void queueOneRuleLeavesScheduleCarryingRunsToTheirOwnRule() {
        enqueue(run(DEF).origin(RunOrigin.SCHEDULED).concurrency(ConcurrencyPolicy.QUEUE_ONE).dueIn(Duration.ofHours(1)));
        assertThat(store.enqueue(run(DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE).dueIn(Duration.ofHours(1)).build()))
                .isPresent();

        RunRecord fire = start(run(OTHER_DEF).origin(RunOrigin.SCHEDULED).concurrency(ConcurrencyPolicy.QUEUE_ONE));
        enqueue(run(OTHER_DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE).dueIn(Duration.ofMinutes(1)));
        NewRun nextFire = run(OTHER_DEF).origin(RunOrigin.SCHEDULED).concurrency(ConcurrencyPolicy.QUEUE_ONE)
                .dueIn(Duration.ofHours(1)).build();
        assertThat(store.complete(new RunCompletion(fire.id(), OWNER, fire.fencingToken(), RunState.SUCCEEDED,
                RunCounts.ZERO, "done", List.of(), List.of(nextFire), false)).accepted()).isTrue();

        assertThat(store.runs(RunQuery.forDefinition(OTHER_DEF).states(RunState.QUEUED)))
                .extracting(RunRecord::origin).containsExactlyInAnyOrder(RunOrigin.SCHEDULED, RunOrigin.MANUAL);
    }

    /** The QUEUE_ONE rule is about queued runs: one may queue while another runs. */
    @Test
    public void queueOneRunMayQueueWhileAnotherRuns() {
        start(run(DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE));

        assertThat(store.enqueue(run(DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE).build())).isPresent();
    }

    // ---- children ----------------------------------------------------------------------------

    /** Children are stored QUEUED in order, counted on the parent, with its parallelism. */
    @Test
    public void enqueuedChildrenAreQueuedInOrderAndCountedOnTheParent() {
        RunRecord parent = start(run(DEF));

        Instant base = store.now();
        List<RunRecord> children = store.enqueueChildren(parent.id(),
                List.of(child(parent).param("host", "web-01").dueAt(base).build(),
                        child(parent).param("host", "web-02").dueAt(base).build(),
                        child(parent).param("host", "web-03").dueAt(base.plus(Duration.ofMinutes(1))).build()), 2);

        assertThat(children).hasSize(3);
        assertThat(children).extracting(r -> r.parameters().get("host")).containsExactly("web-01", "web-02", "web-03");
        assertThat(children).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(RunState.QUEUED);
            assertThat(c.origin()).isEqualTo(RunOrigin.CHILD);
            assertThat(c.parentRunId()).isEqualTo(parent.id());
            assertThat(store.findRun(c.id())).contains(c);
        });
        assertThat(children.get(2).dueAt()).isEqualTo(children.get(0).dueAt().plus(Duration.ofMinutes(1)));
        RunRecord after = find(parent.id());
        assertThat(after.childrenTotal()).isEqualTo(3);
        assertThat(after.childrenFinished()).isZero();
        assertThat(after.childParallelism()).isEqualTo(2);
        assertThat(after.state()).isEqualTo(RunState.RUNNING);
    }

    /** Only a running run may spawn children. */
    @Test
    public void enqueueChildrenOnAQueuedParentThrows() {
        RunRecord parent = enqueue(run(DEF).dueIn(Duration.ofHours(1)));

        assertThatThrownBy(() -> store.enqueueChildren(parent.id(), List.of(child(parent).build()), 1))
                .isInstanceOf(IllegalStateException.class);
        assertThat(find(parent.id()).childrenTotal()).isZero();
        assertThat(store.runs(RunQuery.all().childrenOf(parent.id()))).isEmpty();
    }

    /** An ended run may not spawn children. */
    @Test
    public void enqueueChildrenOnAnEndedParentThrows() {
        RunRecord parent = start(run(DEF));
        complete(parent, RunState.SUCCEEDED);

        assertThatThrownBy(() -> store.enqueueChildren(parent.id(), List.of(child(parent).build()), 1))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.runs(RunQuery.all().childrenOf(parent.id()))).isEmpty();
    }

    // ---- claims ------------------------------------------------------------------------------

    /** A claim takes runs due at or before now and leaves later ones queued until they are due. */
    @Test
    public void claimTakesOnlyDueRuns() {
        RunRecord dueNow = enqueue(run(DEF).dueAt(store.now()));
        RunRecord later = enqueue(run(OTHER_DEF).dueIn(Duration.ofMinutes(1)));

        assertThat(claim(MANY).claimed()).extracting(RunRecord::id).containsExactly(dueNow.id());
        assertThat(find(later.id()).state()).isEqualTo(RunState.QUEUED);

        advanceStoreClock(Duration.ofMinutes(1));

        assertThat(claim(MANY).claimed()).extracting(RunRecord::id).containsExactly(later.id());
    }

    /** Claims go oldest due first, then lowest id. */
    @Test
    public void claimTakesTheOldestDueRunsFirst() {
        RunRecord newest = enqueue(run(DEF).dueIn(Duration.ofSeconds(-10)));
        RunRecord oldestFirstId = enqueue(run(DEF).dueIn(Duration.ofSeconds(-20)));
        RunRecord oldestSecondId = enqueue(run(DEF).dueIn(Duration.ofSeconds(-20)));

        ClaimResult result = claim(MANY);

        assertThat(result.claimed()).extracting(RunRecord::id)
                .containsExactly(oldestFirstId.id(), oldestSecondId.id(), newest.id());
        assertThat(result.skipped()).isEmpty();
    }

    /** A claim takes at most its limit, the oldest first; the rest wait for the next claim. */
    @Test
    public void claimRespectsItsLimit() {
        RunRecord a = enqueue(run(DEF).dueIn(Duration.ofSeconds(-3)));
        RunRecord b = enqueue(run(DEF).dueIn(Duration.ofSeconds(-2)));
        RunRecord c = enqueue(run(DEF).dueIn(Duration.ofSeconds(-1)));

        assertThat(claim(2).claimed()).extracting(RunRecord::id).containsExactly(a.id(), b.id());
        assertThat(find(c.id()).state()).isEqualTo(RunState.QUEUED);
        assertThat(claim(2).claimed()).extracting(RunRecord::id).containsExactly(c.id());
    }

    /** A claimed run is RUNNING with the owner, a start time and a lease of the asked length. */
    @Test
    public void claimedRunIsRunningWithOwnerStartTimeAndLease() {
        RunRecord queued = enqueue(run(DEF).dueIn(Duration.ofMinutes(-1)));
        advanceStoreClock(Duration.ofSeconds(5));
        Instant before = store.now();

        ClaimResult result = store.claimDue(OWNER, 10, Duration.ofSeconds(45));

        Instant after = store.now();
        assertThat(result.claimed()).hasSize(1);
        RunRecord running = result.claimed().get(0);
        assertThat(running.id()).isEqualTo(queued.id());
        assertThat(running.state()).isEqualTo(RunState.RUNNING);
        assertThat(running.owner()).isEqualTo(OWNER);
        assertBetween(running.startedAt(), before, after);
        assertThat(running.leaseUntil()).isEqualTo(running.startedAt().plus(Duration.ofSeconds(45)));
        assertThat(running.endedAt()).isNull();
        assertThat(store.findRun(queued.id())).contains(running);
    }

    /** Every claim gets a fencing token larger than any issued before. */
    @Test
    public void fencingTokensGrowWithEveryClaim() {
        RunRecord first = start(run(DEF));
        RunRecord second = start(run(DEF));
        complete(second, RunState.SUCCEEDED);
        RunRecord third = start(run(OTHER_DEF));

        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(third.fencingToken()).isGreaterThan(second.fencingToken());
    }

    /** A run, once claimed, is not claimed again, not even by another node. */
    @Test
    public void claimedRunIsNeverClaimedAgain() {
        enqueue(run(DEF));
        enqueue(run(DEF));
        assertThat(claim(MANY).claimed()).hasSize(2);

        assertThat(claim(MANY)).isEqualTo(ClaimResult.EMPTY);
        assertThat(store.claimDue(OTHER_OWNER, MANY, LEASE)).isEqualTo(ClaimResult.EMPTY);
    }

    /**
     * Two nodes claiming at the same moment get disjoint sets of runs and distinct tokens.
     *
     * @throws Exception if a claiming thread fails, or has not finished within a minute
     */
    @Test
    public void concurrentClaimsGetDisjointRuns() throws Exception {
        int total = 60;
        Set<Long> queued = new HashSet<>();
        for (int i = 0; i < total; i++) {
            queued.add(enqueue(run(i % 2 == 0 ? DEF : OTHER_DEF)).id());
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Future<List<RunRecord>> a = nodes.submit(claimUntilEmpty(OWNER, go));
            Future<List<RunRecord>> b = nodes.submit(claimUntilEmpty(OTHER_OWNER, go));
            go.countDown();
            List<RunRecord> byA = a.get(1, TimeUnit.MINUTES);
            List<RunRecord> byB = b.get(1, TimeUnit.MINUTES);

            Set<Long> idsA = ids(byA);
            Set<Long> idsB = ids(byB);
            assertThat(idsA).as("runs %s claimed twice by one node", byA).hasSize(byA.size());
            assertThat(idsB).as("runs %s claimed twice by one node", byB).hasSize(byB.size());
            Set<Long> claimedByBoth = new HashSet<>(idsA);
            claimedByBoth.retainAll(idsB);
            assertThat(claimedByBoth).as("runs claimed by both nodes").isEmpty();
            Set<Long> all = new HashSet<>(idsA);
            all.addAll(idsB);
            assertThat(all).isEqualTo(queued);
            List<RunRecord> both = new ArrayList<>(byA);
            both.addAll(byB);
            assertThat(both).extracting(RunRecord::fencingToken).doesNotHaveDuplicates();
            assertThat(byA).allSatisfy(r -> assertThat(find(r.id()).owner()).isEqualTo(OWNER));
            assertThat(byB).allSatisfy(r -> assertThat(find(r.id()).owner()).isEqualTo(OTHER_OWNER));
        } finally {
            nodes.shutdownNow();
        }
    }

    /** A run waits while a running run holds its mutex key and starts once that run ends. */
    @Test
    public void runWaitsWhileARunningRunHoldsItsMutexKey() {
        RunRecord holder = start(run(DEF).mutex("host:web-01"));
        RunRecord waiter = enqueue(run(OTHER_DEF).mutex("host:web-01"));

        assertThat(claim(MANY)).isEqualTo(ClaimResult.EMPTY);
        assertThat(find(waiter.id()).state()).isEqualTo(RunState.QUEUED);

        complete(holder, RunState.SUCCEEDED);

        assertThat(claim(MANY).claimed()).extracting(RunRecord::id).containsExactly(waiter.id());
    }

    /** Of two due runs with one mutex key, one claim starts only the oldest. */
    @Test
    public void twoDueRunsWithOneMutexKeyInOneClaimStartOnlyTheOldest() {
        RunRecord older = enqueue(run(DEF).mutex("account:42").dueIn(Duration.ofSeconds(-10)));
        RunRecord newer = enqueue(run(OTHER_DEF).mutex("account:42"));

        assertThat(claim(MANY).claimed()).extracting(RunRecord::id).containsExactly(older.id());
        assertThat(find(newer.id()).state()).isEqualTo(RunState.QUEUED);
    }

    /**
     * The definition's policy comes before the mutex: a SKIP_IF_RUNNING run whose mutex key is held by
     * a running run of its own definition is skipped, not left waiting.
     */
    @Test
    public void skipIfRunningComesBeforeTheMutexKeyOfItsOwnRunningRun() {
        start(run(DEF).mutex("host:web-01").concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING));
        RunRecord second = enqueue(run(DEF).mutex("host:web-01").concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING));

        ClaimResult result = claim(MANY);

        assertThat(result.claimed()).isEmpty();
        assertThat(result.skipped()).extracting(RunRecord::id).containsExactly(second.id());
    }

    /** A due run is claimed even when a hundred older due runs ahead of it are held back by a mutex. */
    @Test
    public void aFreeRunBehindManyHeldBackRunsIsClaimed() {
        start(run(DEF).mutex("host:busy"));
        Instant base = store.now();
        for (int i = 0; i < 100; i++) {
            enqueue(run(DEF).mutex("host:busy").dueAt(base.minus(Duration.ofSeconds(200 - i))));
        }
        RunRecord free = enqueue(run(OTHER_DEF).dueAt(base.minus(Duration.ofSeconds(1))));

        assertThat(store.claimDue(OWNER, 1, LEASE).claimed()).extracting(RunRecord::id).containsExactly(free.id());
    }

    /**
     * A claim with a holding limit takes no more runs that hold a mutex key or a child place than the
     * limit; the rest stay queued, and runs due after them are taken. A definition's turn (QUEUE_ONE)
     * does not count.
     */
    @Test
    public void aClaimTakesNoMoreHoldingRunsThanItsHoldingLimit() {
        Instant base = store.now();
        RunRecord keyed = enqueue(run(DEF).mutex("host:web-01").dueAt(base.minus(Duration.ofSeconds(40))));
        RunRecord queueOne = enqueue(run(OTHER_DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE)
                .dueAt(base.minus(Duration.ofSeconds(30))));
        RunRecord free = enqueue(run(DEF).dueAt(base.minus(Duration.ofSeconds(20))));
        RunRecord keyedLater = enqueue(run(DEF).mutex("host:web-02").dueAt(base.minus(Duration.ofSeconds(10))));

        ClaimResult first = store.claimDue(OWNER, 10, 1, LEASE);

        assertThat(first.claimed()).extracting(RunRecord::id).containsExactly(keyed.id(), queueOne.id(), free.id());
        assertThat(find(keyedLater.id()).state()).isEqualTo(RunState.QUEUED);
        assertThat(store.claimDue(OWNER, 10, 0, LEASE).claimed()).isEmpty();
        assertThat(store.claimDue(OWNER, 10, 1, LEASE).claimed()).extracting(RunRecord::id)
                .containsExactly(keyedLater.id());
    }

    /** Runs with different mutex keys, or none, run together. */
    @Test
    public void runsWithDifferentMutexKeysRunTogether() {
        start(run(DEF).mutex("host:web-01"));
        RunRecord other = enqueue(run(DEF).mutex("host:web-02"));
        RunRecord none = enqueue(run(DEF));

        assertThat(claim(MANY).claimed()).extracting(RunRecord::id).containsExactlyInAnyOrder(other.id(), none.id());
    }

    /** No more of a parent's children run at once than its childParallelism. */
    @Test
    public void childrenBeyondTheParentsParallelismWait() {
        RunRecord parent = start(run(DEF));
        List<RunRecord> children = store.enqueueChildren(parent.id(),
                List.of(child(parent).build(), child(parent).build(), child(parent).build()), 2);

        ClaimResult first = claim(MANY);

        assertThat(first.claimed()).extracting(RunRecord::id).containsExactly(children.get(0).id(), children.get(1).id());
        assertThat(find(children.get(2).id()).state()).isEqualTo(RunState.QUEUED);
        assertThat(claim(MANY)).isEqualTo(ClaimResult.EMPTY);

        complete(first.claimed().get(0), RunState.SUCCEEDED);

        assertThat(claim(MANY).claimed()).extracting(RunRecord::id).containsExactly(children.get(2).id());
    }

    /** Children run while their parent runs, whatever the definition's concurrency policy. */
    @Test
    public void childrenStartWhileTheirParentRuns() {
        RunRecord parent = start(run(DEF).concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING));
        List<RunRecord> children = store.enqueueChildren(parent.id(),
                List.of(child(parent).concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING).build(),
                        child(parent).concurrency(ConcurrencyPolicy.QUEUE_ONE).build()), ChildBatch.UNBOUNDED);

        ClaimResult result = claim(MANY);

        assertThat(result.claimed()).extracting(RunRecord::id).containsExactly(children.get(0).id(), children.get(1).id());
        assertThat(result.skipped()).isEmpty();
    }

    /** A QUEUE_ONE run waits while another run of its definition runs, and starts after it. */
    @Test
    public void queueOneRunWaitsWhileAnotherRunOfItsDefinitionRuns() {
        RunRecord running = start(run(DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE));
        RunRecord waiting = enqueue(run(DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE));

        assertThat(claim(MANY)).isEqualTo(ClaimResult.EMPTY);
        assertThat(find(waiting.id()).state()).isEqualTo(RunState.QUEUED);

        complete(running, RunState.SUCCEEDED);

        assertThat(claim(MANY).claimed()).extracting(RunRecord::id).containsExactly(waiting.id());
    }

    /** A QUEUE_ONE run waits while another run of its definition waits for children. */
    @Test
    public void queueOneRunWaitsWhileAnotherRunOfItsDefinitionWaitsForChildren() {
        RunRecord parent = start(run(DEF).concurrency(ConcurrencyPolicy.ALLOW));
        store.enqueueChildren(parent.id(), List.of(child(parent).dueIn(Duration.ofHours(1)).build()), 1);
        complete(parent, RunState.WAITING_FOR_CHILDREN);
        RunRecord waiting = enqueue(run(DEF).concurrency(ConcurrencyPolicy.QUEUE_ONE));

        assertThat(claim(MANY)).isEqualTo(ClaimResult.EMPTY);
        assertThat(find(waiting.id()).state()).isEqualTo(RunState.QUEUED);
    }

    /** A SKIP_IF_RUNNING run that meets a running run of its definition ends SKIPPED and is reported. */
    @Test
    public void skipIfRunningRunIsSkippedWhileAnotherRunOfItsDefinitionRuns() {
        start(run(DEF).concurrency(ConcurrencyPolicy.ALLOW));
        RunRecord late = enqueue(run(DEF).concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING));
        Instant before = store.now();

        ClaimResult result = claim(MANY);

        Instant after = store.now();
        assertThat(result.claimed()).isEmpty();
        assertThat(result.skipped()).extracting(RunRecord::id).containsExactly(late.id());
        RunRecord skipped = find(late.id());
        assertThat(result.skipped().get(0)).isEqualTo(skipped);
        assertThat(skipped.state()).isEqualTo(RunState.SKIPPED);
        assertBetween(skipped.endedAt(), before, after);
        assertThat(claim(MANY)).isEqualTo(ClaimResult.EMPTY);
    }

    /** A SKIP_IF_RUNNING run that meets a run of its definition waiting for children ends SKIPPED. */
    @Test
    public void skipIfRunningRunIsSkippedWhileAnotherRunOfItsDefinitionWaitsForChildren() {
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), List.of(child(parent).dueIn(Duration.ofHours(1)).build()), 1);
        complete(parent, RunState.WAITING_FOR_CHILDREN);
        RunRecord late = enqueue(run(DEF).concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING));

        ClaimResult result = claim(MANY);

        assertThat(result.claimed()).isEmpty();
        assertThat(result.skipped()).extracting(RunRecord::id).containsExactly(late.id());
        assertThat(find(late.id()).state()).isEqualTo(RunState.SKIPPED);
    }

    /** Of two due SKIP_IF_RUNNING runs of one definition, one claim starts the oldest and skips the other. */
    @Test
    public void secondOfTwoDueSkipIfRunningRunsInOneClaimIsSkipped() {
        RunRecord older = enqueue(run(DEF).origin(RunOrigin.SCHEDULED).concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING)
                .dueIn(Duration.ofSeconds(-10)));
        RunRecord newer = enqueue(run(DEF).concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING));

        ClaimResult result = claim(MANY);

        assertThat(result.claimed()).extracting(RunRecord::id).containsExactly(older.id());
        assertThat(result.skipped()).extracting(RunRecord::id).containsExactly(newer.id());
        assertThat(find(newer.id()).state()).isEqualTo(RunState.SKIPPED);
    }

    /** An ALLOW run starts beside a running run of its definition. */
    @Test
    public void allowRunStartsBesideARunningRunOfItsDefinition() {
        start(run(DEF).concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING));
        RunRecord second = enqueue(run(DEF).concurrency(ConcurrencyPolicy.ALLOW));

        assertThat(claim(MANY).claimed()).extracting(RunRecord::id).containsExactly(second.id());
    }

    /** Concurrency policies concern runs of one definition only. */
    @Test
    public void runsOfAnotherDefinitionAreNotHeldBack() {
        start(run(DEF).concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING));
        RunRecord skipIfRunning = enqueue(run(OTHER_DEF).concurrency(ConcurrencyPolicy.SKIP_IF_RUNNING));

        ClaimResult result = claim(MANY);

        assertThat(result.claimed()).extracting(RunRecord::id).containsExactly(skipIfRunning.id());
        assertThat(result.skipped()).isEmpty();
    }

    // ---- nextDueTime -------------------------------------------------------------------------

    /** With nothing queued there is no next due time. */
    @Test
    public void nextDueTimeIsEmptyWithoutQueuedRuns() {
        assertThat(store.nextDueTime()).isEmpty();

        start(run(DEF));

        assertThat(store.nextDueTime()).isEmpty();
    }

    /** The next due time is the earliest dueAt of any queued run, even one in the past. */
    @Test
    public void nextDueTimeIsTheEarliestQueuedDueTime() {
        start(run(DEF).dueIn(Duration.ofHours(-1)));
        RunRecord later = enqueue(run(DEF).dueIn(Duration.ofMinutes(10)));
        RunRecord overdue = enqueue(run(OTHER_DEF).dueIn(Duration.ofMinutes(-5)));

        assertThat(store.nextDueTime()).contains(overdue.dueAt());

        claim(MANY);

        assertThat(store.nextDueTime()).contains(later.dueAt());
    }

    // ---- heartbeat ---------------------------------------------------------------------------

    /** A heartbeat extends the lease from now, so the run does not expire at its first lease end. */
    @Test
    public void heartbeatExtendsTheLease() {
        RunRecord running = start(run(DEF));
        advanceStoreClock(Duration.ofSeconds(20));
        Instant before = store.now();

        HeartbeatResult result = store.heartbeat(OWNER, List.of(running.id()), Duration.ofSeconds(60));

        Instant after = store.now();
        assertThat(result).isEqualTo(HeartbeatResult.NONE);
        assertBetween(find(running.id()).leaseUntil(), before.plusSeconds(60), after.plusSeconds(60));
        advanceStoreClock(Duration.ofSeconds(45));
        assertThat(store.expiredLeases(MANY)).isEmpty();
    }

    /** A run the watchdog ended is lost to its old owner. */
    @Test
    public void heartbeatReportsARunEndedByTheWatchdogAsLost() {
        RunRecord running = start(run(DEF));
        advanceStoreClock(LEASE.plusSeconds(1));
        assertThat(watchdogEnds(running).accepted()).isTrue();

        HeartbeatResult result = store.heartbeat(OWNER, List.of(running.id()), LEASE);

        assertThat(result.lost()).containsExactly(running.id());
        assertThat(result.cancelRequested()).isEmpty();
        assertThat(find(running.id()).state()).isEqualTo(RunState.ABANDONED);
    }

    /** Unknown runs and runs another node holds are lost, and their leases stay as they were. */
    @Test
    public void heartbeatReportsUnknownAndOtherNodesRunsAsLost() {
        RunRecord held = start(run(DEF));
        RunRecord mine = start(run(OTHER_DEF), OTHER_OWNER, LEASE);
        long unknown = mine.id() + 1_000_000;
        advanceStoreClock(Duration.ofSeconds(10));

        HeartbeatResult result = store.heartbeat(OTHER_OWNER, List.of(held.id(), mine.id(), unknown), LEASE);

        assertThat(result.lost()).containsExactlyInAnyOrder(held.id(), unknown);
        assertThat(find(held.id()).leaseUntil()).isEqualTo(held.leaseUntil());
        assertThat(find(mine.id()).leaseUntil()).isAfter(mine.leaseUntil());
    }

    // ---- complete ----------------------------------------------------------------------------

    /** A completion records the state, counts, message, errors and end time, and clears the lease. */
    @Test
    public void completionRecordsTheOutcome() {
        RunRecord running = start(run(DEF));
        advanceStoreClock(Duration.ofSeconds(5));
        Instant before = store.now();

        CompletionResult result = store.complete(new RunCompletion(running.id(), OWNER, running.fencingToken(),
                RunState.PARTIAL, new RunCounts(3, 2, 1, 0), "2 of 3 certificates checked",
                List.of(new ItemError("serial-0a1b", "certificate is malformed")), List.of(), false));

        Instant after = store.now();
        assertThat(result.accepted()).isTrue();
        assertThat(result.parentReadyToFinish()).isEmpty();
        RunRecord ended = find(running.id());
        assertThat(ended.state()).isEqualTo(RunState.PARTIAL);
        assertThat(ended.counts()).isEqualTo(new RunCounts(3, 2, 1, 0));
        assertThat(ended.message()).isEqualTo("2 of 3 certificates checked");
        assertThat(ended.itemErrors()).containsExactly(new ItemError("serial-0a1b", "certificate is malformed"));
        assertBetween(ended.endedAt(), before, after);
        assertThat(ended.startedAt()).isEqualTo(running.startedAt());
        assertThat(ended.leaseUntil()).isNull();
        assertThat(store.expiredLeases(MANY)).isEmpty();
        assertThat(result.ended()).contains(ended);
    }

    /** A waiting parent's and a child's completions return the runs exactly as stored. */
    @Test
    public void acceptedCompletionReturnsTheRunAsStored() {
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), List.of(child(parent).build()), 1);
        RunRecord child = claim(MANY).claimed().get(0);

        CompletionResult waiting = store.complete(completion(parent, RunState.WAITING_FOR_CHILDREN, RunCounts.ZERO));
        CompletionResult childDone = store.complete(completion(child, RunState.FAILED, new RunCounts(1, 0, 1, 0)));

        assertThat(waiting.ended()).contains(find(parent.id()).toBuilder().childrenFinished(0).childrenFailed(0)
                .counts(RunCounts.ZERO).build());
        assertThat(childDone.ended()).contains(find(child.id()));
        assertThat(childDone.parentReadyToFinish()).contains(parent.id());
    }

    /** completeAll fences each completion on its own and returns the results in order. */
    @Test
    public void completeAllFencesEachCompletionOnItsOwn() {
        RunRecord first = start(run(DEF));
        RunRecord second = start(run(OTHER_DEF));
        RunRecord third = start(run(DEF).origin(RunOrigin.SCHEDULED));
        NewRun nextFire = run(DEF).origin(RunOrigin.SCHEDULED).dueIn(Duration.ofHours(1)).build();

        List<CompletionResult> results = store.completeAll(List.of(
                completion(first, first.fencingToken(), RunState.SUCCEEDED, false),
                completion(second, second.fencingToken() + 1, RunState.SUCCEEDED, false),
                new RunCompletion(third.id(), OWNER, third.fencingToken(), RunState.PARTIAL, new RunCounts(2, 1, 1, 0),
                        "1 of 2", List.of(new ItemError("b", "bad")), List.of(nextFire), false)));

        assertThat(results).extracting(CompletionResult::accepted).containsExactly(true, false, true);
        assertThat(results.get(0).ended()).contains(find(first.id()));
        assertThat(results.get(2).ended()).contains(find(third.id()));
        assertThat(find(first.id()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(find(second.id())).isEqualTo(second);
        assertThat(find(third.id()).itemErrors()).containsExactly(new ItemError("b", "bad"));
        assertThat(store.runs(RunQuery.forDefinition(DEF).states(RunState.QUEUED))).extracting(RunRecord::dueAt)
                .containsExactly(nextFire.dueAt());
    }

    /** completeAll of the same child's siblings adds every child's counts to the parent. */
    @Test
    public void completeAllOfSiblingsAddsEveryChildToTheParent() {
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), List.of(child(parent).build(), child(parent).build(), child(parent).build()),
                ChildBatch.UNBOUNDED);
        List<RunRecord> children = claim(MANY).claimed();
        complete(parent, RunState.WAITING_FOR_CHILDREN);

        List<CompletionResult> results = store.completeAll(children.stream()
                .map(c -> completion(c, RunState.SUCCEEDED, new RunCounts(1, 1, 0, 0))).toList());

        assertThat(results).allSatisfy(r -> assertThat(r.accepted()).isTrue());
        assertThat(results).filteredOn(r -> r.parentReadyToFinish().isPresent()).singleElement()
                .satisfies(r -> assertThat(r.parentReadyToFinish()).contains(parent.id()));
        RunRecord after = find(parent.id());
        assertThat(after.childrenFinished()).isEqualTo(3);
        assertThat(after.counts()).isEqualTo(new RunCounts(3, 3, 0, 0));
    }

    /** A completion from a node that does not hold the run is rejected and changes nothing. */
    @Test
    public void completionByAnotherOwnerIsRejectedAndChangesNothing() {
        RunRecord running = start(run(DEF));

        CompletionResult result = store.complete(new RunCompletion(running.id(), OTHER_OWNER, running.fencingToken(),
                RunState.SUCCEEDED, new RunCounts(1, 1, 0, 0), "done", List.of(),
                List.of(run(DEF).origin(RunOrigin.SCHEDULED).build()), false));

        assertThat(result).isEqualTo(CompletionResult.REJECTED);
        assertThat(find(running.id())).isEqualTo(running);
        assertThat(store.runs(RunQuery.forDefinition(DEF))).hasSize(1);
    }

    /** A completion with a fencing token other than the claim's is rejected and changes nothing. */
    @Test
    public void completionWithAnotherFencingTokenIsRejected() {
        RunRecord running = start(run(DEF));

        assertThat(store.complete(completion(running, running.fencingToken() + 1, RunState.SUCCEEDED, false)))
                .isEqualTo(CompletionResult.REJECTED);
        assertThat(store.complete(completion(running, running.fencingToken() - 1, RunState.SUCCEEDED, false)))
                .isEqualTo(CompletionResult.REJECTED);
        assertThat(find(running.id())).isEqualTo(running);
    }

    /** Only a running run can complete: not a queued one, and not one that has ended. */
    @Test
    public void completionOfARunThatIsNotRunningIsRejected() {
        RunRecord queued = enqueue(run(DEF).dueIn(Duration.ofHours(1)));
        RunRecord running = start(run(OTHER_DEF));
        complete(running, RunState.SUCCEEDED);
        RunRecord ended = find(running.id());

        assertThat(store.complete(completion(queued, queued.fencingToken(), RunState.SUCCEEDED, false)))
                .isEqualTo(CompletionResult.REJECTED);
        assertThat(store.complete(completion(running, running.fencingToken(), RunState.FAILED, false)))
                .isEqualTo(CompletionResult.REJECTED);
        assertThat(find(queued.id())).isEqualTo(queued);
        assertThat(find(running.id())).isEqualTo(ended);
    }

    /** A completion enqueues its follow-ups (the next fire, a retry) as QUEUED runs. */
    @Test
    public void completionEnqueuesItsFollowUps() {
        RunRecord running = start(run(DEF).origin(RunOrigin.SCHEDULED));
        NewRun nextFire = run(DEF).origin(RunOrigin.SCHEDULED).dueIn(Duration.ofHours(1)).build();
        NewRun retry = run(DEF).origin(RunOrigin.RETRY).attempt(2).dueIn(Duration.ofMinutes(1)).build();

        CompletionResult result = store.complete(new RunCompletion(running.id(), OWNER, running.fencingToken(),
                RunState.FAILED, RunCounts.ZERO, "boom", List.of(), List.of(nextFire, retry), false));

        assertThat(result.accepted()).isTrue();
        List<RunRecord> queued = store.runs(RunQuery.forDefinition(DEF).states(RunState.QUEUED));
        assertThat(queued).extracting(RunRecord::origin).containsExactlyInAnyOrder(RunOrigin.SCHEDULED, RunOrigin.RETRY);
        assertThat(queued).filteredOn(r -> r.origin() == RunOrigin.SCHEDULED).extracting(RunRecord::dueAt)
                .containsExactly(nextFire.dueAt());
        assertThat(queued).filteredOn(r -> r.origin() == RunOrigin.RETRY).singleElement()
                .satisfies(r -> {
                    assertThat(r.attempt()).isEqualTo(2);
                    assertThat(r.dueAt()).isEqualTo(retry.dueAt());
                });
    }

    /** A follow-up the enqueue rules reject is dropped; the completion still succeeds. */
    @Test
    public void followUpThatBreaksARuleIsDroppedWithoutFailingTheCompletion() {
        RunRecord queuedFire = enqueue(run(DEF).origin(RunOrigin.SCHEDULED).dueIn(Duration.ofHours(1)));
        RunRecord manual = start(run(DEF));

        CompletionResult result = store.complete(new RunCompletion(manual.id(), OWNER, manual.fencingToken(),
                RunState.SUCCEEDED, RunCounts.ZERO, "done", List.of(),
                List.of(run(DEF).origin(RunOrigin.SCHEDULED).dueIn(Duration.ofHours(2)).build()), false));

        assertThat(result.accepted()).isTrue();
        assertThat(find(manual.id()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(store.runs(RunQuery.forDefinition(DEF).states(RunState.QUEUED))).extracting(RunRecord::id)
                .containsExactly(queuedFire.id());
    }

    /** The watchdog's completion (only if the lease expired) is rejected until the lease has ended. */
    @Test
    public void completionOnlyIfLeaseExpiredSucceedsOnlyAfterTheLeaseEnds() {
        RunRecord running = start(run(DEF));

        assertThat(watchdogEnds(running)).isEqualTo(CompletionResult.REJECTED);
        assertThat(find(running.id())).isEqualTo(running);

        advanceStoreClock(LEASE.plusSeconds(1));

        assertThat(watchdogEnds(running).accepted()).isTrue();
        assertThat(find(running.id()).state()).isEqualTo(RunState.ABANDONED);
        assertThat(find(running.id()).endedAt()).isNotNull();
    }

    /** Completing as WAITING_FOR_CHILDREN keeps the run open: no end time, no lease. */
    @Test
    public void completionAsWaitingForChildrenKeepsTheRunOpen() {
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), List.of(child(parent).dueIn(Duration.ofHours(1)).build()), 1);

        CompletionResult result = store.complete(completion(parent, parent.fencingToken(),
                RunState.WAITING_FOR_CHILDREN, false));

        assertThat(result.accepted()).isTrue();
        assertThat(result.parentReadyToFinish()).isEmpty();
        RunRecord waiting = find(parent.id());
        assertThat(waiting.state()).isEqualTo(RunState.WAITING_FOR_CHILDREN);
        assertThat(waiting.endedAt()).isNull();
        assertThat(waiting.leaseUntil()).isNull();
        advanceStoreClock(LEASE.plusSeconds(1));
        assertThat(store.expiredLeases(MANY)).isEmpty();
    }

    // ---- expired leases ----------------------------------------------------------------------

    /** Running runs whose lease ended are listed oldest lease first, up to the limit. */
    @Test
    public void expiredLeasesListsRunningRunsWhoseLeaseEndedOldestFirst() {
        RunRecord shortest = start(run(DEF), OWNER, Duration.ofSeconds(10));
        RunRecord middle = start(run(DEF), OWNER, Duration.ofSeconds(20));
        RunRecord longest = start(run(DEF), OWNER, Duration.ofHours(1));

        assertThat(store.expiredLeases(MANY)).isEmpty();

        advanceStoreClock(Duration.ofSeconds(25));

        assertThat(store.expiredLeases(MANY)).extracting(RunRecord::id).containsExactly(shortest.id(), middle.id());
        assertThat(store.expiredLeases(1)).extracting(RunRecord::id).containsExactly(shortest.id());
        assertThat(find(longest.id()).state()).isEqualTo(RunState.RUNNING);

        complete(shortest, RunState.SUCCEEDED);

        assertThat(store.expiredLeases(MANY)).extracting(RunRecord::id).containsExactly(middle.id());
    }

    // ---- parents and children ----------------------------------------------------------------

    /** A child's completion adds its counts to its parent and counts it finished. */
    @Test
    public void childCompletionAddsItsCountsToTheParent() {
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), List.of(child(parent).build(), child(parent).build()), ChildBatch.UNBOUNDED);
        List<RunRecord> children = claim(MANY).claimed();

        CompletionResult result = store.complete(completion(children.get(0), RunState.SUCCEEDED, new RunCounts(2, 2, 0, 0)));

        assertThat(result.accepted()).isTrue();
        assertThat(result.parentReadyToFinish()).isEmpty();
        RunRecord after = find(parent.id());
        assertThat(after.counts()).isEqualTo(new RunCounts(2, 2, 0, 0));
        assertThat(after.childrenFinished()).isEqualTo(1);
        assertThat(after.childrenFailed()).isZero();
        assertThat(after.state()).isEqualTo(RunState.RUNNING);
    }

    /** A child that ended FAILED, TIMED_OUT, CANCELLED or ABANDONED counts as failed; the rest do not. */
    @Test
    public void childrenThatEndedBadlyCountAsFailed() {
        List<RunState> endings = List.of(RunState.SUCCEEDED, RunState.PARTIAL, RunState.SKIPPED, RunState.FAILED,
                RunState.TIMED_OUT, RunState.CANCELLED, RunState.ABANDONED);
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), endings.stream().map(s -> child(parent).build()).toList(), ChildBatch.UNBOUNDED);
        List<RunRecord> children = claim(MANY).claimed();
        assertThat(children).hasSameSizeAs(endings);

        for (int i = 0; i < endings.size(); i++) {
            assertThat(store.complete(completion(children.get(i), endings.get(i), RunCounts.ZERO)).accepted()).isTrue();
        }

        RunRecord after = find(parent.id());
        assertThat(after.childrenFinished()).isEqualTo(7);
        assertThat(after.childrenFailed()).isEqualTo(4);
    }

    /** The last child's completion reports its parent when the parent waits for children. */
    @Test
    public void lastChildsCompletionReportsTheWaitingParent() {
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), List.of(child(parent).build(), child(parent).build()), ChildBatch.UNBOUNDED);
        List<RunRecord> children = claim(MANY).claimed();
        complete(parent, RunState.WAITING_FOR_CHILDREN);

        assertThat(store.complete(completion(children.get(0), RunState.SUCCEEDED, RunCounts.ZERO)).parentReadyToFinish())
                .isEmpty();
        CompletionResult last = store.complete(completion(children.get(1), RunState.FAILED, RunCounts.ZERO));

        assertThat(last.accepted()).isTrue();
        assertThat(last.parentReadyToFinish()).contains(parent.id());
        RunRecord after = find(parent.id());
        assertThat(after.state()).isEqualTo(RunState.WAITING_FOR_CHILDREN);
        assertThat(after.childrenDone()).isTrue();
        assertThat(after.childrenFailed()).isEqualTo(1);
    }

    /** A parent whose children all ended before it returned reports itself ready to finish. */
    @Test
    public void parentWhoseChildrenAlreadyEndedReportsItselfReadyToFinish() {
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), List.of(child(parent).build()), 1);
        RunRecord child = claim(MANY).claimed().get(0);
        assertThat(store.complete(completion(child, RunState.SUCCEEDED, RunCounts.ZERO)).parentReadyToFinish()).isEmpty();

        CompletionResult result = store.complete(completion(parent, RunState.WAITING_FOR_CHILDREN, RunCounts.ZERO));

        assertThat(result.accepted()).isTrue();
        assertThat(result.parentReadyToFinish()).contains(parent.id());
    }

    /** A parent's counts end as its own plus those of every child, whichever ends first. */
    @Test
    public void parentCountsAreItsOwnPlusEveryChilds() {
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), List.of(child(parent).build(), child(parent).build()), ChildBatch.UNBOUNDED);
        List<RunRecord> children = claim(MANY).claimed();

        store.complete(completion(children.get(0), RunState.SUCCEEDED, new RunCounts(2, 2, 0, 0)));
        store.complete(completion(parent, RunState.WAITING_FOR_CHILDREN, new RunCounts(1, 1, 0, 0)));
        store.complete(completion(children.get(1), RunState.PARTIAL, new RunCounts(3, 1, 1, 1)));

        assertThat(find(parent.id()).counts()).isEqualTo(new RunCounts(6, 4, 1, 1));
    }

    /** finishParent ends a waiting parent whose children have all ended, with its follow-ups. */
    @Test
    public void finishParentEndsAWaitingParentWhoseChildrenEnded() {
        RunRecord parent = start(run(DEF).origin(RunOrigin.SCHEDULED));
        store.enqueueChildren(parent.id(), List.of(child(parent).build()), 1);
        RunRecord child = claim(MANY).claimed().get(0);
        complete(parent, RunState.WAITING_FOR_CHILDREN);
        complete(child, RunState.FAILED);
        advanceStoreClock(Duration.ofSeconds(5));
        NewRun nextFire = run(DEF).origin(RunOrigin.SCHEDULED).dueIn(Duration.ofHours(1)).build();
        Instant before = store.now();

        boolean finished = store.finishParent(parent.id(), RunState.PARTIAL, "1 of 1 hosts failed", List.of(nextFire));

        Instant after = store.now();
        assertThat(finished).isTrue();
        RunRecord ended = find(parent.id());
        assertThat(ended.state()).isEqualTo(RunState.PARTIAL);
        assertThat(ended.message()).isEqualTo("1 of 1 hosts failed");
        assertBetween(ended.endedAt(), before, after);
        assertThat(store.runs(RunQuery.forDefinition(DEF).states(RunState.QUEUED).origins(RunOrigin.SCHEDULED)))
                .extracting(RunRecord::dueAt).containsExactly(nextFire.dueAt());
    }

    /** finishParent refuses a run that is not waiting, or whose children have not all ended. */
    @Test
    public void finishParentRefusesARunThatIsNotWaitingOrHasUnfinishedChildren() {
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), List.of(child(parent).dueIn(Duration.ofHours(1)).build()), 1);

        assertThat(store.finishParent(parent.id(), RunState.SUCCEEDED, "done", List.of())).isFalse();
        assertThat(find(parent.id()).state()).isEqualTo(RunState.RUNNING);

        complete(parent, RunState.WAITING_FOR_CHILDREN);
        RunRecord waiting = find(parent.id());

        assertThat(store.finishParent(parent.id(), RunState.SUCCEEDED, "done",
                List.of(run(DEF).origin(RunOrigin.SCHEDULED).build()))).isFalse();
        assertThat(find(parent.id())).isEqualTo(waiting);
        assertThat(store.runs(RunQuery.forDefinition(DEF).origins(RunOrigin.SCHEDULED))).isEmpty();
    }

    /** A queued child that is cancelled has ended: it counts as finished and failed on its parent. */
    @Test
    public void cancelledQueuedChildCountsAsFinishedAndFailed() {
        RunRecord parent = start(run(DEF));
        RunRecord child = store.enqueueChildren(parent.id(),
                List.of(child(parent).dueIn(Duration.ofHours(1)).build()), 1).get(0);

        assertThat(store.requestCancel(child.id())).isTrue();

        RunRecord after = find(parent.id());
        assertThat(after.childrenFinished()).isEqualTo(1);
        assertThat(after.childrenFailed()).isEqualTo(1);
        assertThat(store.complete(completion(parent, RunState.WAITING_FOR_CHILDREN, RunCounts.ZERO))
                .parentReadyToFinish()).contains(parent.id());
    }

    // ---- cancellation ------------------------------------------------------------------------

    /** A queued run that is cancelled ends CANCELLED at once and is never claimed. */
    @Test
    public void cancellingAQueuedRunEndsItAtOnce() {
        RunRecord queued = enqueue(run(DEF).dueIn(Duration.ofMinutes(1)));
        Instant before = store.now();

        assertThat(store.requestCancel(queued.id())).isTrue();

        Instant after = store.now();
        RunRecord cancelled = find(queued.id());
        assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
        assertBetween(cancelled.endedAt(), before, after);
        assertThat(store.nextDueTime()).isEmpty();
        advanceStoreClock(Duration.ofMinutes(2));
        assertThat(claim(MANY)).isEqualTo(ClaimResult.EMPTY);
    }

    /** A running run that is cancelled stays running, marked, and its owner hears it at the next heartbeat. */
    @Test
    public void cancellingARunningRunMarksItForItsOwner() {
        RunRecord running = start(run(DEF));

        assertThat(store.requestCancel(running.id())).isTrue();

        RunRecord marked = find(running.id());
        assertThat(marked.state()).isEqualTo(RunState.RUNNING);
        assertThat(marked.cancelRequested()).isTrue();
        HeartbeatResult heartbeat = store.heartbeat(OWNER, List.of(running.id()), LEASE);
        assertThat(heartbeat.cancelRequested()).containsExactly(running.id());
        assertThat(heartbeat.lost()).isEmpty();
    }

    /** A run waiting for children that is cancelled stays waiting, marked. */
    @Test
    public void cancellingAWaitingRunMarksIt() {
        RunRecord parent = start(run(DEF));
        store.enqueueChildren(parent.id(), List.of(child(parent).dueIn(Duration.ofHours(1)).build()), 1);
        complete(parent, RunState.WAITING_FOR_CHILDREN);

        assertThat(store.requestCancel(parent.id())).isTrue();

        RunRecord marked = find(parent.id());
        assertThat(marked.state()).isEqualTo(RunState.WAITING_FOR_CHILDREN);
        assertThat(marked.cancelRequested()).isTrue();
    }

    /** Cancelling a run that has ended, or does not exist, reports false and changes nothing. */
    @Test
    public void cancellingAnEndedOrUnknownRunReturnsFalse() {
        RunRecord running = start(run(DEF));
        complete(running, RunState.SUCCEEDED);
        RunRecord ended = find(running.id());

        assertThat(store.requestCancel(running.id())).isFalse();
        assertThat(store.requestCancel(running.id() + 1_000_000)).isFalse();
        assertThat(find(running.id())).isEqualTo(ended);
    }

    // ---- history -----------------------------------------------------------------------------

    /** A run id never stored is not found. */
    @Test
    public void findRunOfAnUnknownIdIsEmpty() {
        RunRecord queued = enqueue(run(DEF));

        assertThat(store.findRun(queued.id() + 1_000_000)).isEmpty();
    }

    /** runs() lists runs of every state, newest (highest id) first. */
    @Test
    public void runsAreListedNewestFirst() {
        History h = history();

        assertThat(store.runs(RunQuery.all())).extracting(RunRecord::id)
                .containsExactly(h.childB, h.childA, h.parent, h.queued, h.failedScheduled, h.succeededManual);
    }

    /** runs() filters by definition and by job type. */
    @Test
    public void runsFilterByDefinitionAndJobType() {
        History h = history();

        assertThat(store.runs(RunQuery.forDefinition(DEF))).extracting(RunRecord::id)
                .containsExactly(h.queued, h.failedScheduled, h.succeededManual);
        assertThat(store.runs(RunQuery.all().jobType("test.host-check"))).extracting(RunRecord::id)
                .containsExactly(h.childB, h.childA);
        assertThat(store.runs(RunQuery.forDefinition(OTHER_DEF).jobType(JOB_TYPE))).extracting(RunRecord::id)
                .containsExactly(h.parent);
        assertThat(store.runs(RunQuery.forDefinition("no-such-definition"))).isEmpty();
    }

    /** runs() filters by states and by origins. */
    @Test
    public void runsFilterByStatesAndOrigins() {
        History h = history();

        assertThat(store.runs(RunQuery.all().states(RunState.SUCCEEDED, RunState.FAILED))).extracting(RunRecord::id)
                .containsExactly(h.failedScheduled, h.succeededManual);
        assertThat(store.runs(RunQuery.all().origins(RunOrigin.CHILD))).extracting(RunRecord::id)
                .containsExactly(h.childB, h.childA);
        assertThat(store.runs(RunQuery.all().states(RunState.QUEUED).origins(RunOrigin.MANUAL)))
                .extracting(RunRecord::id).containsExactly(h.queued);
        assertThat(store.runs(RunQuery.all().states(RunState.RUNNING))).extracting(RunRecord::id)
                .containsExactly(h.parent);
    }

    /** runs() filters to the children of one run. */
    @Test
    public void runsFilterByParent() {
        History h = history();

        assertThat(store.runs(RunQuery.all().childrenOf(h.parent))).extracting(RunRecord::id)
                .containsExactly(h.childB, h.childA);
        assertThat(store.runs(RunQuery.all().childrenOf(h.succeededManual))).isEmpty();
    }

    /** runs() pages with beforeId and limit, newest first, without gaps or repeats. */
    @Test
    public void runsPageWithBeforeIdAndLimit() {
        History h = history();
        RunQuery page = RunQuery.all().limit(4);

        List<RunRecord> first = store.runs(page);
        List<RunRecord> second = store.runs(page.before(first.get(first.size() - 1).id()));
        List<RunRecord> third = store.runs(page.before(second.get(second.size() - 1).id()));

        assertThat(first).extracting(RunRecord::id).containsExactly(h.childB, h.childA, h.parent, h.queued);
        assertThat(second).extracting(RunRecord::id).containsExactly(h.failedScheduled, h.succeededManual);
        assertThat(third).isEmpty();
        assertThat(store.runs(RunQuery.forDefinition(DEF).limit(1).before(h.queued))).extracting(RunRecord::id)
                .containsExactly(h.failedScheduled);
    }

    // ---- purge -------------------------------------------------------------------------------

    /** Purge deletes terminal runs that ended before the bound, and only those. */
    @Test
    public void purgeDeletesTerminalRunsThatEndedBeforeTheBound() {
        RunRecord old = start(run(DEF));
        complete(old, RunState.SUCCEEDED);
        RunRecord oldCancelled = start(run(DEF));
        complete(oldCancelled, RunState.CANCELLED);
        advanceStoreClock(Duration.ofDays(2));
        RunRecord recent = start(run(DEF));
        complete(recent, RunState.FAILED);

        int deleted = store.purge(store.now().minus(Duration.ofDays(1)), MANY);

        assertThat(deleted).isEqualTo(2);
        assertThat(store.findRun(old.id())).isEmpty();
        assertThat(store.findRun(oldCancelled.id())).isEmpty();
        assertThat(store.findRun(recent.id())).isPresent();
        assertThat(store.purge(store.now().minus(Duration.ofDays(1)), MANY)).isZero();
    }

    /** Purge deletes at most its limit per call. */
    @Test
    public void purgeDeletesInBatchesOfItsLimit() {
        for (int i = 0; i < 5; i++) {
            complete(start(run(DEF)), RunState.SUCCEEDED);
        }
        advanceStoreClock(Duration.ofDays(2));
        Instant bound = store.now().minus(Duration.ofDays(1));

        assertThat(store.purge(bound, 2)).isEqualTo(2);
        assertThat(store.purge(bound, 2)).isEqualTo(2);
        assertThat(store.purge(bound, 2)).isEqualTo(1);
        assertThat(store.purge(bound, 2)).isZero();
        assertThat(store.runs(RunQuery.all())).isEmpty();
    }

    /** Purge never deletes queued, running or waiting runs. */
    @Test
    public void purgeKeepsRunsThatHaveNotEnded() {
        RunRecord waiting = start(run(DEF));
        RunRecord child = store.enqueueChildren(waiting.id(),
                List.of(child(waiting).dueIn(Duration.ofHours(1)).build()), 1).get(0);
        complete(waiting, RunState.WAITING_FOR_CHILDREN);
        RunRecord running = start(run(OTHER_DEF));
        RunRecord queued = enqueue(run(OTHER_DEF).dueIn(Duration.ofDays(30)));
        advanceStoreClock(Duration.ofDays(2));

        assertThat(store.purge(store.now().plus(Duration.ofDays(1)), MANY)).isZero();

        assertThat(store.runs(RunQuery.all())).extracting(RunRecord::id)
                .containsExactlyInAnyOrder(waiting.id(), child.id(), running.id(), queued.id());
    }

    /** Purge keeps an ended run whose children have not all ended, and deletes it once they have. */
    @Test
    public void purgeKeepsARunWhoseChildrenHaveNotAllEnded() {
        RunRecord parent = start(run(DEF));
        RunRecord child = store.enqueueChildren(parent.id(),
                List.of(child(parent).dueIn(Duration.ofDays(30)).build()), 1).get(0);
        complete(parent, RunState.FAILED);
        advanceStoreClock(Duration.ofDays(2));

        assertThat(store.purge(store.now().minus(Duration.ofDays(1)), MANY)).isZero();
        assertThat(store.findRun(parent.id())).isPresent();

        store.requestCancel(child.id());
        advanceStoreClock(Duration.ofDays(2));

        assertThat(store.purge(store.now().minus(Duration.ofDays(1)), MANY)).isEqualTo(2);
        assertThat(store.findRun(parent.id())).isEmpty();
        assertThat(store.findRun(child.id())).isEmpty();
    }

    /** Purge keeps the newest schedule-carrying run of each definition: it anchors the schedule. */
    @Test
    public void purgeKeepsTheNewestScheduleCarryingRunOfADefinition() {
        RunRecord olderFire = start(run(DEF).origin(RunOrigin.SCHEDULED));
        complete(olderFire, RunState.SUCCEEDED);
        RunRecord newestFire = start(run(DEF).origin(RunOrigin.MISFIRE));
        complete(newestFire, RunState.SUCCEEDED);
        RunRecord manual = start(run(DEF));
        complete(manual, RunState.SUCCEEDED);
        RunRecord onlyFire = start(run(OTHER_DEF).origin(RunOrigin.SCHEDULED));
        complete(onlyFire, RunState.FAILED);
        advanceStoreClock(Duration.ofDays(2));
        Instant bound = store.now().minus(Duration.ofDays(1));

        assertThat(store.purge(bound, MANY)).isEqualTo(2);

        assertThat(store.runs(RunQuery.all())).extracting(RunRecord::id)
                .containsExactlyInAnyOrder(newestFire.id(), onlyFire.id());
        assertThat(store.purge(bound, MANY)).isZero();
    }

    // ---- settings ----------------------------------------------------------------------------

    /** Settings are put, replaced and removed; a new store has none. */
    @Test
    public void settingsArePutReplacedAndRemoved() {
        assertThat(store.settings()).isEmpty();

        store.putSetting("MISC_SYNC_QUEUE_DELAY_IN_SEC", "30");
        store.putSetting("CERT_WARN_DAYS", "45");
        store.putSetting("MISC_SYNC_QUEUE_DELAY_IN_SEC", "60");

        assertThat(store.settings()).isEqualTo(Map.of("MISC_SYNC_QUEUE_DELAY_IN_SEC", "60", "CERT_WARN_DAYS", "45"));

        store.removeSetting("CERT_WARN_DAYS");
        store.removeSetting("NEVER_SET");

        assertThat(store.settings()).isEqualTo(Map.of("MISC_SYNC_QUEUE_DELAY_IN_SEC", "60"));
    }

    /** The settings map a store returns cannot be changed through it. */
    @Test
    public void settingsMapIsUnmodifiable() {
        store.putSetting("A", "1");
        Map<String, String> settings = store.settings();

        assertThatThrownBy(() -> settings.put("B", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(store.settings()).isEqualTo(Map.of("A", "1"));
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Run ids of a small history: two definitions, two job types, every state, a parent with children. */
    private record History(long succeededManual, long failedScheduled, long queued, long parent, long childA,
                           long childB) {
    }

    private History history() {
        RunRecord succeeded = start(run(DEF));
        complete(succeeded, RunState.SUCCEEDED);
        RunRecord failed = start(run(DEF).origin(RunOrigin.SCHEDULED));
        complete(failed, RunState.FAILED);
        RunRecord queued = enqueue(run(DEF).dueIn(Duration.ofHours(1)));
        RunRecord parent = start(run(OTHER_DEF));
        List<RunRecord> children = store.enqueueChildren(parent.id(), List.of(
                child(parent).jobType("test.host-check").dueIn(Duration.ofHours(1)).build(),
                child(parent).jobType("test.host-check").dueIn(Duration.ofHours(1)).build()), ChildBatch.UNBOUNDED);
        return new History(succeeded.id(), failed.id(), queued.id(), parent.id(), children.get(0).id(),
                children.get(1).id());
    }

    private static JobDefinition definition(String id) {
        return new JobDefinition(id, JOB_TYPE, Schedule.cron("0 0 * * * ?"), Map.of(), true, JobPolicies.defaults(),
                null, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** @return a new run of the definition (stored if it is not), MANUAL, ALLOW, due now */
    private RunSpec run(String definitionId) {
        if (store.findDefinition(definitionId).isEmpty()) {
            store.saveDefinition(definition(definitionId));
        }
        return new RunSpec(definitionId, RunOrigin.MANUAL, null);
    }

    /** @return a new child of the parent, in its definition, ALLOW, due now */
    private RunSpec child(RunRecord parent) {
        return new RunSpec(parent.definitionId(), RunOrigin.CHILD, parent.id());
    }

    private RunRecord enqueue(RunSpec spec) {
        NewRun newRun = spec.build();
        return store.enqueue(newRun).orElseThrow(() -> new AssertionError("The store rejected " + newRun));
    }

    private RunRecord start(RunSpec spec) {
        return start(spec, OWNER, LEASE);
    }

    /** Enqueues a run that is due and claims it, checking that it is the only run claimed. */
    private RunRecord start(RunSpec spec, String owner, Duration lease) {
        RunRecord queued = enqueue(spec);
        ClaimResult result = store.claimDue(owner, MANY, lease);
        assertThat(result.claimed()).as("runs claimed after enqueuing run %s", queued.id())
                .extracting(RunRecord::id).containsExactly(queued.id());
        return result.claimed().get(0);
    }

    private ClaimResult claim(int limit) {
        return store.claimDue(OWNER, limit, LEASE);
    }

    private void complete(RunRecord running, RunState state) {
        CompletionResult result = store.complete(completion(running, running.fencingToken(), state, false));
        assertThat(result.accepted()).as("completion of run %s as %s accepted", running.id(), state).isTrue();
    }

    private static RunCompletion completion(RunRecord running, long token, RunState state, boolean onlyIfLeaseExpired) {
        return new RunCompletion(running.id(), OWNER, token, state, RunCounts.ZERO, state.name().toLowerCase(Locale.ROOT),
                List.of(), List.of(), onlyIfLeaseExpired);
    }

    private static RunCompletion completion(RunRecord running, RunState state, RunCounts counts) {
        return new RunCompletion(running.id(), running.owner(), running.fencingToken(), state, counts,
                state.name().toLowerCase(Locale.ROOT), List.of(), List.of(), false);
    }

    /** The watchdog's completion: presents the run's own claim, accepted only once the lease expired. */
    private CompletionResult watchdogEnds(RunRecord running) {
        return store.complete(new RunCompletion(running.id(), running.owner(), running.fencingToken(),
                RunState.ABANDONED, RunCounts.ZERO, "lease expired", List.of(), List.of(), true));
    }

    private RunRecord find(long runId) {
        return store.findRun(runId).orElseThrow(() -> new AssertionError("Run " + runId + " is not stored"));
    }

    private Callable<List<RunRecord>> claimUntilEmpty(String owner, CountDownLatch go) {
        return () -> {
            go.await();
            List<RunRecord> claimed = new ArrayList<>();
            List<RunRecord> batch;
            do {
                batch = store.claimDue(owner, 3, LEASE).claimed();
                claimed.addAll(batch);
            } while (!batch.isEmpty());
            return claimed;
        };
    }

    private static Set<Long> ids(List<RunRecord> runs) {
        Set<Long> ids = new HashSet<>();
        runs.forEach(r -> ids.add(r.id()));
        return ids;
    }

    private static void assertBetween(Instant actual, Instant lo, Instant hi) {
        assertThat(actual).as("a time the store set").isNotNull().isBetween(lo, hi);
    }

    /** A {@link NewRun} being put together; due now unless told otherwise. */
    private final class RunSpec {
        private final String definitionId;
        private final RunOrigin origin;
        private final Long parentRunId;
        private String jobType = JOB_TYPE;
        private RunOrigin chosenOrigin;
        private int attempt = 1;
        private Instant dueAt;
        private String mutexKey;
        private ConcurrencyPolicy concurrency = ConcurrencyPolicy.ALLOW;
        private final LinkedHashMap<String, String> parameters = new LinkedHashMap<>();

        private RunSpec(String definitionId, RunOrigin origin, Long parentRunId) {
            this.definitionId = definitionId;
            this.origin = origin;
            this.parentRunId = parentRunId;
        }

        RunSpec origin(RunOrigin value) {
            chosenOrigin = value;
            return this;
        }

        RunSpec jobType(String value) {
            jobType = value;
            return this;
        }

        RunSpec attempt(int value) {
            attempt = value;
            return this;
        }

        RunSpec dueAt(Instant value) {
            dueAt = value;
            return this;
        }

        RunSpec dueIn(Duration value) {
            dueAt = store.now().plus(value);
            return this;
        }

        RunSpec mutex(String value) {
            mutexKey = value;
            return this;
        }

        RunSpec concurrency(ConcurrencyPolicy value) {
            concurrency = value;
            return this;
        }

        RunSpec param(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        NewRun build() {
            Instant due = dueAt == null ? store.now() : dueAt;
            return new NewRun(definitionId, jobType, chosenOrigin == null ? origin : chosenOrigin, parentRunId, attempt,
                    due, due, mutexKey, concurrency, Duration.ZERO, parameters);
        }
    }
}
