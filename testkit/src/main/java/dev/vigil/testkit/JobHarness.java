package dev.vigil.testkit;

import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobCancelledException;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobParameters;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.MissingServiceException;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunState;
import dev.vigil.spi.Settings;
import dev.vigil.spi.notify.Notification;
import dev.vigil.spi.notify.Notifier;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * Runs one job synchronously on the calling thread against in-memory fakes: no engine, no store, no
 * threads. A job author's unit test looks like this:
 *
 * <pre>{@code
 * HarnessRun run = JobHarness.forJob(new ExpiryStatusCheckJob())
 *         .service(CertificateInventory.class, inventory)
 *         .parameter("warnDays", "30")
 *         .run();
 *
 * assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
 * assertThat(run.result().counts().failed()).isEqualTo(1);
 * assertThat(run.notifications()).extracting(Notification::topic).containsExactly("cert.expiring");
 * }</pre>
 *
 * <p>The harness does what the engine does around a run, and no more:
 * <ul>
 *   <li>a job type whose {@linkplain JobDescriptor#requiredServices() required services} are not all
 *       registered does not run ({@link #run()} throws {@link IllegalStateException}, as the engine
 *       disables such a job);
 *   <li>parameters are validated against the descriptor with defaults filled in
 *       ({@link InvalidParameterException} from {@link #run()});
 *   <li>{@link JobContext#service(Class)} throws {@link MissingServiceException} for a type that was
 *       not registered;
 *   <li>a {@link RecordingNotifier} is the {@link Notifier} service unless the test registers one;
 *   <li>audit events are stamped with the clock's time, the job type, the definition id and the run id;
 *   <li>spawned children are recorded, not run; they get ids {@code runId + 1000}, {@code runId + 1001}, …
 *   <li>whatever the job throws is captured in the {@link HarnessRun}, except an
 *       {@link AssertionError} (typically a failed assertion inside a test's fake), which propagates
 *       so the test fails where it should.
 * </ul>
 *
 * <p>Defaults: a {@link ManualClock} at {@link #DEFAULT_TIME} in UTC, run id 1, definition id = the
 * job type id, origin {@code MANUAL}, attempt 1, scheduled time = the clock's time when
 * {@link #run()} is called, no parameters, no settings, never cancelled.
 *
 * <p>Each setter replaces an earlier value. The harness is reusable: each {@link #run()} runs the job
 * once more with a fresh context (and a fresh default notifier). Not thread-safe; the context it
 * gives the job is.
 */
public final class JobHarness {

    /** The default clock's time: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private final Job job;
    private Clock clock = ManualClock.at(DEFAULT_TIME);
    private final Map<Class<?>, Object> services = new HashMap<>();
    private final MutableSettings ownSettings = new MutableSettings();
    private Settings suppliedSettings;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private long runId = 1;
    private String definitionId;
    private RunOrigin origin = RunOrigin.MANUAL;
    private Long parentRunId;
    private int attempt = 1;
    private Instant scheduledTime;
    private IntPredicate cancellation = check -> false;
    private final Map<String, JobDescriptor> childTypes = new HashMap<>();

    private JobHarness(Job job) {
        this.job = job;
    }

    /**
     * @param job the job under test; not null
     * @return a harness with the defaults described on this class
     */
    public static JobHarness forJob(Job job) {
        return new JobHarness(Objects.requireNonNull(job, "job"));
    }

    /**
     * @param value the clock the job reads, usually a {@link ManualClock} the test also holds; not null
     * @return this
     */
    public JobHarness clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /**
     * Registers a host service, replacing an earlier one of the same type.
     *
     * @param type the type the job looks up; not null
     * @param implementation the fake or real implementation; not null
     * @param <T> the service type
     * @return this
     */
    public <T> JobHarness service(Class<T> type, T implementation) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(implementation, "implementation of " + type.getName());
        services.put(type, type.cast(implementation));
        return this;
    }

    /**
     * Sets one host setting in the harness's own {@link MutableSettings}.
     *
     * @param key the key; not null
     * @param value the value; not null
     * @return this
     * @throws IllegalStateException if the test supplied its own settings with {@link #settings(Settings)};
     *     put the value into those instead
     */
    public JobHarness setting(String key, String value) {
        if (suppliedSettings != null) {
            throw new IllegalStateException("This harness reads the Settings given to settings(...); put '"
                    + key + "' into those instead of calling setting(...)");
        }
        ownSettings.put(key, value);
        return this;
    }

    /**
     * Uses the test's own settings, e.g. a {@link MutableSettings} it changes while the job runs.
     *
     * @param value the settings the job reads; not null
     * @return this
     * @throws IllegalStateException if {@link #setting(String, String)} was called before
     */
    public JobHarness settings(Settings value) {
        Objects.requireNonNull(value, "settings");
        if (!ownSettings.all().isEmpty()) {
            throw new IllegalStateException("setting(...) was already called on this harness; use either "
                    + "setting(...) or settings(...), not both");
        }
        this.suppliedSettings = value;
        return this;
    }

    /**
     * Gives a parameter value in text form, replacing an earlier one; validated at {@link #run()}.
     *
     * @param name the parameter name; not null
     * @param value the value in text form; not null
     * @return this
     */
    public JobHarness parameter(String name, String value) {
        parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value of " + name));
        return this;
    }

    /**
     * Gives several parameter values, adding to (and replacing) earlier ones.
     *
     * @param values names to values in text form; not null, no nulls
     * @return this
     */
    public JobHarness parameters(Map<String, String> values) {
        values.forEach(this::parameter);
        return this;
    }

    /**
     * @param value the run id the context reports; positive
     * @return this
     */
    public JobHarness runId(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("A run id is positive, was " + value);
        }
        this.runId = value;
        return this;
    }

    /**
     * @param value the definition id the context reports; not null (default: the job type id)
     * @return this
     */
    public JobHarness definitionId(String value) {
        this.definitionId = Objects.requireNonNull(value, "definitionId");
        return this;
    }

    /**
     * @param value why the run exists; not null; for {@code CHILD} use {@link #childOf(long)}
     * @return this
     * @throws IllegalArgumentException for {@code CHILD}, which needs a parent run
     */
    public JobHarness origin(RunOrigin value) {
        Objects.requireNonNull(value, "origin");
        if (value == RunOrigin.CHILD) {
            throw new IllegalArgumentException("A child run needs a parent; call childOf(parentRunId) instead");
        }
        this.origin = value;
        this.parentRunId = null;
        return this;
    }

    /**
     * Makes the run a child (origin {@code CHILD}) of the given parent.
     *
     * @param parent the parent run id; positive
     * @return this
     */
    public JobHarness childOf(long parent) {
        if (parent < 1) {
            throw new IllegalArgumentException("A run id is positive, was " + parent);
        }
        this.origin = RunOrigin.CHILD;
        this.parentRunId = parent;
        return this;
    }

    /**
     * @param value the attempt, 1 for the first
     * @return this
     */
    public JobHarness attempt(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + value);
        }
        this.attempt = value;
        return this;
    }

    /**
     * @param value the time the run was due; not null (default: the clock's time at {@link #run()})
     * @return this
     */
    public JobHarness scheduledTime(Instant value) {
        this.scheduledTime = Objects.requireNonNull(value, "scheduledTime");
        return this;
    }

    /**
     * @param value whether the run is cancelled from its start
     * @return this
     */
    public JobHarness cancelled(boolean value) {
        this.cancellation = check -> value;
        return this;
    }

    /**
     * Lets the job pass {@code checks} cancellation checks ({@link JobContext#isCancelled()} or
     * {@link JobContext#checkCancelled()}) and cancels the run at the next one. For a job that
     * checks once before each item, {@code cancelAfterChecks(2)} lets it handle two items.
     *
     * @param checks how many checks pass; not negative
     * @return this
     */
    public JobHarness cancelAfterChecks(int checks) {
        if (checks < 0) {
            throw new IllegalArgumentException("checks must not be negative, was " + checks);
        }
        this.cancellation = check -> check > checks;
        return this;
    }

    /**
     * Cancels the run at the first cancellation check at which {@code condition} holds, e.g. once a
     * fake service has seen a certain call. Once cancelled, the run stays cancelled.
     *
     * @param condition asked at each check; not null
     * @return this
     */
    public JobHarness cancelWhen(BooleanSupplier condition) {
        Objects.requireNonNull(condition, "condition");
        this.cancellation = check -> condition.getAsBoolean();
        return this;
    }

    /**
     * Declares a job type the job may spawn as children. Once one is declared, a child of an
     * undeclared type makes {@link JobContext#spawnChildren} throw {@code UnknownJobException}, and
     * each child's parameters are validated against its type (as the engine does). With none
     * declared, any non-blank type is accepted and child parameters are not checked.
     *
     * @param descriptor the child job type; not null
     * @return this
     */
    public JobHarness childType(JobDescriptor descriptor) {
        childTypes.put(descriptor.id(), descriptor);
        return this;
    }

    /**
     * Runs the job once on this thread.
     *
     * @return what happened; whatever the job threw (other than an {@link AssertionError}) is in
     *     {@link HarnessRun#thrown()}
     * @throws IllegalStateException if a service the job type requires is not registered
     * @throws InvalidParameterException if a parameter is unknown, missing or invalid
     */
    public HarnessRun run() {
        JobDescriptor descriptor = Objects.requireNonNull(job.descriptor(), "job.descriptor()");
        Map<Class<?>, Object> runServices = new HashMap<>(services);
        runServices.computeIfAbsent(Notifier.class, type -> new RecordingNotifier());
        for (Class<?> required : descriptor.requiredServices()) {
            if (!runServices.containsKey(required)) {
                throw new IllegalStateException("Job type " + descriptor.id() + " requires host service "
                        + required.getName() + ", which is not registered (the engine would disable this job); "
                        + "add .service(" + required.getSimpleName() + ".class, ...) to the harness");
            }
        }
        JobParameters validated = JobParameters.validate(descriptor.id(), descriptor.parameters(), parameters);
        Notifier notifier = (Notifier) runServices.get(Notifier.class);
        int notificationsBefore = notifier instanceof RecordingNotifier r ? r.notifications().size() : 0;

        HarnessContext context = new HarnessContext(new HarnessContext.Identity(runId,
                definitionId == null ? descriptor.id() : definitionId, descriptor.id(), origin, parentRunId, attempt,
                scheduledTime == null ? clock.instant() : scheduledTime), validated, clock, runServices,
                suppliedSettings == null ? ownSettings : suppliedSettings, cancellation, Map.copyOf(childTypes));

        JobResult result = null;
        Throwable thrown = null;
        try {
            result = job.run(context);
            if (result == null) {
                thrown = new IllegalStateException("Job " + descriptor.id() + " returned null from run(); "
                        + "a job returns a JobResult");
            }
        } catch (AssertionError | VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            thrown = e;
        }

        RunState state;
        if (thrown != null) {
            state = thrown instanceof JobCancelledException ? RunState.CANCELLED : RunState.FAILED;
        } else if (!context.children().isEmpty()) {
            state = RunState.WAITING_FOR_CHILDREN;
        } else {
            state = result.outcome().toRunState();
        }
        List<Notification> notifications = List.of();
        if (notifier instanceof RecordingNotifier r) {
            List<Notification> all = r.notifications();
            notifications = all.subList(Math.min(notificationsBefore, all.size()), all.size());
        }
        return new HarnessRun(state, Optional.ofNullable(thrown == null ? result : null), Optional.ofNullable(thrown),
                context.auditEvents(), notifications, context.children(), context.childRunIds(), context.triggered(),
                context.progressReports(),
                context.cancellationChecks());
    }
}
