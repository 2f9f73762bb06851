package dev.vigil.core.store;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.store.ClaimResult;
import dev.vigil.spi.store.CompletionResult;
import dev.vigil.spi.store.HeartbeatResult;
import dev.vigil.spi.store.JobStore;
import dev.vigil.spi.store.NewRun;
import dev.vigil.spi.store.RunCompletion;
import dev.vigil.spi.store.RunQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The embedded default store: everything in this JVM's heap, nothing survives a restart. Queued
 * runs sit in a queue ordered by due time (then id), so finding due work costs O(log n) and never a
 * scan of every definition. One lock guards everything; each method is one atomic step.
 *
 * <p><b>History is bounded.</b> Besides {@link #purge}, the store keeps at most
 * {@code maxEndedRuns} ended runs ({@value #DEFAULT_MAX_ENDED_RUNS} by default): when one more run
 * ends, the run that ended first goes. Runs the purge rules protect are neither evicted nor
 * counted: the newest schedule-carrying run of each definition, and a run whose children have not
 * all ended. Such a run joins the line when it stops being protected (a newer fire was queued, its
 * last child ended). An ended run takes about 400 bytes, so the default bounds the history to
 * some 40 MB; a host that wants long history uses the JDBC store.
 *
 * <p>Thread-safe. Time comes from the clock given at construction (the engine's clock by default),
 * so a test drives leases and due times with a manual clock.
 */
public final class InMemoryJobStore implements JobStore {

    /**
     * The ended runs kept by default: the last 10 s of a load of 10,000 runs per second, or more
     * than a day of 100 definitions firing every minute.
     */
    public static final int DEFAULT_MAX_ENDED_RUNS = 100_000;

    private static final Set<RunState> ACTIVE = EnumSet.of(RunState.QUEUED, RunState.RUNNING,
            RunState.WAITING_FOR_CHILDREN);

    private final Clock clock;
    private final int maxEndedRuns;
    private final Object lock = new Object();

    /** Per definition id: the definition (if stored) and its runs' bookkeeping. */
    private final HashMap<String, PerDefinition> byDefinition = new HashMap<>();
    /** Stored definitions' ids in order, or null until definitions() needs them again. */
    private List<String> sortedDefinitionIds = List.of();
    private int definitionCount;
    private final RunTable runs = new RunTable();
    /** Every stored run's id, ascending: history queries that do not name a definition walk it. */
    private final IdList allRunIds = new IdList(1024);
    private final DueQueue queued = new DueQueue();
    private final LiveList running = new LiveList();
    private final LiveList waiting = new LiveList();
    /** Ended runs the purge rules do not protect, oldest first; removed ones are skipped lazily. */
    private final ArrayDeque<Run> endedLine = new ArrayDeque<>();
    private int endedLineLive;
    /** Mutex keys held by running runs. */
    private final Set<String> heldMutexes = new HashSet<>();
    private final TreeMap<String, String> settings = new TreeMap<>();
    private long lastRunId;
    private long lastToken;

    /**
     * A store that keeps at most {@value #DEFAULT_MAX_ENDED_RUNS} ended runs (see above).
     *
     * @param clock the store's time source; not null
     */
    public InMemoryJobStore(Clock clock) {
        this(clock, DEFAULT_MAX_ENDED_RUNS);
    }

    /**
     * @param clock the store's time source; not null
     * @param maxEndedRuns the most ended runs kept besides those the purge rules protect; at least 1
     * @throws IllegalArgumentException if {@code maxEndedRuns} is less than 1
     */
    public InMemoryJobStore(Clock clock, int maxEndedRuns) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEndedRuns < 1) {
            throw new IllegalArgumentException("maxEndedRuns must be at least 1, was " + maxEndedRuns);
        }
        this.maxEndedRuns = maxEndedRuns;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public boolean isSharedAcrossNodes() {
        return false;
    }

    // ---- definitions -------------------------------------------------------------------------

    @Override
    public void saveDefinition(JobDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        synchronized (lock) {
            PerDefinition p = perDefinition(definition.id());
            if (p.definition == null) {
                definitionCount++;
                sortedDefinitionIds = null;
            }
            p.definition = definition;
        }
    }

    @Override
    public boolean insertDefinitionIfAbsent(JobDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        synchronized (lock) {
            PerDefinition p = perDefinition(definition.id());
            if (p.definition != null) {
                return false;
            }
            p.definition = definition;
            definitionCount++;
            sortedDefinitionIds = null;
            return true;
        }
    }

    @Override
    public Optional<JobDefinition> findDefinition(String id) {
        synchronized (lock) {
            PerDefinition p = byDefinition.get(id);
            return p == null ? Optional.empty() : Optional.ofNullable(p.definition);
        }
    }

    @Override
    public List<JobDefinition> definitions() {
        synchronized (lock) {
            if (sortedDefinitionIds == null) {
                List<String> ids = new ArrayList<>();
                byDefinition.forEach((id, p) -> {
                    if (p.definition != null) {
                        ids.add(id);
                    }
                });
                Collections.sort(ids);
                sortedDefinitionIds = ids;
            }
            JobDefinition[] out = new JobDefinition[sortedDefinitionIds.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = byDefinition.get(sortedDefinitionIds.get(i)).definition;
            }
            return List.of(out);
        }
    }

    @Override
    public boolean deleteDefinition(String id) {
        synchronized (lock) {
            PerDefinition p = byDefinition.get(id);
            if (p == null || p.definition == null) {
                return false;
            }
            p.definition = null;
            definitionCount--;
            sortedDefinitionIds = null;
            List<Run> toCancel = new ArrayList<>();
            IdList ids = p.runIds;
            for (int i = ids.end - 1; i >= ids.head; i--) {
                Run r = ids.ids[i] < 0 ? null : runs.get(ids.ids[i]);
                if (r != null && r.rec.state() == RunState.QUEUED) {
                    toCancel.add(r);
                }
            }
            for (Run r : toCancel) {
                end(r, RunState.CANCELLED, "definition deleted");
            }
            evictOverCap();
            if (p.runIds.live() == 0) {
                byDefinition.remove(id, p);
            }
            return true;
        }
    }

    private PerDefinition perDefinition(String id) {
        PerDefinition p = byDefinition.get(id);
        if (p == null) {
            p = new PerDefinition();
            byDefinition.put(id, p);
        }
        return p;
    }

    // ---- runs --------------------------------------------------------------------------------

    @Override
    public Optional<RunRecord> enqueue(NewRun run) {
        Objects.requireNonNull(run, "run");
        synchronized (lock) {
            Run r = insertIfAllowed(run);
            evictOverCap();
            return r == null ? Optional.empty() : Optional.of(r.rec);
        }
    }

    private Run insertIfAllowed(NewRun run) {
        boolean child = run.parentRunId() != null;
        boolean carrier = run.origin().carriesSchedule();
        PerDefinition p = byDefinition.get(run.definitionId());
        if (carrier && p != null && p.queuedScheduleCarrier) {
            return null;
        }
        boolean queueOne = !child && run.concurrency() == ConcurrencyPolicy.QUEUE_ONE;
        if (queueOne && !carrier && p != null && p.queuedQueueOne) {
            return null;
        }
        if (p == null) {
            p = perDefinition(run.definitionId());
        }
        RunRecord rec = new RunRecord(++lastRunId, run.definitionId(), run.jobType(), run.origin(), run.parentRunId(),
                run.attempt(), RunState.QUEUED, run.scheduledTime(), run.dueAt(), null, null, null, null, 0,
                run.mutexKey(), run.concurrency(), run.timeout(), run.parameters(), RunCounts.ZERO, "", List.of(),
                0, 0, 0, Integer.MAX_VALUE, false);
        Run r = new Run(rec, p);
        runs.add(r);
        allRunIds.add(r.id);
        p.runIds.add(r.id);
        queued.add(r);
        if (carrier) {
            p.queuedScheduleCarrier = true;
            Run previous = p.newestScheduleCarrier == 0 ? null : runs.get(p.newestScheduleCarrier);
            p.newestScheduleCarrier = r.id;
            if (previous != null) {
                offerToEndedLine(previous);
            }
        } else if (queueOne) {
            p.queuedQueueOne = true;
        }
        return r;
    }

    @Override
    public List<RunRecord> enqueueChildren(long parentRunId, List<NewRun> children, int maxParallel) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1, was " + maxParallel);
        }
        synchronized (lock) {
            Run parent = runs.get(parentRunId);
            if (parent == null || parent.rec.state() != RunState.RUNNING) {
                throw new IllegalStateException("Run " + parentRunId + " is not running, so it cannot spawn children"
                        + (parent == null ? " (unknown run)" : " (it is " + parent.rec.state() + ")"));
            }
            for (NewRun child : children) {
                if (child.parentRunId() == null || child.parentRunId() != parentRunId) {
                    throw new IllegalArgumentException("Child run does not name parent " + parentRunId);
                }
            }
            List<RunRecord> out = new ArrayList<>(children.size());
            for (NewRun child : children) {
                Run c = insertIfAllowed(child);
                out.add(c == null ? null : c.rec);
            }
            parent.rec = parent.rec.toBuilder().childrenTotal(parent.rec.childrenTotal() + out.size())
                    .childParallelism(maxParallel).build();
            return out;
        }
    }

    @Override
    public ClaimResult claimDue(String owner, int limit, Duration lease) {
        return claimDue(owner, limit, limit, lease);
    }

    @Override
    public ClaimResult claimDue(String owner, int limit, int limitHolding, Duration lease) {
        Objects.requireNonNull(owner, "owner");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (limitHolding < 0) {
            throw new IllegalArgumentException("limitHolding must be 0 or more, was " + limitHolding);
        }
        synchronized (lock) {
            int holding = 0;
            Instant now = now();
            Instant leaseUntil = now.plus(lease);
            List<RunRecord> claimed = new ArrayList<>(Math.min(limit, 16));
            // Walk the queue in order without changing it; take the claimed and skipped runs out after.
            List<Run> taken = new ArrayList<>(Math.min(limit, 16));
            int skips = 0;
            DueQueue.Walk walk = queued.walk();
            Run r;
            while (claimed.size() < limit && (r = walk.next()) != null) {
                if (!r.queued) {
                    continue;
                }
                if (r.isDueAfter(now)) {
                    break;
                }
                held.current = r;
                ClaimRules.Decision decision = ClaimRules.decide(r.rec, held);
                held.current = null;
                if (decision == ClaimRules.Decision.WAIT) {
                    continue;
                }
                if (decision == ClaimRules.Decision.CLAIM && ClaimRules.holds(r.rec)) {
                    if (holding == limitHolding) {
                        continue; // stays queued for a claim with a free worker behind it
                    }
                    holding++;
                }
                taken.add(r);
                if (decision == ClaimRules.Decision.SKIP) {
                    skips++;
                    continue;
                }
                RunRecord q = r.rec;
                r.rec = new RunRecord(q.id(), q.definitionId(), q.jobType(), q.origin(), q.parentRunId(), q.attempt(),
                        RunState.RUNNING, q.scheduledTime(), q.dueAt(), now, null, owner, leaseUntil, ++lastToken,
                        q.mutexKey(), q.concurrency(), q.timeout(), q.parameters(), q.counts(), q.message(),
                        q.itemErrors(), q.childrenTotal(), q.childrenFinished(), q.childrenFailed(),
                        q.childParallelism(), q.cancelRequested());
                markActive(r, +1);
                claimed.add(r.rec);
            }
            List<RunRecord> skipped = skips == 0 ? List.of() : new ArrayList<>(skips);
            for (Run t : taken) {
                queued.remove(t);
                unqueued(t);
                if (t.rec.state() == RunState.QUEUED) {
                    skipped.add(endedRecord(t, RunState.SKIPPED, ClaimRules.skipMessage(t.rec)));
                    offerToEndedLine(t);
                }
            }
            evictOverCap();
            return new ClaimResult(claimed, skipped);
        }
    }

    /** The claim rules' view of this store; read under the lock. */
    private final HeldView held = new HeldView();

    private final class HeldView implements ClaimRules.Held {
        /** The run being decided: its own definition's state needs no lookup. */
        Run current;

        @Override
        public boolean mutexHeld(String key) {
            return heldMutexes.contains(key);
        }

        @Override
        public boolean definitionActive(String definitionId) {
            Run c = current;
            if (c != null && c.rec.definitionId() == definitionId) {
                return c.perDefinition.active > 0;
            }
            PerDefinition p = byDefinition.get(definitionId);
            return p != null && p.active > 0;
        }

        @Override
        public int runningChildren(long parentRunId) {
            Run parent = runs.get(parentRunId);
            return parent == null ? 0 : parent.runningChildren;
        }

        @Override
        public int childParallelism(long parentRunId) {
            Run parent = runs.get(parentRunId);
            return parent == null ? Integer.MAX_VALUE : parent.rec.childParallelism();
        }
    }

    @Override
    public Optional<Instant> nextDueTime() {
        synchronized (lock) {
            Run first = queued.first();
            return first == null ? Optional.empty() : Optional.of(first.rec.dueAt());
        }
    }

    @Override
    public HeartbeatResult heartbeat(String owner, Collection<Long> runIds, Duration lease) {
        synchronized (lock) {
            Instant until = now().plus(lease);
            Set<Long> lost = new HashSet<>();
            Set<Long> cancel = new HashSet<>();
            for (Long id : runIds) {
                Run r = runs.get(id);
                if (r == null || r.rec.state() != RunState.RUNNING || !owner.equals(r.rec.owner())) {
                    lost.add(id);
                    continue;
                }
                r.rec = r.rec.toBuilder().leaseUntil(until).build();
                if (r.rec.cancelRequested()) {
                    cancel.add(id);
                }
            }
            return new HeartbeatResult(lost, cancel);
        }
    }

    @Override
    public CompletionResult complete(RunCompletion c) {
        synchronized (lock) {
            CompletionResult result = completeLocked(c);
            evictOverCap();
            return result;
        }
    }

    @Override
    public List<CompletionResult> completeAll(List<RunCompletion> completions) {
        synchronized (lock) {
            List<CompletionResult> out = new ArrayList<>(completions.size());
            for (RunCompletion c : completions) {
                out.add(completeLocked(c));
            }
            evictOverCap();
            return out;
        }
    }

    private CompletionResult completeLocked(RunCompletion c) {
        Instant now = now();
        Run r = runs.get(c.runId());
        RunRecord q = r == null ? null : r.rec;
        if (q == null || q.state() != RunState.RUNNING || !c.owner().equals(q.owner())
                || q.fencingToken() != c.fencingToken()
                || c.onlyIfLeaseExpired() && !q.leaseUntil().isBefore(now)) {
            return CompletionResult.REJECTED;
        }
        boolean waits = c.state() == RunState.WAITING_FOR_CHILDREN;
        markActive(r, -1);
        r.rec = new RunRecord(q.id(), q.definitionId(), q.jobType(), q.origin(), q.parentRunId(), q.attempt(),
                c.state(), q.scheduledTime(), q.dueAt(), q.startedAt(), waits ? null : now, q.owner(), null,
                q.fencingToken(), q.mutexKey(), q.concurrency(), q.timeout(), q.parameters(), q.counts().plus(c.counts()),
                c.message(), c.itemErrors(), q.childrenTotal(), q.childrenFinished(), q.childrenFailed(),
                q.childParallelism(), q.cancelRequested());
        RunRecord done = r.rec;
        if (waits) {
            waiting.add(r);
            if (q.parentRunId() == null) {
                // A waiting parent still counts as active for its definition's concurrency policy.
                r.perDefinition.active++;
            }
        }
        for (NewRun followUp : c.followUps()) {
            insertIfAllowed(followUp);
        }
        Long ready = null;
        if (waits && done.childrenDone()) {
            ready = done.id();
        }
        if (!waits && q.parentRunId() != null) {
            ready = childEnded(done);
        }
        if (!waits) {
            offerToEndedLine(r);
        }
        return CompletionResult.accepted(done, ready);
    }

    /** Adds an ended child to its parent; returns the parent's id if it now waits with all children done. */
    private Long childEnded(RunRecord child) {
        Run parent = runs.get(child.parentRunId());
        if (parent == null) {
            return null;
        }
        boolean failed = switch (child.state()) {
            case FAILED, TIMED_OUT, CANCELLED, ABANDONED -> true;
            default -> false;
        };
        RunRecord p = parent.rec;
        parent.rec = p.toBuilder().counts(p.counts().plus(child.counts()))
                .childrenFinished(p.childrenFinished() + 1)
                .childrenFailed(p.childrenFailed() + (failed ? 1 : 0)).build();
        if (parent.rec.state().isTerminal()) {
            offerToEndedLine(parent);
        }
        return parent.rec.state() == RunState.WAITING_FOR_CHILDREN && parent.rec.childrenDone() ? parent.id : null;
    }

    @Override
    public boolean finishParent(long runId, RunState state, String message, List<NewRun> followUps) {
        if (!state.isTerminal()) {
            throw new IllegalArgumentException("A parent must finish in a terminal state, not " + state);
        }
        synchronized (lock) {
            Run r = runs.get(runId);
            if (r == null || r.rec.state() != RunState.WAITING_FOR_CHILDREN || !r.rec.childrenDone()) {
                return false;
            }
            if (r.rec.parentRunId() == null) {
                r.perDefinition.active--;
            }
            r.rec = r.rec.toBuilder().state(state).message(message).endedAt(now()).build();
            waiting.remove(r);
            for (NewRun followUp : followUps) {
                insertIfAllowed(followUp);
            }
            if (r.rec.parentRunId() != null) {
                childEnded(r.rec);
            }
            offerToEndedLine(r);
            evictOverCap();
            return true;
        }
    }

    @Override
    public List<RunRecord> expiredLeases(int limit) {
        synchronized (lock) {
            Instant now = now();
            List<RunRecord> out = new ArrayList<>();
            for (int i = 0; i < running.size; i++) {
                RunRecord r = running.runs[i].rec;
                if (r.leaseUntil().isBefore(now)) {
                    out.add(r);
                }
            }
            out.sort(Comparator.comparing(RunRecord::leaseUntil).thenComparingLong(RunRecord::id));
            return List.copyOf(out.subList(0, Math.min(limit, out.size())));
        }
    }

    @Override
    public boolean requestCancel(long runId) {
        synchronized (lock) {
            Run r = runs.get(runId);
            if (r == null || r.rec.state().isTerminal()) {
                return false;
            }
            if (r.rec.state() == RunState.QUEUED) {
                end(r, RunState.CANCELLED, "cancelled before it started");
                evictOverCap();
            } else {
                r.rec = r.rec.toBuilder().cancelRequested(true).build();
            }
            return true;
        }
    }

    @Override
    public Optional<RunRecord> findRun(long runId) {
        synchronized (lock) {
            Run r = runs.get(runId);
            return r == null ? Optional.empty() : Optional.of(r.rec);
        }
    }

    @Override
    public List<RunRecord> runs(RunQuery q) {
        synchronized (lock) {
            List<RunRecord> out = new ArrayList<>(Math.min(q.limit(), 16));
            if (q.definitionId() != null) {
                PerDefinition p = byDefinition.get(q.definitionId());
                if (p != null) {
                    collectNewestFirst(p.runIds, q, out);
                }
            } else if (!q.states().isEmpty() && ACTIVE.containsAll(q.states())) {
                // Live runs are few; do not walk the whole history to find them.
                List<RunRecord> live = new ArrayList<>();
                if (q.states().contains(RunState.RUNNING)) {
                    running.addTo(live);
                }
                if (q.states().contains(RunState.WAITING_FOR_CHILDREN)) {
                    waiting.addTo(live);
                }
                if (q.states().contains(RunState.QUEUED)) {
                    queued.addTo(live);
                }
                live.sort(Comparator.comparingLong(RunRecord::id).reversed());
                for (RunRecord r : live) {
                    if ((q.beforeId() == 0 || r.id() < q.beforeId()) && matches(q, r)) {
                        out.add(r);
                        if (out.size() == q.limit()) {
                            break;
                        }
                    }
                }
            } else {
                collectNewestFirst(allRunIds, q, out);
            }
            return Collections.unmodifiableList(out);
        }
    }

    private void collectNewestFirst(IdList ids, RunQuery q, List<RunRecord> out) {
        for (int i = ids.indexBefore(q.beforeId()); i >= ids.head; i--) {
            Run r = ids.ids[i] < 0 ? null : runs.get(ids.ids[i]);
            if (r != null && matches(q, r.rec)) {
                out.add(r.rec);
                if (out.size() == q.limit()) {
                    return;
                }
            }
        }
    }

    private static boolean matches(RunQuery q, RunRecord r) {
        return (q.definitionId() == null || q.definitionId().equals(r.definitionId()))
                && (q.jobType() == null || q.jobType().equals(r.jobType()))
                && (q.states().isEmpty() || q.states().contains(r.state()))
                && (q.origins().isEmpty() || q.origins().contains(r.origin()))
                && (q.parentRunId() == null || q.parentRunId().equals(r.parentRunId()));
    }

    @Override
    public int purge(Instant endedBefore, int limit) {
        synchronized (lock) {
            List<Run> doomed = new ArrayList<>();
            for (int i = allRunIds.head; i < allRunIds.end && doomed.size() < limit; i++) {
                Run r = allRunIds.ids[i] < 0 ? null : runs.get(allRunIds.ids[i]);
                if (r != null && r.rec.endedAt() != null && r.rec.endedAt().isBefore(endedBefore) && deletable(r)) {
                    doomed.add(r);
                }
            }
            doomed.forEach(this::delete);
            return doomed.size();
        }
    }

    // ---- settings ----------------------------------------------------------------------------

    @Override
    public Map<String, String> settings() {
        synchronized (lock) {
            return Collections.unmodifiableMap(new TreeMap<>(settings));
        }
    }

    @Override
    public void putSetting(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        synchronized (lock) {
            settings.put(key, value);
        }
    }

    @Override
    public void removeSetting(String key) {
        synchronized (lock) {
            settings.remove(key);
        }
    }

    // ---- bookkeeping -------------------------------------------------------------------------

    /** Ends a queued run without running it; a child is counted as finished by its parent. */
    private void end(Run queuedRun, RunState state, String message) {
        queued.remove(queuedRun);
        unqueued(queuedRun);
        RunRecord done = endedRecord(queuedRun, state, message);
        if (done.parentRunId() != null) {
            childEnded(done);
        }
        offerToEndedLine(queuedRun);
    }

    private RunRecord endedRecord(Run r, RunState state, String message) {
        RunRecord q = r.rec;
        r.rec = new RunRecord(q.id(), q.definitionId(), q.jobType(), q.origin(), q.parentRunId(), q.attempt(), state,
                q.scheduledTime(), q.dueAt(), q.startedAt(), now(), q.owner(), q.leaseUntil(), q.fencingToken(),
                q.mutexKey(), q.concurrency(), q.timeout(), q.parameters(), q.counts(), message, q.itemErrors(),
                q.childrenTotal(), q.childrenFinished(), q.childrenFailed(), q.childParallelism(), q.cancelRequested());
        return r.rec;
    }

    private void unqueued(Run r) {
        if (r.rec.origin().carriesSchedule()) {
            r.perDefinition.queuedScheduleCarrier = false;
        } else if (r.rec.parentRunId() == null && r.rec.concurrency() == ConcurrencyPolicy.QUEUE_ONE) {
            r.perDefinition.queuedQueueOne = false;
        }
    }

    /** Tracks what a RUNNING run holds: its mutex, its definition's activity, its parent's slot. */
    private void markActive(Run r, int delta) {
        RunRecord rec = r.rec;
        if (delta > 0) {
            running.add(r);
        } else {
            running.remove(r);
        }
        if (rec.mutexKey() != null) {
            if (delta > 0) {
                heldMutexes.add(rec.mutexKey());
            } else {
                heldMutexes.remove(rec.mutexKey());
            }
        }
        if (rec.parentRunId() != null) {
            Run parent = runs.get(rec.parentRunId());
            if (parent != null) {
                parent.runningChildren += delta;
            }
        } else {
            r.perDefinition.active += delta;
        }
    }

    /** Whether purge and the history bound may delete an ended run. */
    private static boolean deletable(Run r) {
        RunRecord rec = r.rec;
        return rec.state().isTerminal() && rec.endedAt() != null && rec.childrenDone()
                && r.perDefinition.newestScheduleCarrier != r.id;
    }

    /** Puts an ended run in the line for eviction, once, as soon as nothing protects it. */
    private void offerToEndedLine(Run r) {
        if (!r.inEndedLine && !r.removed && deletable(r)) {
            r.inEndedLine = true;
            endedLine.addLast(r);
            endedLineLive++;
        }
    }

    /** Deletes the runs that ended first while more than the bound are kept. */
    private void evictOverCap() {
        while (endedLineLive > maxEndedRuns) {
            Run r = endedLine.pollFirst();
            if (!r.removed) {
                delete(r);
            }
        }
        if (endedLine.size() > 64 && endedLine.size() > 2 * endedLineLive) {
            endedLine.removeIf(r -> r.removed);
        }
    }

    private void delete(Run r) {
        runs.remove(r.id);
        r.removed = true;
        if (r.inEndedLine) {
            endedLineLive--;
        }
        allRunIds.remove(r.id);
        PerDefinition p = r.perDefinition;
        p.runIds.remove(r.id);
        if (p.definition == null && p.runIds.live() == 0) {
            byDefinition.remove(r.rec.definitionId(), p);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "InMemoryJobStore[definitions=" + definitionCount + ", runs=" + runs.size() + ", queued="
                    + queued.size() + "]";
        }
    }

    /** @return how many runs are queued; for diagnostics and tests */
    public int queuedCount() {
        synchronized (lock) {
            return queued.size();
        }
    }

    /** @return how many runs are stored, queued, live and ended; for diagnostics and tests */
    public int runCount() {
        synchronized (lock) {
            return runs.size();
        }
    }

    // ---- internal structures -----------------------------------------------------------------

    /** One stored run: its current record and its places in the store's structures. */
    private static final class Run {
        final long id;
        /** Due time in epoch nanoseconds, clamped to the long range (then the exact fields decide). */
        final long dueKey;
        final long dueSeconds;
        final int dueNanos;
        final PerDefinition perDefinition;
        RunRecord rec;
        /** Whether it is in the due queue. */
        boolean queued;
        /** Index in the running or the waiting list while in one, else -1. */
        int liveIndex = -1;
        /** Its children that are RUNNING now. */
        int runningChildren;
        boolean inEndedLine;
        boolean removed;

        Run(RunRecord rec, PerDefinition perDefinition) {
            this.id = rec.id();
            this.dueSeconds = rec.dueAt().getEpochSecond();
            this.dueNanos = rec.dueAt().getNano();
            this.dueKey = dueSeconds > MAX_KEY_SECONDS ? Long.MAX_VALUE : dueSeconds < -MAX_KEY_SECONDS ? Long.MIN_VALUE
                    : dueSeconds * 1_000_000_000L + dueNanos;
            this.perDefinition = perDefinition;
            this.rec = rec;
        }

        private static final long MAX_KEY_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

        boolean isDueAfter(Instant now) {
            long s = now.getEpochSecond();
            return dueSeconds > s || dueSeconds == s && dueNanos > now.getNano();
        }

        /** Due order: due time, then id. */
        boolean before(Run o) {
            if (dueKey != o.dueKey) {
                return dueKey < o.dueKey;
            }
            if (dueKey == Long.MAX_VALUE || dueKey == Long.MIN_VALUE) {
                if (dueSeconds != o.dueSeconds) {
                    return dueSeconds < o.dueSeconds;
                }
                if (dueNanos != o.dueNanos) {
                    return dueNanos < o.dueNanos;
                }
            }
            return id < o.id;
        }
    }

    /** What the store keeps per definition id: the definition, if stored, and its runs' state. */
    private static final class PerDefinition {
        JobDefinition definition;
        final IdList runIds = new IdList(1);
        /** Whether a queued run carries the schedule. */
        boolean queuedScheduleCarrier;
        /** Whether a queued non-child QUEUE_ONE run exists. */
        boolean queuedQueueOne;
        /** Non-child runs RUNNING or WAITING_FOR_CHILDREN. */
        int active;
        /** The id of the newest schedule-carrying run, 0 for none. */
        long newestScheduleCarrier;
    }

    /**
     * Run ids in ascending order (ids only grow, so adding appends), live from {@code head} to
     * {@code end}. A deleted id is usually the oldest and moves the head; one in the middle is
     * marked deleted (its sign bit set, which keeps the order of the rest) until compacting is
     * worthwhile. Readers skip negative entries.
     */
    static final class IdList {
        long[] ids;
        int head;
        int end;
        private int deleted;

        IdList(int capacity) {
            ids = new long[capacity];
        }

        void add(long id) {
            if (end == ids.length) {
                if (head > 0 && (head + deleted) * 2 >= end) {
                    compact();
                } else {
                    ids = Arrays.copyOf(ids, Math.max(4, end * 2));
                }
            }
            ids[end++] = id;
        }

        int live() {
            return end - head - deleted;
        }

        /** @return the index of the largest id below {@code beforeId} (0: no bound), or {@code head - 1} */
        int indexBefore(long beforeId) {
            if (beforeId == 0) {
                return end - 1;
            }
            int lo = head;
            int hi = end - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if ((ids[mid] & Long.MAX_VALUE) < beforeId) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return lo - 1;
        }

        void remove(long id) {
            if (head < end && ids[head] == id) {
                head++;
            } else {
                int i = indexBefore(id + 1);
                if (i < head || ids[i] != id) {
                    return;
                }
                ids[i] |= Long.MIN_VALUE;
                deleted++;
            }
            while (head < end && ids[head] < 0) {
                head++;
                deleted--;
            }
            if (head == end) {
                head = 0;
                end = 0;
                deleted = 0;
                if (ids.length > 64) {
                    ids = new long[4];
                }
            } else if (deleted > 8 && deleted * 2 > end - head) {
                compact();
            }
        }

        private void compact() {
            int n = 0;
            for (int i = head; i < end; i++) {
                if (ids[i] >= 0) {
                    ids[n++] = ids[i];
                }
            }
            head = 0;
            end = n;
            deleted = 0;
            if (ids.length > 64 && n * 4 < ids.length) {
                ids = Arrays.copyOf(ids, Math.max(4, n * 2));
            }
        }
    }

    /**
     * Runs by id. Ids are handed out in order and mostly end and go in order, so the recent ones sit
     * in a ring indexed by id (no hashing, neighbours in memory); the window slides as ids grow and
     * doubles while more than half of it is live. A run still stored when the window passes it (a
     * run queued far ahead, a protected one) moves to a map of older runs.
     */
    static final class RunTable {
        private Run[] window = new Run[1024];
        /** The window holds ids from base to base + window.length - 1. */
        private long base = 1;
        private int windowLive;
        private final HashMap<Long, Run> older = new HashMap<>();

        int size() {
            return windowLive + older.size();
        }

        Run get(long id) {
            if (id >= base) {
                return id - base < window.length ? window[(int) id & (window.length - 1)] : null;
            }
            return older.isEmpty() ? null : older.get(id);
        }

        /** @param r a run whose id is larger than that of every run added before */
        void add(Run r) {
            while (r.id - base >= window.length) {
                int slot = (int) base & (window.length - 1);
                Run oldest = window[slot];
                if (oldest != null) {
                    if (windowLive * 2 > window.length) {
                        grow();
                        continue;
                    }
                    older.put(oldest.id, oldest);
                    window[slot] = null;
                    windowLive--;
                }
                base++;
            }
            window[(int) r.id & (window.length - 1)] = r;
            windowLive++;
        }

        void remove(long id) {
            if (id >= base) {
                int slot = (int) id & (window.length - 1);
                if (id - base < window.length && window[slot] != null) {
                    window[slot] = null;
                    windowLive--;
                }
            } else {
                older.remove(id);
            }
        }

        private void grow() {
            Run[] bigger = new Run[window.length * 2];
            for (Run r : window) {
                if (r != null) {
                    bigger[(int) r.id & (bigger.length - 1)] = r;
                }
            }
            window = bigger;
        }
    }

    /**
     * Queued runs by due time, then id: a run due no earlier than the last one appended joins a
     * sorted line (the usual case: next fires, retries and triggers mostly come in due order), any
     * other goes into a binary heap; the queue's first run is the earlier of the two heads. The
     * keys are kept beside the runs, so that sifting compares numbers in arrays rather than
     * following references (a tie of clamped keys is settled by the runs' exact due times). A run
     * leaves the queue by being marked; marked entries go when they reach a head, or all at once
     * when they are half of the queue.
     */
    static final class DueQueue {
        private Run[] heap = new Run[1024];
        private long[] keys = new long[1024];
        private long[] ids = new long[1024];
        private int heapEntries;
        /** The sorted line, live from lineHead to lineEnd. */
        private Run[] line = new Run[1024];
        private long[] lineKeys = new long[1024];
        private long[] lineIds = new long[1024];
        private int lineHead;
        private int lineEnd;
        /** Marked entries, in the heap and the line. */
        private int marked;
        private final Walk walk = new Walk();

        int size() {
            return heapEntries + lineEnd - lineHead - marked;
        }

        Run first() {
            dropMarkedHeads();
            if (lineHead == lineEnd) {
                return heapEntries == 0 ? null : heap[0];
            }
            return heapEntries == 0 || lineBefore(lineHead, 0) ? line[lineHead] : heap[0];
        }

        void add(Run r) {
            r.queued = true;
            if (lineHead == lineEnd || !r.before(line[lineEnd - 1])) {
                append(r);
                return;
            }
            // A few runs due later at the line's end (one queued far ahead, say) move to the heap,
            // so that the runs after this one can still join the line.
            int k = lineEnd - 1;
            int stop = Math.max(lineHead, lineEnd - MOVABLE);
            while (k > stop && r.before(line[k - 1])) {
                k--;
            }
            if (k == lineHead || !r.before(line[k - 1])) {
                for (int i = k; i < lineEnd; i++) {
                    Run later = line[i];
                    line[i] = null;
                    if (later.queued) {
                        heapAdd(later);
                    } else {
                        marked--;
                    }
                }
                lineEnd = k;
                append(r);
                return;
            }
            heapAdd(r);
        }

        /** The most runs moved from the line's end to the heap to let one run join the line. */
        private static final int MOVABLE = 8;

        private void heapAdd(Run r) {
            if (heapEntries == heap.length) {
                heap = Arrays.copyOf(heap, heapEntries * 2);
                keys = Arrays.copyOf(keys, heapEntries * 2);
                ids = Arrays.copyOf(ids, heapEntries * 2);
            }
            siftUp(heapEntries++, r);
        }

        private void append(Run r) {
            if (lineEnd == line.length) {
                int live = lineEnd - lineHead;
                if (lineHead * 2 >= line.length) {
                    System.arraycopy(line, lineHead, line, 0, live);
                    System.arraycopy(lineKeys, lineHead, lineKeys, 0, live);
                    System.arraycopy(lineIds, lineHead, lineIds, 0, live);
                    Arrays.fill(line, live, lineEnd, null);
                } else {
                    line = Arrays.copyOfRange(line, lineHead, lineHead + line.length * 2);
                    lineKeys = Arrays.copyOfRange(lineKeys, lineHead, lineHead + lineKeys.length * 2);
                    lineIds = Arrays.copyOfRange(lineIds, lineHead, lineHead + lineIds.length * 2);
                }
                lineHead = 0;
                lineEnd = live;
            }
            line[lineEnd] = r;
            lineKeys[lineEnd] = r.dueKey;
            lineIds[lineEnd] = r.id;
            lineEnd++;
        }

        /** Takes a queued run out of the queue. */
        void remove(Run r) {
            r.queued = false;
            marked++;
            dropMarkedHeads();
            if (marked > 1024 && marked * 2 > heapEntries + lineEnd - lineHead) {
                rebuild();
            }
        }

        void addTo(List<RunRecord> out) {
            for (int i = 0; i < heapEntries; i++) {
                if (heap[i].queued) {
                    out.add(heap[i].rec);
                }
            }
            for (int i = lineHead; i < lineEnd; i++) {
                if (line[i].queued) {
                    out.add(line[i].rec);
                }
            }
        }

        private void dropMarkedHeads() {
            while (heapEntries > 0 && !heap[0].queued) {
                marked--;
                Run last = heap[--heapEntries];
                heap[heapEntries] = null;
                if (heapEntries > 0) {
                    siftDown(0, last);
                }
            }
            while (lineHead < lineEnd && !line[lineHead].queued) {
                marked--;
                line[lineHead++] = null;
            }
            if (lineHead == lineEnd) {
                lineHead = 0;
                lineEnd = 0;
            }
        }

        /** Keeps the unmarked entries: the line in its order, the heap restored bottom-up. */
        private void rebuild() {
            int n = 0;
            for (int i = lineHead; i < lineEnd; i++) {
                if (line[i].queued) {
                    line[n] = line[i];
                    lineKeys[n] = lineKeys[i];
                    lineIds[n] = lineIds[i];
                    n++;
                }
            }
            Arrays.fill(line, n, lineEnd, null);
            lineHead = 0;
            lineEnd = n;
            n = 0;
            for (int i = 0; i < heapEntries; i++) {
                if (heap[i].queued) {
                    heap[n] = heap[i];
                    keys[n] = keys[i];
                    ids[n] = ids[i];
                    n++;
                }
            }
            Arrays.fill(heap, n, heapEntries, null);
            heapEntries = n;
            marked = 0;
            for (int i = (n >>> 1) - 1; i >= 0; i--) {
                siftDown(i, heap[i]);
            }
        }

        /** Whether line entry {@code i} comes before heap entry {@code j}. */
        private boolean lineBefore(int i, int j) {
            long k = lineKeys[i];
            if (k != keys[j]) {
                return k < keys[j];
            }
            return k == Long.MAX_VALUE || k == Long.MIN_VALUE ? line[i].before(heap[j]) : lineIds[i] < ids[j];
        }

        /** Whether the entry at {@code i} comes before run {@code r}. */
        private boolean before(int i, Run r) {
            long k = keys[i];
            if (k != r.dueKey) {
                return k < r.dueKey;
            }
            return k == Long.MAX_VALUE || k == Long.MIN_VALUE ? heap[i].before(r) : ids[i] < r.id;
        }

        /** Whether the entry at {@code i} comes before the one at {@code j}. */
        private boolean before(int i, int j) {
            long k = keys[i];
            if (k != keys[j]) {
                return k < keys[j];
            }
            return k == Long.MAX_VALUE || k == Long.MIN_VALUE ? heap[i].before(heap[j]) : ids[i] < ids[j];
        }

        private void siftUp(int i, Run r) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (before(parent, r)) {
                    break;
                }
                heap[i] = heap[parent];
                keys[i] = keys[parent];
                ids[i] = ids[parent];
                i = parent;
            }
            heap[i] = r;
            keys[i] = r.dueKey;
            ids[i] = r.id;
        }

        private void siftDown(int i, Run r) {
            int half = heapEntries >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < heapEntries && before(right, child)) {
                    child = right;
                }
                if (!before(child, r)) {
                    break;
                }
                heap[i] = heap[child];
                keys[i] = keys[child];
                ids[i] = ids[child];
                i = child;
            }
            heap[i] = r;
            keys[i] = r.dueKey;
            ids[i] = r.id;
        }

        /** @return a walk over the queue in due order, valid until the queue next changes */
        Walk walk() {
            walk.start();
            return walk;
        }

        /**
         * Visits the queue in order without changing it: the line from its head, merged with the
         * heap, which is walked with a small heap of frontier indices starting at the root (taking
         * one adds its two children). Costs O(log k) per heap entry visited.
         */
        final class Walk {
            private int[] frontier = new int[16];
            private int count;
            private int lineNext;

            void start() {
                count = 0;
                lineNext = lineHead;
                if (heapEntries > 0) {
                    push(0);
                }
            }

            Run next() {
                if (lineNext < lineEnd && (count == 0 || lineBefore(lineNext, frontier[0]))) {
                    return line[lineNext++];
                }
                if (count == 0) {
                    return null;
                }
                int top = frontier[0];
                int last = frontier[--count];
                if (count > 0) {
                    down(last);
                }
                int child = 2 * top + 1;
                if (child < heapEntries) {
                    push(child);
                    if (child + 1 < heapEntries) {
                        push(child + 1);
                    }
                }
                return heap[top];
            }

            private void push(int index) {
                if (count == frontier.length) {
                    frontier = Arrays.copyOf(frontier, count * 2);
                }
                int i = count++;
                while (i > 0) {
                    int parent = (i - 1) >>> 1;
                    if (!before(index, frontier[parent])) {
                        break;
                    }
                    frontier[i] = frontier[parent];
                    i = parent;
                }
                frontier[i] = index;
            }

            private void down(int index) {
                int i = 0;
                int half = count >>> 1;
                while (i < half) {
                    int child = 2 * i + 1;
                    int right = child + 1;
                    if (right < count && before(frontier[right], frontier[child])) {
                        child = right;
                    }
                    if (!before(frontier[child], index)) {
                        break;
                    }
                    frontier[i] = frontier[child];
                    i = child;
                }
                frontier[i] = index;
            }
        }
    }

    /** Runs in one live state (running, or waiting for children); each run knows its index. */
    static final class LiveList {
        Run[] runs = new Run[16];
        int size;

        void add(Run r) {
            if (size == runs.length) {
                runs = Arrays.copyOf(runs, size * 2);
            }
            r.liveIndex = size;
            runs[size++] = r;
        }

        void remove(Run r) {
            int i = r.liveIndex;
            Run last = runs[--size];
            runs[i] = last;
            last.liveIndex = i;
            runs[size] = null;
            r.liveIndex = -1;
        }

        void addTo(List<RunRecord> out) {
            for (int i = 0; i < size; i++) {
                out.add(runs[i].rec);
            }
        }
    }
}
