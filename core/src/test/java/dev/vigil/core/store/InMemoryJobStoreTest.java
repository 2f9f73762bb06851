package dev.vigil.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.store.ClaimResult;
import dev.vigil.spi.store.NewRun;
import dev.vigil.spi.store.RunCompletion;
import dev.vigil.spi.store.RunQuery;
import dev.vigil.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the in-memory store adds to the store contract: its bounded history and its own structures. */
class InMemoryJobStoreTest {
    private static final String OWNER = "node-a";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-05-04T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void keepsAtMostTheBoundOfEndedRunsAndEvictsTheOneThatEndedFirst() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 3);
        List<Long> ended = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ended.add(runToEnd(store, manual("def-a"), RunState.SUCCEEDED).id());
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(store.runCount()).isEqualTo(3);
        assertThat(store.findRun(ended.get(0))).isEmpty();
        assertThat(store.findRun(ended.get(1))).isEmpty();
        assertThat(store.runs(RunQuery.forDefinition("def-a"))).extracting(RunRecord::id)
                .containsExactly(ended.get(4), ended.get(3), ended.get(2));
        assertThat(store.runs(RunQuery.all())).extracting(RunRecord::id)
                .containsExactly(ended.get(4), ended.get(3), ended.get(2));
    }

    @Test
    void evictsByTheOrderRunsEndedNotByTheirIds() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 1);
        RunRecord older = claimOne(store, manual("def-a"));
        RunRecord newer = claimOne(store, manual("def-a"));
        complete(store, newer, RunState.SUCCEEDED);
        complete(store, older, RunState.SUCCEEDED);

        assertThat(store.findRun(newer.id())).isEmpty();
        assertThat(store.findRun(older.id())).get().extracting(RunRecord::state).isEqualTo(RunState.SUCCEEDED);
        assertThat(store.runs(RunQuery.forDefinition("def-a"))).extracting(RunRecord::id).containsExactly(older.id());
        assertThat(store.runs(RunQuery.all().before(newer.id() + 1))).extracting(RunRecord::id)
                .containsExactly(older.id());
    }

    @Test
    void aRunQueuedFarAheadStaysFoundWhileThousandsOfNewerRunsComeAndGo() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 100);
        RunRecord ahead = store.enqueue(manual("def-later", clock.instant().plus(Duration.ofDays(7)))).orElseThrow();
        for (int i = 0; i < 5_000; i++) {
            runToEnd(store, manual("def-a"), RunState.SUCCEEDED);
        }

        assertThat(store.findRun(ahead.id())).contains(ahead);
        assertThat(store.runs(RunQuery.forDefinition("def-later"))).containsExactly(ahead);
        assertThat(store.runs(RunQuery.all().states(RunState.QUEUED))).containsExactly(ahead);
        assertThat(store.runCount()).isEqualTo(101);

        clock.advance(Duration.ofDays(7));
        assertThat(store.claimDue(OWNER, 10, LEASE).claimed()).extracting(RunRecord::id).containsExactly(ahead.id());
        List<RunRecord> history = store.runs(RunQuery.all().limit(1_000));
        assertThat(history).hasSize(101).last().extracting(RunRecord::state).isEqualTo(RunState.RUNNING);
        assertThat(history.get(100).id()).isEqualTo(ahead.id());
    }

    @Test
    void neitherCountsNorEvictsQueuedOrRunningRuns() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 1);
        RunRecord running = claimOne(store, manual("def-a"));
        RunRecord queued = store.enqueue(manual("def-b", clock.instant().plus(Duration.ofHours(1)))).orElseThrow();
        for (int i = 0; i < 3; i++) {
            runToEnd(store, manual("def-c"), RunState.FAILED);
        }

        assertThat(store.runCount()).isEqualTo(3);
        assertThat(store.findRun(running.id())).get().extracting(RunRecord::state).isEqualTo(RunState.RUNNING);
        assertThat(store.findRun(queued.id())).get().extracting(RunRecord::state).isEqualTo(RunState.QUEUED);
    }

    @Test
    void neverEvictsTheNewestScheduleCarryingRunOfADefinition() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 1);
        RunRecord lastFire = runToEnd(store, scheduled("def-a"), RunState.SUCCEEDED);
        for (int i = 0; i < 3; i++) {
            runToEnd(store, manual("def-b"), RunState.SUCCEEDED);
        }

        assertThat(store.findRun(lastFire.id())).isPresent();
        assertThat(store.runCount()).isEqualTo(2);

        // A newer fire takes over the anchoring; the old one becomes history like any other.
        RunRecord nextFire = runToEnd(store, scheduled("def-a"), RunState.SUCCEEDED);
        runToEnd(store, manual("def-b"), RunState.SUCCEEDED);

        assertThat(store.findRun(lastFire.id())).isEmpty();
        assertThat(store.findRun(nextFire.id())).isPresent();
    }

    @Test
    void neverEvictsARunWhoseChildrenHaveNotAllEndedAndEvictsItOnceTheyHave() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 1);
        RunRecord parent = claimOne(store, manual("def-a"));
        RunRecord child = store.enqueueChildren(parent.id(), List.of(child(parent)), 1).get(0);
        complete(store, parent, RunState.FAILED);
        for (int i = 0; i < 3; i++) {
            runToEnd(store, manual("def-b"), RunState.SUCCEEDED);
        }
        assertThat(store.findRun(parent.id())).isPresent();

        clock.advance(Duration.ofHours(1));
        RunRecord claimedChild = store.claimDue(OWNER, 10, LEASE).claimed().get(0);
        assertThat(claimedChild.id()).isEqualTo(child.id());
        complete(store, claimedChild, RunState.SUCCEEDED);

        assertThat(store.findRun(parent.id())).isEmpty();
        assertThat(store.runCount()).isEqualTo(1);
    }

    @Test
    void purgeStillDeletesWithinTheBound() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 10);
        for (int i = 0; i < 4; i++) {
            runToEnd(store, manual("def-a"), RunState.SUCCEEDED);
        }
        clock.advance(Duration.ofDays(2));
        RunRecord recent = runToEnd(store, manual("def-a"), RunState.SUCCEEDED);

        assertThat(store.purge(clock.instant().minus(Duration.ofDays(1)), 100)).isEqualTo(4);
        assertThat(store.runs(RunQuery.all())).extracting(RunRecord::id).containsExactly(recent.id());
    }

    @Test
    void rejectsABoundBelowOne() {
        assertThatThrownBy(() -> new InMemoryJobStore(clock, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEndedRuns");
    }

    @Test
    void theBoundIsSharedByAllDefinitions() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 1);
        runToEnd(store, manual("def-a"), RunState.SUCCEEDED);
        runToEnd(store, manual("def-b"), RunState.SUCCEEDED);

        assertThat(store.runs(RunQuery.forDefinition("def-a"))).isEmpty();
        assertThat(store.runs(RunQuery.forDefinition("def-b"))).hasSize(1);
        assertThat(store.definitions()).isEmpty();
    }

    @Test
    void claimsInDueOrderThenIdOrderPassingOverHeldRunsAmongThousands() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 100_000);
        SplittableRandom random = new SplittableRandom(42);
        Instant base = clock.instant().minus(Duration.ofHours(1));
        List<RunRecord> all = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Instant due = base.plusSeconds(random.nextInt(600)).plusNanos(random.nextInt(3) * 1_000);
            String mutex = random.nextInt(10) == 0 ? "host-" + random.nextInt(3) : null;
            all.add(store.enqueue(new NewRun("def-" + i, "test.job", RunOrigin.MANUAL, null, 1, due, due, mutex,
                    ConcurrencyPolicy.ALLOW, Duration.ZERO, Map.of())).orElseThrow());
        }
        all.sort(Comparator.comparing(RunRecord::dueAt).thenComparingLong(RunRecord::id));

        // A run holding each mutex key makes every other run with that key wait, wherever it sits.
        List<RunRecord> holders = new ArrayList<>();
        List<RunRecord> order = new ArrayList<>();
        while (true) {
            ClaimResult claim = store.claimDue(OWNER, 7, LEASE);
            if (claim.claimed().isEmpty()) {
                break;
            }
            for (RunRecord r : claim.claimed()) {
                order.add(r);
                if (r.mutexKey() != null) {
                    holders.add(r);
                } else {
                    complete(store, r, RunState.SUCCEEDED);
                }
            }
        }
        List<RunRecord> expectedFirst = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (RunRecord r : all) {
            if (r.mutexKey() == null || !seen.contains(r.mutexKey())) {
                expectedFirst.add(r);
                if (r.mutexKey() != null) {
                    seen.add(r.mutexKey());
                }
            }
        }
        assertThat(order).extracting(RunRecord::id)
                .containsExactlyElementsOf(expectedFirst.stream().map(RunRecord::id).toList());
        assertThat(store.queuedCount()).isEqualTo(all.size() - expectedFirst.size());
        assertThat(store.nextDueTime()).isPresent();

        // Freeing the keys lets the held runs go, still in due order.
        holders.forEach(h -> complete(store, h, RunState.SUCCEEDED));
        int drained = 0;
        Instant previous = Instant.MIN;
        ClaimResult claim;
        while (!(claim = store.claimDue(OWNER, 1, LEASE)).claimed().isEmpty()) {
            RunRecord r = claim.claimed().get(0);
            assertThat(r.dueAt()).isAfterOrEqualTo(previous);
            previous = r.dueAt();
            complete(store, r, RunState.SUCCEEDED);
            drained++;
        }
        assertThat(drained).isEqualTo(all.size() - expectedFirst.size());
        assertThat(store.queuedCount()).isZero();
        assertThat(store.nextDueTime()).isEmpty();
    }

    @Test
    void cancellingMostQueuedRunsLeavesTheRestClaimedInDueOrder() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 100_000);
        SplittableRandom random = new SplittableRandom(3);
        List<RunRecord> kept = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            Instant due = clock.instant().plusSeconds(1 + random.nextInt(1_000));
            RunRecord r = store.enqueue(manual("def-" + (i % 10), due)).orElseThrow();
            if (random.nextInt(4) == 0) {
                kept.add(r);
            } else {
                assertThat(store.requestCancel(r.id())).isTrue();
            }
        }
        kept.sort(Comparator.comparing(RunRecord::dueAt).thenComparingLong(RunRecord::id));

        assertThat(store.queuedCount()).isEqualTo(kept.size());
        assertThat(store.nextDueTime()).contains(kept.get(0).dueAt());
        assertThat(store.runs(RunQuery.all().states(RunState.QUEUED).limit(10_000))).hasSize(kept.size());
        clock.advance(Duration.ofHours(1));
        List<RunRecord> claimed = new ArrayList<>();
        ClaimResult claim;
        while (!(claim = store.claimDue(OWNER, 5, LEASE)).claimed().isEmpty()) {
            claimed.addAll(claim.claimed());
        }
        assertThat(claimed).extracting(RunRecord::id).containsExactlyElementsOf(kept.stream().map(RunRecord::id).toList());
        assertThat(store.nextDueTime()).isEmpty();
    }

    @Test
    void runsQueuedInDueOrderAndOutOfItAreClaimedInDueOrder() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 100_000);
        Instant start = clock.instant();
        List<RunRecord> all = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 1_500; i++) {
                all.add(store.enqueue(manual("def-a", start.plusMillis(round * 10_000L + i))).orElseThrow());
                if (i % 100 == 0) {
                    all.add(store.enqueue(manual("def-b", start.minusMillis(20_000 - i * 3L))).orElseThrow());
                }
            }
            clock.advance(Duration.ofSeconds(5));
            drainInto(store, all, 700);
        }
        clock.advance(Duration.ofHours(1));
        drainInto(store, all, Integer.MAX_VALUE);

        assertThat(all).isEmpty();
        assertThat(store.queuedCount()).isZero();
    }

    /** Claims up to {@code most} due runs one by one, checking each is the earliest still expected. */
    private static void drainInto(InMemoryJobStore store, List<RunRecord> expected, int most) {
        expected.sort(Comparator.comparing(RunRecord::dueAt).thenComparingLong(RunRecord::id));
        for (int n = 0; n < most; n++) {
            List<RunRecord> claimed = store.claimDue(OWNER, 1, LEASE).claimed();
            if (claimed.isEmpty()) {
                return;
            }
            assertThat(claimed.get(0).id()).isEqualTo(expected.remove(0).id());
            complete(store, claimed.get(0), RunState.SUCCEEDED);
        }
    }

    @Test
    void everyKeptRunIsFoundAfterManyEvictions() {
        InMemoryJobStore store = new InMemoryJobStore(clock, 1_000);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ids.add(runToEnd(store, manual("def-" + (i % 7)), RunState.SUCCEEDED).id());
        }

        assertThat(store.runCount()).isEqualTo(1_000);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(store.findRun(ids.get(i)).isPresent()).as("run %s", ids.get(i)).isEqualTo(i >= 4_000);
        }
        List<RunRecord> page = store.runs(RunQuery.forDefinition("def-3").before(ids.get(4_500)).limit(1_000));
        assertThat(page).extracting(RunRecord::id).isSortedAccordingTo(Comparator.reverseOrder())
                .allMatch(id -> id >= ids.get(4_000) && id < ids.get(4_500));
        assertThat(page).hasSize((int) ids.subList(4_000, 4_500).stream().filter(id -> ids.indexOf(id) % 7 == 3).count());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private NewRun manual(String definitionId) {
        return manual(definitionId, clock.instant());
    }

    private static NewRun manual(String definitionId, Instant due) {
        return new NewRun(definitionId, "test.job", RunOrigin.MANUAL, null, 1, due, due, null, ConcurrencyPolicy.ALLOW,
                Duration.ZERO, Map.of());
    }

    private NewRun scheduled(String definitionId) {
        Instant due = clock.instant();
        return new NewRun(definitionId, "test.job", RunOrigin.SCHEDULED, null, 1, due, due, null,
                ConcurrencyPolicy.ALLOW, Duration.ZERO, Map.of());
    }

    /** A child due in an hour, so that it stays queued until the clock gets there. */
    private NewRun child(RunRecord parent) {
        Instant due = clock.instant().plus(Duration.ofHours(1));
        return new NewRun(parent.definitionId(), "test.job", RunOrigin.CHILD, parent.id(), 1, due, due, null,
                ConcurrencyPolicy.ALLOW, Duration.ZERO, Map.of());
    }

    private static RunRecord claimOne(InMemoryJobStore store, NewRun run) {
        RunRecord queued = store.enqueue(run).orElseThrow();
        List<RunRecord> claimed = store.claimDue(OWNER, 10, LEASE).claimed();
        assertThat(claimed).extracting(RunRecord::id).containsExactly(queued.id());
        return claimed.get(0);
    }

    private static RunRecord runToEnd(InMemoryJobStore store, NewRun run, RunState state) {
        return complete(store, claimOne(store, run), state);
    }

    private static RunRecord complete(InMemoryJobStore store, RunRecord running, RunState state) {
        var result = store.complete(new RunCompletion(running.id(), running.owner(), running.fencingToken(), state,
                RunCounts.ZERO, "", List.of(), List.of(), false));
        assertThat(result.accepted()).isTrue();
        return result.ended().orElseThrow();
    }
}
