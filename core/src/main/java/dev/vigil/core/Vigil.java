package dev.vigil.core;

import dev.vigil.core.schedule.CompiledSchedule;
import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobParameters;
import dev.vigil.spi.JobPolicies;
import dev.vigil.spi.JobProvider;
import dev.vigil.spi.MisfirePolicy;
import dev.vigil.spi.Progress;
import dev.vigil.spi.RetryPolicy;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.Settings;
import dev.vigil.spi.UnknownJobException;
import dev.vigil.spi.VigilException;
import dev.vigil.spi.VigilListener;
import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.audit.AuditSink;
import dev.vigil.spi.store.JobStore;
import dev.vigil.spi.store.NewRun;
import dev.vigil.spi.store.RunQuery;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vigil engine. Build one with {@link #builder()}, {@link #start()} it, and {@link #close()} it
 * when the host shuts down:
 *
 * <pre>{@code
 * try (Vigil vigil = Vigil.builder()
 *         .service(CertificateInventory.class, myInventory)
 *         .build()
 *         .start()) {
 *     vigil.trigger("cert.expiry-status-check");
 *     ...
 * }
 * }</pre>
 *
 * <p>Job types are found on the class path with {@link java.util.ServiceLoader} (every
 * {@link JobProvider}) and registered explicitly; each gets a default definition, id = type id,
 * the first time the engine meets it. The operations here are what a host's admin screens need:
 * list types and definitions, define, reschedule, enable, disable, trigger, cancel, query history,
 * read and change settings.
 *
 * <p>A test or a host that drives time itself skips {@link #start()} and calls {@link #runDue()},
 * which runs what is due on the calling thread.
 *
 * <p>Thread-safe.
 */
public final class Vigil implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Vigil.class);

    private enum Lifecycle { BUILT, STARTED, CLOSED }

    private final Engine engine;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final int workers;
    private final Duration pollInterval;
    private final Duration shutdownTimeout;
    private final Object lifecycleLock = new Object();
    private Lifecycle lifecycle = Lifecycle.BUILT;
    private Dispatcher dispatcher;
    private Thread dispatcherThread;

    private Vigil(Engine engine, ExecutorService executor, boolean ownsExecutor, int workers, Duration pollInterval,
                  Duration shutdownTimeout) {
        this.engine = engine;
        this.executor = executor;
        this.ownsExecutor = ownsExecutor;
        this.workers = workers;
        this.pollInterval = pollInterval;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** @return a builder with the embedded defaults */
    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /**
     * Starts the dispatcher thread and the workers.
     *
     * @return this
     * @throws IllegalStateException if already started or closed
     */
    public Vigil start() {
        synchronized (lifecycleLock) {
            if (lifecycle != Lifecycle.BUILT) {
                throw new IllegalStateException("Vigil node " + engine.nodeId + " is already " + lifecycle.name().toLowerCase());
            }
            engine.startTimer();
            dispatcher = new Dispatcher(engine, executor, workers,
                    engine.store.isSharedAcrossNodes() ? pollInterval : null);
            engine.onWake(dispatcher::wake);
            dispatcherThread = new Thread(dispatcher, "vigil-dispatcher-" + engine.nodeId);
            dispatcherThread.setDaemon(true);
            dispatcherThread.start();
            lifecycle = Lifecycle.STARTED;
            log.info("Vigil node {} started", engine.nodeId);
            return this;
        }
    }

    /**
     * Shuts down gracefully: stops claiming, waits up to the shutdown timeout for running jobs,
     * then cancels them, and releases any that still do not stop. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycleLock) {
            if (lifecycle == Lifecycle.CLOSED) {
                return;
            }
            boolean started = lifecycle == Lifecycle.STARTED;
            lifecycle = Lifecycle.CLOSED;
            if (started) {
                dispatcher.stop();
                joinQuietly(dispatcherThread, Duration.ofSeconds(5));
                if (!awaitIdle(shutdownTimeout)) {
                    int n = engine.stopAll(ActiveRun.StopReason.SHUTDOWN);
                    log.warn("Vigil node {}: {} run(s) still running after {}; cancelling them", engine.nodeId, n,
                            shutdownTimeout);
                    if (!awaitIdle(Duration.ofSeconds(5))) {
                        engine.releaseStuck();
                    }
                }
            }
            if (ownsExecutor) {
                executor.shutdownNow();
            }
            engine.stopTimer();
            log.info("Vigil node {} stopped", engine.nodeId);
        }
    }

    /**
     * Stops this node the way a crash or a kill would: the dispatcher and the heartbeats stop at
     * once, running jobs are left to run on, and nothing is completed or released. For tests of
     * recovery by other nodes; package-private on purpose.
     */
    void crashForTesting() {
        synchronized (lifecycleLock) {
            if (lifecycle == Lifecycle.STARTED) {
                dispatcher.stop();
                joinQuietly(dispatcherThread, Duration.ofSeconds(5));
            }
            lifecycle = Lifecycle.CLOSED;
            engine.stopTimer();
        }
    }

    private boolean awaitIdle(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        // A run claimed just before the dispatcher stopped may not have begun yet: wait for it too.
        while (!engine.idle() || dispatcher.inFlight() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            synchronized (this) {
                try {
                    wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private static void joinQuietly(Thread t, Duration bound) {
        try {
            t.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs everything that is due now on the calling thread — children and retries that become due
     * meanwhile included — and returns how many runs it ran. For tests on a manual clock and for
     * hosts that drive the engine themselves; not while the engine is started.
     *
     * @return the number of runs executed
     * @throws IllegalStateException if the engine is started or closed
     */
    public int runDue() {
        synchronized (lifecycleLock) {
            if (lifecycle != Lifecycle.BUILT) {
                throw new IllegalStateException("runDue() is for an engine that is not started; this one is "
                        + lifecycle.name().toLowerCase());
            }
        }
        return engine.runDue();
    }

    // ---- job types and definitions -----------------------------------------------------------

    /** @return every registered job type, ordered by id */
    public List<JobTypeInfo> jobTypes() {
        List<JobTypeInfo> out = new ArrayList<>();
        for (JobRegistry.Entry e : engine.registry.all()) {
            out.add(info(e));
        }
        return out;
    }

    /** @param id a job type id @return it, if registered */
    public Optional<JobTypeInfo> jobType(String id) {
        return engine.registry.find(id).map(this::info);
    }

    private JobTypeInfo info(JobRegistry.Entry e) {
        return new JobTypeInfo(e.descriptor(), e.provider(), e.disabledReason(), describe(e.descriptor().defaultSchedule()));
    }

    /** @return problems met while discovering job providers (each provider was skipped) */
    public List<String> discoveryProblems() {
        return engine.registry.problems();
    }

    /** @param schedule a schedule @return it in English @throws dev.vigil.spi.InvalidScheduleException if invalid */
    public String describe(Schedule schedule) {
        return engine.planner.compile(schedule).describe();
    }

    /** @return every definition with its next fire time and last run, ordered by id */
    public List<DefinitionInfo> definitions() {
        return engine.store.definitions().stream().map(this::info).toList();
    }

    /**
     * @param id a definition id
     * @return the definition with its next fire time and last run
     * @throws UnknownJobException if there is none
     */
    public DefinitionInfo definition(String id) {
        return info(storedDefinition(id));
    }

    private DefinitionInfo info(JobDefinition d) {
        Optional<String> reason = engine.registry.find(d.jobType()).map(JobRegistry.Entry::disabledReason)
                .orElse(Optional.of("unknown job type " + d.jobType()));
        Optional<Instant> next = engine.store.runs(RunQuery.forDefinition(d.id()).states(dev.vigil.spi.RunState.QUEUED)
                .origins(RunOrigin.SCHEDULED, RunOrigin.MISFIRE).limit(1)).stream().findFirst().map(RunRecord::dueAt);
        Optional<RunRecord> last = engine.store.runs(RunQuery.forDefinition(d.id()).limit(1)).stream().findFirst();
        String description;
        try {
            description = describe(d.schedule());
        } catch (VigilException e) {
            description = "invalid schedule: " + e.getMessage();
        }
        return new DefinitionInfo(d, reason, next, last, description);
    }

    private JobDefinition storedDefinition(String id) {
        return engine.store.findDefinition(id).orElseThrow(() -> new UnknownJobException(
                "No job definition '" + id + "'; list them with Vigil.definitions()"));
    }

    /**
     * Starts a new definition (or replaces one with the same id) for a job type, with the type's
     * defaults: {@code vigil.define("import-group-7", "cert.discovery-import").schedule(s).save()}.
     *
     * @param id the definition id
     * @param jobType a registered job type id
     * @return a draft to refine and {@link DefinitionDraft#save() save}
     * @throws UnknownJobException if the job type is not registered
     */
    public DefinitionDraft define(String id, String jobType) {
        JobRegistry.Entry type = engine.registry.find(jobType).orElseThrow(() -> new UnknownJobException(
                "No job type '" + jobType + "'; registered types: " + engine.registry.knownIds()));
        JobDefinition d = new JobDefinition(id, jobType, type.descriptor().defaultSchedule(), Map.of(),
                true, type.descriptor().defaultPolicies(), null, engine.clock.instant());
        return new DefinitionDraft(d, true);
    }

    /**
     * @param id an existing definition
     * @return a draft holding its current values
     * @throws UnknownJobException if there is none
     */
    public DefinitionDraft update(String id) {
        return new DefinitionDraft(storedDefinition(id), false);
    }

    /**
     * Changes a definition's schedule; the new schedule counts from now.
     *
     * @param id the definition
     * @param schedule the new schedule
     * @return the definition
     * @throws UnknownJobException if there is none
     * @throws dev.vigil.spi.InvalidScheduleException if the schedule is invalid
     */
    public DefinitionInfo reschedule(String id, Schedule schedule) {
        return update(id).schedule(schedule).save();
    }

    /** @param id the definition @return it, enabled @throws UnknownJobException if there is none */
    public DefinitionInfo enable(String id) {
        return update(id).enabled(true).save();
    }

    /** @param id the definition @return it, disabled @throws UnknownJobException if there is none */
    public DefinitionInfo disable(String id) {
        return update(id).enabled(false).save();
    }

    /**
     * Deletes a definition and cancels its queued runs; its history stays. A job type's default
     * definition (id = type id) comes back at the next start; {@link #disable(String) disable} it
     * instead.
     *
     * @param id the definition
     * @return whether it existed
     */
    public boolean delete(String id) {
        boolean existed = engine.store.deleteDefinition(id);
        if (existed) {
            log.info("Definition {} deleted", id);
        }
        return existed;
    }

    /**
     * Triggers a run now with the definition's parameters. The schedule does not move.
     *
     * @param definitionId the definition
     * @return the queued run
     * @throws UnknownJobException if there is no such definition
     * @throws VigilException if the job type is disabled, or a run already waits (QUEUE_ONE)
     */
    public RunRecord trigger(String definitionId) {
        return trigger(definitionId, Map.of());
    }

    /**
     * Triggers a run now with parameters overriding the definition's. The schedule does not move.
     *
     * @param definitionId the definition
     * @param parameters values that override the definition's for this run
     * @return the queued run
     * @throws UnknownJobException if there is no such definition
     * @throws InvalidParameterException if a parameter is unknown or invalid
     * @throws VigilException if the job type is disabled, or a run already waits (QUEUE_ONE)
     */
    public RunRecord trigger(String definitionId, Map<String, String> parameters) {
        return engine.trigger(definitionId, parameters, null);
    }

    /**
     * Cancels a run: a queued one at once, a running one cooperatively (its job sees the flag and
     * its thread is interrupted).
     *
     * @param runId the run
     * @return false if it is unknown or already ended
     */
    public boolean cancel(long runId) {
        boolean asked = engine.store.requestCancel(runId);
        if (asked) {
            engine.stopLocal(runId, ActiveRun.StopReason.CANCELLED);
        }
        return asked;
    }

    // ---- history and state --------------------------------------------------------------------

    /** @param query the filter and page @return matching runs, newest first */
    public List<RunRecord> runs(RunQuery query) {
        return engine.store.runs(query);
    }

    /** @param runId a run @return it, if stored */
    public Optional<RunRecord> run(long runId) {
        return engine.store.findRun(runId);
    }

    /** @param runId a run running on this node @return its latest progress report, if any */
    public Optional<Progress> progress(long runId) {
        return engine.activeRun(runId).map(ActiveRun::progress);
    }

    /** @return the settings, read through to the store */
    public Settings settings() {
        return engine.settings;
    }

    /** @param key the key @param value the value; both not null */
    public void putSetting(String key, String value) {
        engine.store.putSetting(key, value);
    }

    /** @param key the key to remove */
    public void removeSetting(String key) {
        engine.store.removeSetting(key);
    }

    /** @return the store */
    public JobStore store() {
        return engine.store;
    }

    /** @return the engine's clock */
    public Clock clock() {
        return engine.clock;
    }

    /** @return this node's id */
    public String nodeId() {
        return engine.nodeId;
    }

    @Override
    public String toString() {
        return "Vigil[node=" + engine.nodeId + ", " + lifecycle + ", store=" + engine.store + "]";
    }

    // ---- definitions draft -------------------------------------------------------------------

    /** A definition being edited; {@link #save()} validates and stores it. Not thread-safe. */
    public final class DefinitionDraft {
        private JobDefinition d;
        private boolean scheduleChanged;
        /** Whether it came from define(), so that it is most likely a new definition. */
        private final boolean probablyNew;

        private DefinitionDraft(JobDefinition d, boolean probablyNew) {
            this.d = d;
            this.probablyNew = probablyNew;
        }

        /** @param value the schedule @return this */
        public DefinitionDraft schedule(Schedule value) {
            d = d.withSchedule(value, d.scheduleAnchor());
            scheduleChanged = true;
            return this;
        }

        /** @param name a parameter @param value its value @return this */
        public DefinitionDraft parameter(String name, String value) {
            Map<String, String> p = new LinkedHashMap<>(d.parameters());
            p.put(name, value);
            d = d.withParameters(p);
            return this;
        }

        /** @param values all parameter values, replacing the current ones @return this */
        public DefinitionDraft parameters(Map<String, String> values) {
            d = d.withParameters(values);
            return this;
        }

        /** @param value whether the schedule fires @return this */
        public DefinitionDraft enabled(boolean value) {
            if (value != d.enabled()) {
                scheduleChanged = true;
            }
            d = d.withEnabled(value, d.scheduleAnchor());
            return this;
        }

        /** @param value the policies @return this */
        public DefinitionDraft policies(JobPolicies value) {
            d = d.withPolicies(value);
            return this;
        }

        /** @param value the concurrency policy @return this */
        public DefinitionDraft concurrency(ConcurrencyPolicy value) {
            return policies(d.policies().withConcurrency(value));
        }

        /** @param value the misfire policy @return this */
        public DefinitionDraft misfire(MisfirePolicy value) {
            return policies(d.policies().withMisfire(value));
        }

        /** @param value the retry policy @return this */
        public DefinitionDraft retry(RetryPolicy value) {
            return policies(d.policies().withRetry(value));
        }

        /** @param value the timeout, {@link Duration#ZERO} for none @return this */
        public DefinitionDraft timeout(Duration value) {
            return policies(d.policies().withTimeout(value));
        }

        /** @param value a resource key no two running runs may share, or null @return this */
        public DefinitionDraft mutexKey(String value) {
            d = d.withMutexKey(value);
            return this;
        }

        /**
         * Validates the schedule and parameters, stores the definition, and queues its next fire.
         *
         * @return the stored definition
         * @throws dev.vigil.spi.InvalidScheduleException if the schedule is invalid
         * @throws InvalidParameterException if a parameter is unknown or invalid
         */
        public DefinitionInfo save() {
            JobRegistry.Entry type = engine.registry.find(d.jobType()).orElseThrow(() -> new UnknownJobException(
                    "No job type '" + d.jobType() + "'; registered types: " + engine.registry.knownIds()));
            CompiledSchedule compiled = engine.planner.compile(d.schedule());
            JobParameters.validate(d.jobType(), type.descriptor().parameters(), d.parameters());
            Instant now = engine.clock.instant();
            if (probablyNew) {
                JobDefinition fresh = d.withSchedule(d.schedule(), now);
                if (engine.store.insertDefinitionIfAbsent(fresh)) {
                    return saved(fresh, type, compiled, scheduleFirstFire(fresh, type));
                }
            }
            Optional<JobDefinition> before = engine.store.findDefinition(d.id());
            boolean reanchor = scheduleChanged || before.isEmpty()
                    || !before.get().schedule().equals(d.schedule()) || before.get().enabled() != d.enabled();
            JobDefinition saved = reanchor ? d.withSchedule(d.schedule(), now) : d;
            engine.store.saveDefinition(saved);
            if (reanchor) {
                engine.cancelQueuedSchedule(saved.id());
                engine.ensureScheduled(saved);
                engine.wake();
            }
            logSaved(saved);
            return info(saved);
        }

        /**
         * Queues the first fire of a definition that was just inserted. A definition that did not
         * exist has no queued fire to cancel and no fire history to continue from, so this skips
         * what {@link Engine#ensureScheduled} reads; the store's rule of one queued schedule-carrying
         * run per definition tells whether a run was left queued under this id (by a deleted
         * definition of the same id), and then the full procedure runs.
         *
         * @return the queued first fire, or null if none was queued this way
         */
        private RunRecord scheduleFirstFire(JobDefinition fresh, JobRegistry.Entry type) {
            if (!fresh.enabled() || fresh.schedule() instanceof Schedule.Manual || type.disabledReason().isPresent()) {
                return null;
            }
            Optional<NewRun> first = engine.planner.nextRun(fresh, fresh.scheduleAnchor().minusNanos(1),
                    engine.clock.instant());
            return first.isEmpty() ? null : engine.store.enqueue(first.get()).orElse(null);
        }

        /** Finishes saving a new definition; {@code first} is its queued first fire, or null. */
        private DefinitionInfo saved(JobDefinition fresh, JobRegistry.Entry type, CompiledSchedule compiled,
                                     RunRecord first) {
            if (first == null) {
                engine.cancelQueuedSchedule(fresh.id());
                engine.ensureScheduled(fresh);
                engine.wake();
                logSaved(fresh);
                return info(fresh);
            }
            engine.wake();
            logSaved(fresh);
            // What info() would read back: the run just queued is the definition's next fire and its
            // newest run.
            return new DefinitionInfo(fresh, type.disabledReason(), Optional.of(first.dueAt()), Optional.of(first),
                    compiled.describe());
        }

        private void logSaved(JobDefinition saved) {
            if (log.isInfoEnabled()) {
                log.info("Definition {} of {} saved: {} ({})", saved.id(), saved.jobType(), saved.schedule().toText(),
                        saved.enabled() ? "enabled" : "disabled");
            }
        }
    }

    // ---- builder ------------------------------------------------------------------------------

    /**
     * Configures an engine. Each setting may be made once; {@link #build()} checks the combination.
     * Not thread-safe.
     */
    public static final class Builder {
        private JobStore store;
        private Clock clock;
        private ExecutorService executor;
        private Integer workers;
        private String nodeId;
        private Duration pollInterval;
        private Duration leaseDuration;
        private Duration shutdownTimeout;
        private ClassLoader classLoader;
        private Boolean discover;
        private AuditSink auditSink;
        private RandomGenerator random;
        private final List<JobProvider> providers = new ArrayList<>();
        private final Map<Class<?>, Object> services = new LinkedHashMap<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<VigilListener> listeners = new ArrayList<>();

        private Builder() {
        }

        private static void once(Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set");
            }
        }

        /** @param value where definitions and runs live; default: a new {@link InMemoryJobStore} @return this */
        public Builder store(JobStore value) {
            once(store, "store");
            store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** @param value the time source and zone for schedules; default: the system clock @return this */
        public Builder clock(Clock value) {
            once(clock, "clock");
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value the threads jobs run on, owned by the host (not shut down by the engine);
         *     a host on Java 21+ may pass virtual threads. Not with {@link #workers(int)}.
         * @return this
         */
        public Builder executor(ExecutorService value) {
            once(executor, "executor");
            executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /** @param value how many runs at once (default 4; with a host executor, its useful size) @return this */
        public Builder workers(int value) {
            once(workers, "workers");
            if (value < 1 || value > 10_000) {
                throw new IllegalArgumentException("workers must be 1 to 10000, was " + value);
            }
            workers = value;
            return this;
        }

        /** @param value this node's id, unique in a cluster; default: host name and process id @return this */
        public Builder nodeId(String value) {
            once(nodeId, "nodeId");
            if (value == null || value.isBlank() || value.length() > 100) {
                throw new IllegalArgumentException("nodeId must be 1 to 100 characters, was '" + value + "'");
            }
            nodeId = value;
            return this;
        }

        /** @param value how often to look for runs other nodes enqueued (shared stores only); default 5 s @return this */
        public Builder pollInterval(Duration value) {
            once(pollInterval, "pollInterval");
            requirePositive(value, "pollInterval");
            pollInterval = value;
            return this;
        }

        /** @param value how long a run's lease lasts between heartbeats; default 60 s, at least 1 s @return this */
        public Builder leaseDuration(Duration value) {
            once(leaseDuration, "leaseDuration");
            requirePositive(value, "leaseDuration");
            if (value.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("leaseDuration must be at least 1 s, was " + value);
            }
            leaseDuration = value;
            return this;
        }

        /** @param value how long {@link Vigil#close()} waits for running jobs; default 30 s @return this */
        public Builder shutdownTimeout(Duration value) {
            once(shutdownTimeout, "shutdownTimeout");
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must not be negative, was " + value);
            }
            shutdownTimeout = value;
            return this;
        }

        /** @param value where job providers are discovered; default: the thread's context class loader @return this */
        public Builder classLoader(ClassLoader value) {
            once(classLoader, "classLoader");
            classLoader = Objects.requireNonNull(value, "classLoader");
            return this;
        }

        /** @param value whether to discover providers with ServiceLoader; default true @return this */
        public Builder discoverJobs(boolean value) {
            once(discover, "discoverJobs");
            discover = value;
            return this;
        }

        /** @param value a provider to register explicitly @return this */
        public Builder register(JobProvider value) {
            providers.add(Objects.requireNonNull(value, "provider"));
            return this;
        }

        /** @param jobs jobs to register explicitly @return this */
        public Builder register(Job... jobs) {
            List<Job> list = List.of(jobs);
            providers.add(new JobProvider() {
                @Override
                public List<Job> jobs() {
                    return list;
                }

                @Override
                public String name() {
                    return "registered";
                }
            });
            return this;
        }

        /**
         * @param type the service type jobs look up
         * @param implementation the host's implementation
         * @param <T> the type
         * @return this
         */
        public <T> Builder service(Class<T> type, T implementation) {
            Objects.requireNonNull(type, "type");
            if (!type.isInstance(Objects.requireNonNull(implementation, "implementation"))) {
                throw new IllegalArgumentException(implementation.getClass().getName() + " is not a " + type.getName());
            }
            if (services.putIfAbsent(type, implementation) != null) {
                throw new IllegalStateException("A service of type " + type.getName() + " was already registered");
            }
            return this;
        }

        /** @param key a setting @param value its initial value; a value already stored wins @return this */
        public Builder setting(String key, String value) {
            if (settings.putIfAbsent(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value")) != null) {
                throw new IllegalStateException("Setting " + key + " was already given");
            }
            return this;
        }

        /** @param value where audit events go; default: the log (logger {@code dev.vigil.audit}) @return this */
        public Builder auditSink(AuditSink value) {
            once(auditSink, "auditSink");
            auditSink = Objects.requireNonNull(value, "auditSink");
            return this;
        }

        /** @param value hears runs start and finish, misfires and lost leases @return this */
        public Builder listener(VigilListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** @param value the source of retry jitter; default: a new {@link SplittableRandom} @return this */
        public Builder random(RandomGenerator value) {
            once(random, "random");
            random = Objects.requireNonNull(value, "random");
            return this;
        }

        private static void requirePositive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
        }

        /**
         * Validates the configuration, discovers and registers job types, stores each type's default
         * definition if it has none, queues next fires, and logs the effective configuration once.
         * Starts no thread.
         *
         * @return the engine
         * @throws DuplicateJobTypeException if two jobs declare one id
         * @throws IllegalStateException if settings conflict
         */
        public Vigil build() {
            if (executor != null && workers == null) {
                throw new IllegalStateException("With a host executor, also say how many runs to hand it at once"
                        + " with workers(n)");
            }
            Clock c = clock != null ? clock : Clock.systemDefaultZone();
            JobStore s = store != null ? store : new InMemoryJobStore(c);
            int w = workers != null ? workers : 4;
            String node = nodeId != null ? nodeId : defaultNodeId();
            Duration lease = leaseDuration != null ? leaseDuration : Duration.ofSeconds(60);
            Duration poll = pollInterval != null ? pollInterval : Duration.ofSeconds(5);
            Duration shutdown = shutdownTimeout != null ? shutdownTimeout : Duration.ofSeconds(30);
            AuditSink audit = auditSink != null ? auditSink : new LoggingAuditSink();
            RandomGenerator rnd = random != null ? random : new SplittableRandom();
            ClassLoader loader = Boolean.FALSE.equals(discover) ? null
                    : classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();

            Engine[] holder = new Engine[1];
            List<JobProvider> all = new ArrayList<>();
            all.add(new BuiltInJobs(() -> holder[0]));
            all.addAll(providers);
            JobRegistry registry = JobRegistry.build(loader, all, services.keySet());
            Engine engine = new Engine(s, c, services, registry, new Listeners(List.copyOf(listeners)), audit, node,
                    lease, rnd);
            holder[0] = engine;

            boolean owns = executor == null;
            ExecutorService ex = owns ? ownedPool(w, node) : executor;
            Vigil vigil = new Vigil(engine, ex, owns, w, poll, shutdown);

            Map<String, String> stored = s.settings();
            settings.forEach((k, v) -> {
                if (!stored.containsKey(k)) {
                    s.putSetting(k, v);
                }
            });
            Instant now = c.instant();
            for (JobRegistry.Entry e : registry.all()) {
                JobDescriptor d = e.descriptor();
                s.insertDefinitionIfAbsent(new JobDefinition(d.id(), d.id(), d.defaultSchedule(), Map.of(),
                        d.enabledByDefault(), d.defaultPolicies(), null, now));
            }
            for (JobDefinition d : s.definitions()) {
                try {
                    engine.ensureScheduled(d);
                } catch (VigilException e) {
                    log.warn("Definition {} is not scheduled: {}", d.id(), e.getMessage());
                }
            }
            log.info("Vigil node {} built: store={}, workers={}{}, lease={}, poll={}, zone={}, job types={} ({} disabled){}",
                    node, s.getClass().getSimpleName(), w, owns ? "" : " (host executor)", lease,
                    s.isSharedAcrossNodes() ? poll : "none (local store)", c.getZone(), registry.size(),
                    registry.disabledCount(),
                    registry.problems().isEmpty() ? "" : ", " + registry.problems().size() + " provider problem(s)");
            for (JobRegistry.Entry e : registry.all()) {
                e.disabledReason().ifPresent(r -> log.info("Job type {} is disabled: {}", e.descriptor().id(), r));
            }
            return vigil;
        }

        private static ExecutorService ownedPool(int workers, String node) {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "vigil-worker-" + node + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }

        private static String defaultNodeId() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "node";
            }
            return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
        }
    }

    /** Sends every listener call to each listener, logging and ignoring what they throw. */
    private static final class Listeners implements VigilListener {
        private final List<VigilListener> all;

        Listeners(List<VigilListener> all) {
            this.all = new CopyOnWriteArrayList<>(all);
        }

        private void each(java.util.function.Consumer<VigilListener> call) {
            for (VigilListener l : all) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    log.warn("Listener {} threw; ignoring it", l.getClass().getName(), e);
                }
            }
        }

        @Override
        public void runStarted(RunRecord run) {
            each(l -> l.runStarted(run));
        }

        @Override
        public void runFinished(RunRecord run) {
            each(l -> l.runFinished(run));
        }

        @Override
        public void misfire(String definitionId, Instant firstMissed, long missed, MisfirePolicy policy) {
            each(l -> l.misfire(definitionId, firstMissed, missed, policy));
        }

        @Override
        public void leaseLost(long runId) {
            each(l -> l.leaseLost(runId));
        }
    }

    /** The default audit sink: one INFO line per event on logger {@code dev.vigil.audit}. */
    private static final class LoggingAuditSink implements AuditSink {
        private static final Logger audit = LoggerFactory.getLogger("dev.vigil.audit");

        @Override
        public void record(AuditEvent e) {
            audit.info("{} {} {} target={} run={} details={}", e.jobType(), e.action(), e.outcome(), e.target(),
                    e.runId(), e.details());
        }
    }
}
