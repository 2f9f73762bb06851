package dev.vigil.core.store;

import dev.vigil.spi.ConcurrencyPolicy;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The embedded default store: everything in this JVM's heap, nothing survives a restart. Queued
 * runs sit in a set ordered by due time, so finding due work costs O(log n) and never a scan of
 * every definition. One lock guards everything; each method is one atomic step.
 *
 * <p>Thread-safe. Time comes from the clock given at construction (the engine's clock by default),
 * so a test drives leases and due times with a manual clock.
 */
public final class InMemoryJobStore implements JobStore {

    private static final Set<RunState> ACTIVE = EnumSet.of(RunState.QUEUED, RunState.RUNNING,
            RunState.WAITING_FOR_CHILDREN);
    private static final Comparator<RunRecord> BY_DUE = Comparator.comparing(RunRecord::dueAt)
            .thenComparingLong(RunRecord::id);

    private final Clock clock;
    private final Object lock = new Object();

    private final TreeMap<String, JobDefinition> definitions = new TreeMap<>();
    private final TreeMap<Long, RunRecord> runs = new TreeMap<>();
    private final TreeSet<RunRecord> queued = new TreeSet<>(BY_DUE);
    private final Set<Long> running = new HashSet<>();
    private final Set<Long> waiting = new HashSet<>();
    private final Map<String, Set<Long>> runIdsByDefinition = new HashMap<>();
    /** Definitions with a queued run that carries the schedule. */
    private final Set<String> queuedScheduleCarriers = new HashSet<>();
    /** Definitions with a queued non-child QUEUE_ONE run. */
    private final Set<String> queuedQueueOne = new HashSet<>();
    /** Mutex keys held by running runs. */
    private final Set<String> heldMutexes = new HashSet<>();
    /** Non-child runs RUNNING or WAITING_FOR_CHILDREN, per definition. */
    private final Map<String, Integer> activeByDefinition = new HashMap<>();
    /** RUNNING children, per parent. */
    private final Map<Long, Integer> runningChildren = new HashMap<>();
    /** Per definition, the id of its newest schedule-carrying run. */
    private final Map<String, Long> newestScheduleCarrier = new HashMap<>();
    private final TreeMap<String, String> settings = new TreeMap<>();
    private long lastRunId;
    private long lastToken;

    /** @param clock the store's time source; not null */
    public InMemoryJobStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
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
            definitions.put(definition.id(), definition);
        }
    }

    @Override
    public boolean insertDefinitionIfAbsent(JobDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        synchronized (lock) {
            return definitions.putIfAbsent(definition.id(), definition) == null;
        }
    }

    @Override
    public Optional<JobDefinition> findDefinition(String id) {
        synchronized (lock) {
            return Optional.ofNullable(definitions.get(id));
        }
    }

    @Override
    public List<JobDefinition> definitions() {
        synchronized (lock) {
            return List.copyOf(definitions.values());
        }
    }

    @Override
    public boolean deleteDefinition(String id) {
        synchronized (lock) {
            if (definitions.remove(id) == null) {
                return false;
            }
            for (Long runId : List.copyOf(runIdsByDefinition.getOrDefault(id, Set.of()))) {
                RunRecord r = runs.get(runId);
                if (r.state() == RunState.QUEUED) {
                    end(r, RunState.CANCELLED, "definition deleted");
                }
            }
            return true;
        }
    }

    // ---- runs --------------------------------------------------------------------------------

    @Override
    public Optional<RunRecord> enqueue(NewRun run) {
        Objects.requireNonNull(run, "run");
        synchronized (lock) {
            return Optional.ofNullable(insertIfAllowed(run));
        }
    }

    private RunRecord insertIfAllowed(NewRun run) {
        boolean child = run.parentRunId() != null;
        if (run.origin().carriesSchedule() && queuedScheduleCarriers.contains(run.definitionId())) {
            return null;
        }
        boolean queueOne = !child && run.concurrency() == ConcurrencyPolicy.QUEUE_ONE;
        if (queueOne && !run.origin().carriesSchedule() && queuedQueueOne.contains(run.definitionId())) {
            return null;
        }
        RunRecord r = new RunRecord(++lastRunId, run.definitionId(), run.jobType(), run.origin(), run.parentRunId(),
                run.attempt(), RunState.QUEUED, run.scheduledTime(), run.dueAt(), null, null, null, null, 0,
                run.mutexKey(), run.concurrency(), run.timeout(), run.parameters(), RunCounts.ZERO, "", List.of(),
                0, 0, 0, Integer.MAX_VALUE, false);
        runs.put(r.id(), r);
        queued.add(r);
        runIdsByDefinition.computeIfAbsent(r.definitionId(), k -> new HashSet<>()).add(r.id());
        if (run.origin().carriesSchedule()) {
            queuedScheduleCarriers.add(r.definitionId());
            newestScheduleCarrier.put(r.definitionId(), r.id());
        } else if (queueOne) {
            queuedQueueOne.add(r.definitionId());
        }
        return r;
    }

    @Override
    public List<RunRecord> enqueueChildren(long parentRunId, List<NewRun> children, int maxParallel) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1, was " + maxParallel);
        }
        synchronized (lock) {
            RunRecord parent = runs.get(parentRunId);
            if (parent == null || parent.state() != RunState.RUNNING) {
                throw new IllegalStateException("Run " + parentRunId + " is not running, so it cannot spawn children"
                        + (parent == null ? " (unknown run)" : " (it is " + parent.state() + ")"));
            }
            List<RunRecord> out = new ArrayList<>(children.size());
            for (NewRun child : children) {
                if (child.parentRunId() == null || child.parentRunId() != parentRunId) {
                    throw new IllegalArgumentException("Child run does not name parent " + parentRunId);
                }
                out.add(insertIfAllowed(child));
            }
            runs.put(parentRunId, parent.toBuilder().childrenTotal(parent.childrenTotal() + out.size())
                    .childParallelism(maxParallel).build());
            return out;
        }
    }

    @Override
    public ClaimResult claimDue(String owner, int limit, Duration lease) {
        Objects.requireNonNull(owner, "owner");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        synchronized (lock) {
            Instant now = now();
            List<RunRecord> claimed = new ArrayList<>();
            List<RunRecord> skipped = new ArrayList<>();
            Iterator<RunRecord> it = queued.iterator();
            while (it.hasNext() && claimed.size() < limit) {
                RunRecord r = it.next();
                if (r.dueAt().isAfter(now)) {
                    break;
                }
                ClaimRules.Decision decision = ClaimRules.decide(r, held);
                if (decision == ClaimRules.Decision.WAIT) {
                    continue;
                }
                if (decision == ClaimRules.Decision.SKIP) {
                    it.remove();
                    skipped.add(endRemovedFromQueue(r, RunState.SKIPPED, ClaimRules.skipMessage(r)));
                    continue;
                }
                it.remove();
                RunRecord running = r.toBuilder().state(RunState.RUNNING).owner(owner).startedAt(now)
                        .leaseUntil(now.plus(lease)).fencingToken(++lastToken).build();
                unqueued(r);
                runs.put(r.id(), running);
                markActive(running, +1);
                claimed.add(running);
            }
            return new ClaimResult(claimed, skipped);
        }
    }

    /** The claim rules' view of this store; read under the lock. */
    private final ClaimRules.Held held = new ClaimRules.Held() {
        @Override
        public boolean mutexHeld(String key) {
            return heldMutexes.contains(key);
        }

        @Override
        public boolean definitionActive(String definitionId) {
            return activeByDefinition.getOrDefault(definitionId, 0) > 0;
        }

        @Override
        public int runningChildren(long parentRunId) {
            return runningChildren.getOrDefault(parentRunId, 0);
        }

        @Override
        public int childParallelism(long parentRunId) {
            RunRecord parent = runs.get(parentRunId);
            return parent == null ? Integer.MAX_VALUE : parent.childParallelism();
        }
    };

    @Override
    public Optional<Instant> nextDueTime() {
        synchronized (lock) {
            return queued.isEmpty() ? Optional.empty() : Optional.of(queued.first().dueAt());
        }
    }

    @Override
    public HeartbeatResult heartbeat(String owner, Collection<Long> runIds, Duration lease) {
        synchronized (lock) {
            Instant until = now().plus(lease);
            Set<Long> lost = new HashSet<>();
            Set<Long> cancel = new HashSet<>();
            for (Long id : runIds) {
                RunRecord r = runs.get(id);
                if (r == null || r.state() != RunState.RUNNING || !owner.equals(r.owner())) {
                    lost.add(id);
                    continue;
                }
                runs.put(id, r.toBuilder().leaseUntil(until).build());
                if (r.cancelRequested()) {
                    cancel.add(id);
                }
            }
            return new HeartbeatResult(lost, cancel);
        }
    }

    @Override
    public CompletionResult complete(RunCompletion c) {
        synchronized (lock) {
            Instant now = now();
            RunRecord r = runs.get(c.runId());
            if (r == null || r.state() != RunState.RUNNING || !c.owner().equals(r.owner())
                    || r.fencingToken() != c.fencingToken()
                    || c.onlyIfLeaseExpired() && !r.leaseUntil().isBefore(now)) {
                return CompletionResult.REJECTED;
            }
            boolean waiting = c.state() == RunState.WAITING_FOR_CHILDREN;
            markActive(r, -1);
            RunRecord done = r.toBuilder().state(c.state()).counts(r.counts().plus(c.counts())).message(c.message())
                    .itemErrors(c.itemErrors()).endedAt(waiting ? null : now).leaseUntil(null).build();
            runs.put(r.id(), done);
            if (waiting) {
                this.waiting.add(r.id());
            }
            if (waiting && r.parentRunId() == null) {
                // A waiting parent still counts as active for its definition's concurrency policy.
                activeByDefinition.merge(r.definitionId(), 1, Integer::sum);
            }
            for (NewRun followUp : c.followUps()) {
                insertIfAllowed(followUp);
            }
            Long ready = null;
            if (waiting && done.childrenDone()) {
                ready = done.id();
            }
            if (!waiting && r.parentRunId() != null) {
                ready = childEnded(done);
            }
            return CompletionResult.accepted(runs.get(r.id()), ready);
        }
    }

    /** Adds an ended child to its parent; returns the parent's id if it now waits with all children done. */
    private Long childEnded(RunRecord child) {
        RunRecord parent = runs.get(child.parentRunId());
        if (parent == null) {
            return null;
        }
        boolean failed = switch (child.state()) {
            case FAILED, TIMED_OUT, CANCELLED, ABANDONED -> true;
            default -> false;
        };
        RunRecord updated = parent.toBuilder().counts(parent.counts().plus(child.counts()))
                .childrenFinished(parent.childrenFinished() + 1)
                .childrenFailed(parent.childrenFailed() + (failed ? 1 : 0)).build();
        runs.put(parent.id(), updated);
        return updated.state() == RunState.WAITING_FOR_CHILDREN && updated.childrenDone() ? updated.id() : null;
    }

    @Override
    public boolean finishParent(long runId, RunState state, String message, List<NewRun> followUps) {
        if (!state.isTerminal()) {
            throw new IllegalArgumentException("A parent must finish in a terminal state, not " + state);
        }
        synchronized (lock) {
            RunRecord r = runs.get(runId);
            if (r == null || r.state() != RunState.WAITING_FOR_CHILDREN || !r.childrenDone()) {
                return false;
            }
            if (r.parentRunId() == null) {
                activeByDefinition.merge(r.definitionId(), -1, Integer::sum);
                activeByDefinition.remove(r.definitionId(), 0);
            }
            RunRecord done = r.toBuilder().state(state).message(message).endedAt(now()).build();
            runs.put(runId, done);
            waiting.remove(runId);
            for (NewRun followUp : followUps) {
                insertIfAllowed(followUp);
            }
            if (r.parentRunId() != null) {
                childEnded(done);
            }
            return true;
        }
    }

    @Override
    public List<RunRecord> expiredLeases(int limit) {
        synchronized (lock) {
            Instant now = now();
            List<RunRecord> out = new ArrayList<>();
            for (Long id : running) {
                RunRecord r = runs.get(id);
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
            RunRecord r = runs.get(runId);
            if (r == null || r.state().isTerminal()) {
                return false;
            }
            if (r.state() == RunState.QUEUED) {
                end(r, RunState.CANCELLED, "cancelled before it started");
            } else {
                runs.put(runId, r.toBuilder().cancelRequested(true).build());
            }
            return true;
        }
    }

    @Override
    public Optional<RunRecord> findRun(long runId) {
        synchronized (lock) {
            return Optional.ofNullable(runs.get(runId));
        }
    }

    @Override
    public List<RunRecord> runs(RunQuery q) {
        synchronized (lock) {
            Iterable<RunRecord> candidates;
            if (q.definitionId() != null) {
                candidates = newestFirst(runIdsByDefinition.getOrDefault(q.definitionId(), Set.of()), q.beforeId());
            } else if (!q.states().isEmpty() && ACTIVE.containsAll(q.states())) {
                // Live runs are few; do not walk the whole history to find them.
                Set<Long> ids = new HashSet<>();
                if (q.states().contains(RunState.RUNNING)) {
                    ids.addAll(running);
                }
                if (q.states().contains(RunState.WAITING_FOR_CHILDREN)) {
                    ids.addAll(waiting);
                }
                if (q.states().contains(RunState.QUEUED)) {
                    queued.forEach(r -> ids.add(r.id()));
                }
                candidates = newestFirst(ids, q.beforeId());
            } else {
                NavigableMap<Long, RunRecord> view = q.beforeId() > 0 ? runs.headMap(q.beforeId(), false) : runs;
                candidates = view.descendingMap().values();
            }
            List<RunRecord> out = new ArrayList<>();
            for (RunRecord r : candidates) {
                if (matches(q, r)) {
                    out.add(r);
                    if (out.size() == q.limit()) {
                        break;
                    }
                }
            }
            return Collections.unmodifiableList(out);
        }
    }

    private List<RunRecord> newestFirst(Collection<Long> ids, long beforeId) {
        List<RunRecord> out = new ArrayList<>(ids.size());
        for (Long id : ids) {
            if (beforeId == 0 || id < beforeId) {
                out.add(runs.get(id));
            }
        }
        out.sort(Comparator.comparingLong(RunRecord::id).reversed());
        return out;
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
            int deleted = 0;
            Iterator<RunRecord> it = runs.values().iterator();
            while (it.hasNext() && deleted < limit) {
                RunRecord r = it.next();
                if (!r.state().isTerminal() || r.endedAt() == null || !r.endedAt().isBefore(endedBefore)
                        || !r.childrenDone() || Objects.equals(newestScheduleCarrier.get(r.definitionId()), r.id())) {
                    continue;
                }
                it.remove();
                Set<Long> ids = runIdsByDefinition.get(r.definitionId());
                ids.remove(r.id());
                if (ids.isEmpty()) {
                    runIdsByDefinition.remove(r.definitionId());
                }
                deleted++;
            }
            return deleted;
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
    private void end(RunRecord queuedRun, RunState state, String message) {
        queued.remove(queuedRun);
        RunRecord done = endRemovedFromQueue(queuedRun, state, message);
        if (done.parentRunId() != null) {
            childEnded(done);
        }
    }

    private RunRecord endRemovedFromQueue(RunRecord r, RunState state, String message) {
        unqueued(r);
        RunRecord done = r.toBuilder().state(state).message(message).endedAt(now()).build();
        runs.put(r.id(), done);
        return done;
    }

    private void unqueued(RunRecord r) {
        if (r.origin().carriesSchedule()) {
            queuedScheduleCarriers.remove(r.definitionId());
        } else if (r.parentRunId() == null && r.concurrency() == ConcurrencyPolicy.QUEUE_ONE) {
            queuedQueueOne.remove(r.definitionId());
        }
    }

    /** Tracks what a RUNNING run holds: its mutex, its definition's activity, its parent's slot. */
    private void markActive(RunRecord r, int delta) {
        if (delta > 0) {
            running.add(r.id());
        } else {
            running.remove(r.id());
        }
        if (r.mutexKey() != null) {
            if (delta > 0) {
                heldMutexes.add(r.mutexKey());
            } else {
                heldMutexes.remove(r.mutexKey());
            }
        }
        if (r.parentRunId() != null) {
            runningChildren.merge(r.parentRunId(), delta, Integer::sum);
            runningChildren.remove(r.parentRunId(), 0);
        } else {
            activeByDefinition.merge(r.definitionId(), delta, Integer::sum);
            activeByDefinition.remove(r.definitionId(), 0);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "InMemoryJobStore[definitions=" + definitions.size() + ", runs=" + runs.size() + ", queued="
                    + queued.size() + "]";
        }
    }

    /** @return how many runs are queued; for diagnostics and tests */
    public int queuedCount() {
        synchronized (lock) {
            return queued.size();
        }
    }
}
