package dev.vigil.core;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.JobCancelledException;
import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.JobParameters;
import dev.vigil.spi.JobPolicies;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.RetryPolicy;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.Settings;
import dev.vigil.spi.UnknownJobException;
import dev.vigil.spi.VigilException;
import dev.vigil.spi.VigilListener;
import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.audit.AuditSink;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The engine's machinery behind {@link Vigil}: executing one run from claim to fenced completion,
 * follow-up runs (next fire, retry), children, heartbeats and recovery. Package-private; the host
 * talks to {@link Vigil}.
 */
final class Engine {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    /** The most completions written to the store in one call. */
    private static final int COMPLETION_BATCH = 64;

    final JobStore store;
    final Clock clock;
    final Map<Class<?>, Object> services;
    final Settings settings;
    final JobRegistry registry;
    final SchedulePlanner planner;
    final VigilListener listener;
    final String nodeId;
    final Duration lease;
    private final AuditSink auditSink;
    private final RandomGenerator random;
    private final Map<Long, ActiveRun> active = new ConcurrentHashMap<>();
    /** Runs this node has claimed and not yet finished executing (handed to a worker or running). */
    private final Set<Long> claimed = ConcurrentHashMap.newKeySet();
    /**
     * Claimed runs that have not begun: a run handed to a busy executor waits here, and its lease was
     * lost or its cancellation asked while it waited, it does not begin.
     */
    private final Map<Long, Waiting> notBegun = new ConcurrentHashMap<>();
    private final CompletionWriter<Finished> completions = new CompletionWriter<>(COMPLETION_BATCH, this::record);
    private final Object timerLock = new Object();
    private ScheduledExecutorService timer;
    private volatile ScheduledFuture<?> heartbeatTask;
    private volatile Runnable wakeDispatcher = () -> { };

    Engine(JobStore store, Clock clock, Map<Class<?>, Object> services, JobRegistry registry, VigilListener listener,
           AuditSink auditSink, String nodeId, Duration lease, RandomGenerator random) {
        this.store = store;
        this.clock = clock;
        this.services = Map.copyOf(services);
        this.settings = new StoreSettings(store);
        this.registry = registry;
        this.listener = listener;
        this.planner = new SchedulePlanner(clock.getZone(), listener);
        this.auditSink = auditSink;
        this.nodeId = nodeId;
        this.lease = lease;
        this.random = random;
    }

    void onWake(Runnable hook) {
        this.wakeDispatcher = hook;
    }

    void wake() {
        wakeDispatcher.run();
    }

    int activeCount() {
        return active.size();
    }

    /** @return whether every run this node claimed has ended and its completion is written (or given up) */
    boolean idle() {
        return claimed.isEmpty() && active.isEmpty() && !completions.busy();
    }

    Optional<ActiveRun> activeRun(long runId) {
        return Optional.ofNullable(active.get(runId));
    }

    // ---- running what is due on the calling thread -----------------------------------------

    /** Claims and runs everything due now, one run at a time on this thread. */
    int runDue() {
        int ran = 0;
        while (true) {
            ClaimResult claim = store.claimDue(nodeId, 16, lease);
            claim.claimed().forEach(this::claimed);
            for (RunRecord run : claim.claimed()) {
                execute(run);
                ran++;
            }
            claim.skipped().forEach(this::afterSkipped);
            if (claim.claimed().isEmpty()) {
                return ran;
            }
        }
    }

    /** Notes that this node claimed the run; call before handing it to a worker. */
    void claimed(RunRecord run) {
        claimed.add(run.id());
        notBegun.put(run.id(), Waiting.WAITING);
    }

    /**
     * Runs the store says this node holds but that it never received: a claim committed whose
     * reply was lost (the connection broke after the commit). The caller executes them; their
     * leases are this node's.
     */
    List<RunRecord> orphans() {
        List<RunRecord> out = new ArrayList<>();
        for (RunRecord r : store.runs(RunQuery.all().states(RunState.RUNNING).limit(RunQuery.MAX_LIMIT))) {
            if (nodeId.equals(r.owner()) && !claimed.contains(r.id())) {
                log.warn("Run {} of {} was claimed by this node but the reply was lost; running it now", r.id(),
                        r.jobType());
                claimed(r);
                out.add(r);
            }
        }
        return out;
    }

    /** Forgets a claimed run this node will not execute (its executor refused it); its lease will expire. */
    void dropClaim(RunRecord run) {
        notBegun.remove(run.id());
        claimed.remove(run.id());
    }

    // ---- one run ---------------------------------------------------------------------------

    /** Runs a claimed run to its fenced completion. Never throws. */
    void execute(RunRecord run) {
        MDC.put("vigil.runId", Long.toString(run.id()));
        MDC.put("vigil.definitionId", run.definitionId());
        MDC.put("vigil.jobType", run.jobType());
        try {
            executeClaimed(run);
        } catch (RuntimeException e) {
            storeFailed(run, e);
        } finally {
            active.remove(run.id());
            MDC.remove("vigil.runId");
            MDC.remove("vigil.definitionId");
            MDC.remove("vigil.jobType");
            wake();
        }
    }

    private void executeClaimed(RunRecord run) {
        Waiting stoppedEarly = notBegun.remove(run.id());
        if (stoppedEarly == Waiting.LEASE_LOST) {
            log.warn("Run {} of {} lost its lease before it began; not running it", run.id(), run.jobType());
            claimed.remove(run.id());
            return;
        }
        if (stoppedEarly == Waiting.CANCELLED) {
            finish(run, RunState.CANCELLED, RunCounts.ZERO, "cancelled before it began", List.of(), List.of());
            return;
        }
        Instant now = clock.instant();
        Optional<JobRegistry.Entry> type = registry.find(run.jobType());
        // Only a run that carries the schedule needs its definition now (enabled, misfire, next fire);
        // a failed run reads it later for its retry policy.
        JobDefinition definition = !run.origin().carriesSchedule() ? null : retrying("read definition "
                + run.definitionId(), () -> store.findDefinition(run.definitionId())).orElse(null);
        if (type.isEmpty()) {
            finish(run, RunState.FAILED, RunCounts.ZERO, "unknown job type " + run.jobType()
                    + " (is its module on the class path?)", List.of(), List.of());
            return;
        }
        Instant scheduled = run.scheduledTime();
        if (run.origin().carriesSchedule()) {
            if (definition == null || !definition.enabled() || type.get().disabledReason().isPresent()) {
                finish(run, RunState.SKIPPED, RunCounts.ZERO, "definition " + run.definitionId()
                        + " is deleted or disabled", List.of(), List.of());
                return;
            }
        }
        if (run.origin() == RunOrigin.SCHEDULED) {
            if (SchedulePlanner.isLate(run.dueAt(), now, definition.policies().misfire())) {
                SchedulePlanner.Misfire m = planner.resolve(planner.compile(definition.schedule()),
                        definition.policies().misfire(), run.scheduledTime(), now);
                listener.misfire(definition.id(), run.scheduledTime(), m.missed(), definition.policies().misfire());
                if (m.runAt() == null) {
                    List<NewRun> next = m.nextFuture() == null ? List.of()
                            : planner.nextRun(definition, m.nextFuture().minusNanos(1), now).stream().toList();
                    finish(run, RunState.SKIPPED, RunCounts.ZERO, m.missed() + " missed fire(s) skipped by the"
                            + " misfire policy", List.of(), next);
                    return;
                }
                scheduled = m.runAt();
            }
        }
        if (type.get().disabledReason().isPresent()) {
            finish(run, RunState.FAILED, RunCounts.ZERO, "job type " + run.jobType() + " is disabled: "
                    + type.get().disabledReason().get(), List.of(), List.of());
            return;
        }
        JobParameters parameters;
        try {
            parameters = JobParameters.validate(run.jobType(), type.get().descriptor().parameters(), run.parameters());
        } catch (InvalidParameterException e) {
            finishWithFollowUps(run, definition, scheduled, RunState.FAILED, RunCounts.ZERO, e.getMessage(), List.of());
            return;
        }
        Instant deadline = run.timeout().isZero() ? null : run.startedAt().plus(run.timeout());
        ActiveRun activeRun = new ActiveRun(run, deadline, System.nanoTime() + lease.toNanos());
        activeRun.attach(Thread.currentThread());
        active.put(run.id(), activeRun);
        ensureHeartbeat();
        scheduleTimeout(activeRun);
        listener.runStarted(run);
        if (log.isDebugEnabled()) {
            log.debug("Run {} of {} started (origin {}, attempt {})", run.id(), run.jobType(), run.origin(),
                    run.attempt());
        }

        EngineJobContext context = new EngineJobContext(this, activeRun, scheduled, parameters);
        JobResult result = null;
        Throwable thrown = null;
        try {
            result = type.get().job().run(context);
            if (result == null) {
                thrown = new IllegalStateException("job returned no result");
            }
        } catch (Throwable t) {
            thrown = t;
        } finally {
            activeRun.detach();
            Thread.interrupted();
        }

        ActiveRun.StopReason stop = activeRun.stopReason(clock.instant());
        RunState state;
        RunCounts counts = result == null ? RunCounts.ZERO : result.counts();
        List<ItemError> errors = result == null ? List.of() : result.itemErrors();
        String message;
        if (stop == ActiveRun.StopReason.TIMED_OUT) {
            state = RunState.TIMED_OUT;
            message = "timed out after " + run.timeout();
        } else if (stop != null && (thrown != null || result == null)) {
            state = RunState.CANCELLED;
            message = stop == ActiveRun.StopReason.SHUTDOWN ? "cancelled by engine shutdown"
                    : stop == ActiveRun.StopReason.LEASE_LOST ? "cancelled: this node lost the lease" : "cancelled";
        } else if (thrown != null) {
            state = RunState.FAILED;
            message = describe(thrown);
            if (thrown instanceof JobCancelledException) {
                state = RunState.CANCELLED;
            } else {
                log.warn("Run {} of {} failed", run.id(), run.jobType(), thrown);
            }
        } else {
            state = result.outcome().toRunState();
            message = result.message();
            if (result.itemErrorsDropped() > 0) {
                message = message + (message.isEmpty() ? "" : "; ") + result.itemErrorsDropped()
                        + " further item error(s) not kept";
            }
        }
        if (activeRun.spawnedChildren() && state != RunState.FAILED && state != RunState.CANCELLED
                && state != RunState.TIMED_OUT) {
            state = RunState.WAITING_FOR_CHILDREN;
        }
        finishWithFollowUps(run, definition, scheduled, state, counts, message, errors);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /** Completes a run with its next fire and, if its outcome asks for one, a retry. */
    private void finishWithFollowUps(RunRecord run, JobDefinition definition, Instant scheduled, RunState state,
                                     RunCounts counts, String message, List<ItemError> errors) {
        List<NewRun> followUps = new ArrayList<>(2);
        Instant now = clock.instant();
        if (run.origin().carriesSchedule() && definition != null) {
            planner.nextRun(definition, scheduled, now).ifPresent(followUps::add);
        }
        Optional<NewRun> retry = retryOf(run, definition, state, now);
        if (retry.isPresent()) {
            followUps.add(retry.get());
            message = message + (message.isEmpty() ? "" : "; ") + "attempt " + retry.get().attempt() + " due "
                    + retry.get().dueAt();
        }
        finish(run, state, counts, message, errors, followUps);
    }

    private Optional<NewRun> retryOf(RunRecord run, JobDefinition definition, RunState state, Instant now) {
        if (run.parentRunId() != null) {
            return Optional.empty();
        }
        RetryPolicy.RetryOn on = switch (state) {
            case FAILED -> RetryPolicy.RetryOn.FAILED;
            case TIMED_OUT -> RetryPolicy.RetryOn.TIMED_OUT;
            case ABANDONED -> RetryPolicy.RetryOn.ABANDONED;
            default -> null;
        };
        if (on == null) {
            return Optional.empty();
        }
        if (definition == null && !run.origin().carriesSchedule()) {
            definition = retrying("read definition " + run.definitionId(),
                    () -> store.findDefinition(run.definitionId())).orElse(null);
        }
        JobPolicies policies = definition != null ? definition.policies()
                : registry.find(run.jobType()).map(e -> e.descriptor().defaultPolicies()).orElse(JobPolicies.defaults());
        if (!policies.retry().shouldRetry(on, run.attempt())) {
            return Optional.empty();
        }
        Duration delay = policies.retry().delayAfter(run.attempt(), random::nextDouble);
        return Optional.of(new NewRun(run.definitionId(), run.jobType(), RunOrigin.RETRY, null, run.attempt() + 1,
                run.scheduledTime(), now.plus(delay), run.mutexKey(), run.concurrency(), run.timeout(),
                run.parameters()));
    }

    private void finish(RunRecord run, RunState state, RunCounts counts, String message, List<ItemError> errors,
                        List<NewRun> followUps) {
        completions.submit(new Finished(run, new RunCompletion(run.id(), run.owner(), run.fencingToken(), state, counts,
                message, errors, followUps, false)));
    }

    /** A run's completion on its way to the store. */
    private record Finished(RunRecord run, RunCompletion completion) {
    }

    /** What became of a claimed run while it waited for a worker. */
    private enum Waiting { WAITING, LEASE_LOST, CANCELLED }

    /** Writes a batch of completions (on the thread of a worker, see {@link CompletionWriter}); never throws. */
    private void record(List<Finished> batch) {
        List<CompletionResult> results;
        try {
            List<RunCompletion> all = batch.stream().map(Finished::completion).toList();
            results = retrying(batch.size() == 1 ? "record the end of run " + batch.get(0).run().id()
                    : "record the end of " + batch.size() + " runs", () -> store.completeAll(all));
        } catch (RuntimeException e) {
            batch.forEach(f -> storeFailed(f.run(), e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            RunRecord run = batch.get(i).run();
            try {
                afterCompletion(run, batch.get(i).completion().state(), results.get(i));
            } catch (RuntimeException e) {
                log.error("Run {} of {}: its completion was recorded, but what follows it failed ({})", run.id(),
                        run.jobType(), e.getMessage(), e);
            } finally {
                claimed.remove(run.id());
            }
        }
    }

    /** The store failed for good around a run: its lease will expire and the watchdog ends it. */
    private void storeFailed(RunRecord run, RuntimeException e) {
        log.error("Run {} of {}: the store failed ({}); if the run is still recorded as running, its lease"
                + " will expire and the watchdog will end it", run.id(), run.jobType(), e.getMessage(), e);
        claimed.remove(run.id());
    }

    private void afterCompletion(RunRecord run, RunState state, CompletionResult result) {
        if (!result.accepted()) {
            log.warn("Run {} of {} ended {} but its completion was rejected: this node no longer holds its lease",
                    run.id(), run.jobType(), state);
            return;
        }
        log.debug("Run {} of {} ended {}", run.id(), run.jobType(), state);
        result.ended().ifPresent(listener::runFinished);
        result.parentReadyToFinish().ifPresent(this::finishParent);
    }

    /**
     * Calls the store, retrying with backoff while it fails — for up to the lease length, after
     * which another node's watchdog owns a run anyway and fencing would reject this node. Mistakes
     * in the call itself (illegal arguments or state) are not retried.
     */
    private <T> T retrying(String what, Supplier<T> call) {
        long deadline = System.nanoTime() + lease.toNanos();
        long backoffMillis = 100;
        while (true) {
            try {
                return call.get();
            } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
                throw e;
            } catch (RuntimeException e) {
                if (System.nanoTime() + backoffMillis * 1_000_000 > deadline) {
                    throw e;
                }
                log.warn("Could not {} ({}); retrying in {} ms", what, e.getMessage(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    /** Ends a parent whose children have all ended, with an outcome aggregated from theirs. */
    void finishParent(long parentId) {
        Optional<RunRecord> found = store.findRun(parentId);
        if (found.isEmpty() || found.get().state() != RunState.WAITING_FOR_CHILDREN) {
            return;
        }
        RunRecord p = found.get();
        boolean anyFailed = p.childrenFailed() > 0 || p.counts().failed() > 0;
        boolean anySucceeded = p.counts().succeeded() > 0 || p.childrenFinished() > p.childrenFailed();
        RunState state = !anyFailed ? RunState.SUCCEEDED : anySucceeded ? RunState.PARTIAL : RunState.FAILED;
        String message = p.message() + (p.message().isEmpty() ? "" : "; ") + p.childrenTotal() + " children, "
                + p.childrenFailed() + " failed";
        if (store.finishParent(parentId, state, message, List.of())) {
            store.findRun(parentId).ifPresent(listener::runFinished);
        }
    }

    /** A run the store skipped (SKIP_IF_RUNNING): keep its definition's schedule going. */
    void afterSkipped(RunRecord skipped) {
        listener.runFinished(skipped);
        if (!skipped.origin().carriesSchedule()) {
            return;
        }
        retrying("queue the fire after skipped run " + skipped.id(), () -> store.findDefinition(skipped.definitionId())
                .flatMap(d -> planner.nextRun(d, skipped.scheduledTime(), clock.instant()))
                .flatMap(store::enqueue));
    }

    // ---- children ---------------------------------------------------------------------------

    List<Long> spawnChildren(RunRecord parent, ChildBatch batch) {
        Instant now = clock.instant();
        List<NewRun> children = new ArrayList<>(batch.children().size());
        int i = 0;
        for (ChildRun child : batch.children()) {
            JobRegistry.Entry type = registry.find(child.jobType()).orElseThrow(() -> new UnknownJobException(
                    "Run " + parent.id() + " asked for a child of unknown job type '" + child.jobType()
                            + "'; known types: " + registry.knownIds()));
            JobParameters.validate(child.jobType(), type.descriptor().parameters(), child.parameters());
            Instant due = now.plus(batch.stagger().multipliedBy(i++));
            children.add(new NewRun(parent.definitionId(), child.jobType(), RunOrigin.CHILD, parent.id(), 1, due, due,
                    child.mutexKey(), ConcurrencyPolicy.ALLOW, type.descriptor().defaultPolicies().timeout(),
                    child.parameters()));
        }
        List<Long> ids = store.enqueueChildren(parent.id(), children, batch.maxParallel()).stream()
                .map(RunRecord::id).toList();
        wake();
        return ids;
    }

    /**
     * Queues a manual run of a definition, due now, with parameters overriding the definition's;
     * for {@link Vigil#trigger} and for a job's {@link dev.vigil.spi.JobContext#trigger}.
     *
     * @param mutexKey the run's mutex key; null for the definition's
     */
    RunRecord trigger(String definitionId, Map<String, String> parameters, String mutexKey) {
        JobDefinition d = store.findDefinition(definitionId).orElseThrow(() -> new UnknownJobException(
                "No job definition '" + definitionId + "'; list them with Vigil.definitions()"));
        JobRegistry.Entry type = usableType(d.jobType());
        Map<String, String> merged = new LinkedHashMap<>(d.parameters());
        merged.putAll(parameters);
        JobParameters.validate(d.jobType(), type.descriptor().parameters(), merged);
        Instant now = clock.instant();
        NewRun run = new NewRun(d.id(), d.jobType(), RunOrigin.MANUAL, null, 1, now, now,
                mutexKey != null ? mutexKey : d.mutexKey(), d.policies().concurrency(), d.policies().timeout(), merged);
        RunRecord queued = store.enqueue(run).orElseThrow(() -> new VigilException(
                "A run of " + definitionId + " already waits to start (concurrency QUEUE_ONE); not queueing another",
                null, d.jobType(), null));
        log.info("Run {} of {} triggered", queued.id(), definitionId);
        wake();
        return queued;
    }

    private JobRegistry.Entry usableType(String jobType) {
        JobRegistry.Entry type = registry.find(jobType).orElseThrow(() -> new UnknownJobException(
                "No job type '" + jobType + "'; registered types: " + registry.knownIds()));
        if (type.disabledReason().isPresent()) {
            throw new VigilException("Job type " + jobType + " is disabled: " + type.disabledReason().get(), null,
                    jobType, null);
        }
        return type;
    }

    // ---- schedules ----------------------------------------------------------------------------

    /** Makes sure an active definition has its next fire queued (or running), e.g. at start. */
    void ensureScheduled(JobDefinition d) {
        if (!d.enabled() || d.schedule() instanceof Schedule.Manual
                || registry.find(d.jobType()).map(e -> e.disabledReason().isPresent()).orElse(true)) {
            return;
        }
        // The newest schedule-carrying run that stood for a fire; one cancelled before it started
        // (by a reschedule or a disable) stood for none.
        Instant after = d.scheduleAnchor().minusNanos(1);
        for (RunRecord r : store.runs(RunQuery.forDefinition(d.id()).origins(RunOrigin.SCHEDULED, RunOrigin.MISFIRE)
                .limit(20))) {
            if (!r.state().isTerminal()) {
                return;
            }
            if (r.state() != RunState.CANCELLED || r.startedAt() != null) {
                after = r.scheduledTime();
                break;
            }
        }
        planner.nextRun(d, after, clock.instant()).ifPresent(store::enqueue);
    }

    /** Cancels a definition's queued schedule-carrying runs (disable, reschedule, delete). */
    void cancelQueuedSchedule(String definitionId) {
        for (RunRecord r : store.runs(RunQuery.forDefinition(definitionId).states(RunState.QUEUED)
                .origins(RunOrigin.SCHEDULED, RunOrigin.MISFIRE))) {
            store.requestCancel(r.id());
        }
    }

    // ---- leases, timeouts, recovery ----------------------------------------------------------

    private void ensureHeartbeat() {
        if (heartbeatTask != null) {
            return; // the common case, without the lock
        }
        synchronized (timerLock) {
            if (timer == null || heartbeatTask != null) {
                return;
            }
            long period = Math.max(100, lease.toMillis() / 3);
            heartbeatTask = timer.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void scheduleTimeout(ActiveRun run) {
        if (run.deadline == null) {
            return;
        }
        synchronized (timerLock) {
            if (timer == null || run.deadline == null) {
                return;
            }
            long delay = Math.max(0, Duration.between(clock.instant(), run.deadline).toMillis());
            run.timeoutTask(timer.schedule(() -> run.stop(ActiveRun.StopReason.TIMED_OUT), delay, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Extends the leases of every run this node claimed, running or still waiting for a worker;
     * stops runs whose lease was lost or whose cancellation was asked.
     */
    void heartbeat() {
        if (claimed.isEmpty()) {
            synchronized (timerLock) {
                if (claimed.isEmpty() && heartbeatTask != null) {
                    heartbeatTask.cancel(false);
                    heartbeatTask = null;
                }
            }
            return;
        }
        List<Long> ids = List.copyOf(claimed);
        long sentAt = System.nanoTime();
        try {
            HeartbeatResult hb = store.heartbeat(nodeId, ids, lease);
            for (Long id : ids) {
                ActiveRun r = active.get(id);
                if (r != null && !hb.lost().contains(id)) {
                    r.leaseRenewed(sentAt + lease.toNanos());
                }
            }
            for (Long id : hb.lost()) {
                ActiveRun r = active.get(id);
                if (r != null) {
                    log.warn("Lost the lease of run {} of {}; stopping it", id, r.run.jobType());
                    r.stop(ActiveRun.StopReason.LEASE_LOST);
                    listener.leaseLost(id);
                } else if (notBegun.replace(id, Waiting.WAITING, Waiting.LEASE_LOST)) {
                    listener.leaseLost(id);
                }
            }
            for (Long id : hb.cancelRequested()) {
                ActiveRun r = active.get(id);
                if (r != null) {
                    r.stop(ActiveRun.StopReason.CANCELLED);
                } else {
                    notBegun.replace(id, Waiting.WAITING, Waiting.CANCELLED);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Heartbeat failed; will try again", e);
            selfFence();
        }
    }

    /**
     * Cut off from the store, this node cannot know whether another node's watchdog has taken its
     * runs over; once a run's lease may have expired, it stops the job itself, so that it does not
     * go on beside a retry on another node.
     */
    private void selfFence() {
        long now = System.nanoTime();
        for (ActiveRun r : active.values()) {
            if (r.leaseMayHaveExpired(now) && r.stopReason(clock.instant()) == null) {
                log.warn("Run {} of {}: no heartbeat has reached the store for a lease length; stopping it",
                        r.run.id(), r.run.jobType());
                r.stop(ActiveRun.StopReason.LEASE_LOST);
            }
        }
    }

    /** Stops a run this node executes, if it does. */
    boolean stopLocal(long runId, ActiveRun.StopReason reason) {
        ActiveRun r = active.get(runId);
        if (r == null) {
            return false;
        }
        r.stop(reason);
        return true;
    }

    /** Stops every local run with the reason; returns how many. */
    int stopAll(ActiveRun.StopReason reason) {
        active.values().forEach(r -> r.stop(reason));
        return active.size();
    }

    /** Releases runs that did not stop in time: completes them as cancelled so their mutex frees. */
    void releaseStuck() {
        for (ActiveRun r : List.copyOf(active.values())) {
            CompletionResult c = store.complete(new RunCompletion(r.run.id(), r.run.owner(), r.run.fencingToken(),
                    RunState.CANCELLED, RunCounts.ZERO, "cancelled by engine shutdown; the job did not stop in time",
                    List.of(), List.of(), false));
            if (c.accepted()) {
                log.warn("Run {} of {} did not stop in time and was released as cancelled", r.run.id(), r.run.jobType());
            }
        }
    }

    /**
     * The watchdog's work: ends runs whose lease expired (ABANDONED, then retry and next fire),
     * runs far past their timeout (TIMED_OUT), and finishes parents whose children all ended.
     *
     * @return how many runs it ended
     */
    int recover(int limit) {
        Instant now = clock.instant();
        int ended = 0;
        for (RunRecord r : store.expiredLeases(limit)) {
            ended += endStale(r, RunState.ABANDONED, "abandoned: the lease of node " + r.owner() + " expired", true, now);
        }
        for (RunRecord r : store.runs(RunQuery.all().states(RunState.RUNNING).limit(limit))) {
            if (!r.timeout().isZero() && r.startedAt().plus(r.timeout()).plus(lease).isBefore(now)) {
                ended += endStale(r, RunState.TIMED_OUT, "timed out after " + r.timeout()
                        + " and its node did not stop it", false, now);
            }
        }
        for (RunRecord r : store.runs(RunQuery.all().states(RunState.WAITING_FOR_CHILDREN).limit(limit))) {
            if (r.childrenDone()) {
                finishParent(r.id());
            }
        }
        return ended;
    }

    private int endStale(RunRecord r, RunState state, String message, boolean onlyIfExpired, Instant now) {
        JobDefinition d = store.findDefinition(r.definitionId()).orElse(null);
        List<NewRun> followUps = new ArrayList<>(2);
        if (r.origin().carriesSchedule() && d != null) {
            planner.nextRun(d, r.scheduledTime(), now).ifPresent(followUps::add);
        }
        retryOf(r, d, state, now).ifPresent(followUps::add);
        CompletionResult c = store.complete(new RunCompletion(r.id(), r.owner(), r.fencingToken(), state, RunCounts.ZERO,
                message, r.itemErrors(), followUps, onlyIfExpired));
        if (!c.accepted()) {
            return 0;
        }
        log.warn("Run {} of {} ended {}: {}", r.id(), r.jobType(), state, message);
        c.ended().ifPresent(listener::runFinished);
        c.parentReadyToFinish().ifPresent(this::finishParent);
        return 1;
    }

    // ---- audit and timer ----------------------------------------------------------------------

    void audit(AuditEvent event) {
        try {
            auditSink.record(event);
        } catch (RuntimeException e) {
            log.warn("The audit sink rejected event {} on {}; the run goes on", event.action(), event.target(), e);
        }
    }

    void startTimer() {
        synchronized (timerLock) {
            if (timer == null) {
                ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread th = new Thread(r, "vigil-timer-" + nodeId);
                    th.setDaemon(true);
                    return th;
                });
                t.setRemoveOnCancelPolicy(true);
                timer = t;
            }
        }
    }

    void stopTimer() {
        synchronized (timerLock) {
            if (timer != null) {
                timer.shutdownNow();
                timer = null;
                heartbeatTask = null;
            }
        }
    }

    /** Settings read through to the store, so a change is seen by the next read. */
    private static final class StoreSettings implements Settings {
        private final JobStore store;

        StoreSettings(JobStore store) {
            this.store = store;
        }

        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(store.settings().get(key));
        }

        @Override
        public Map<String, String> all() {
            return store.settings();
        }
    }
}
