package dev.vigil.testkit;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.JobCancelledException;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobParameters;
import dev.vigil.spi.MissingServiceException;
import dev.vigil.spi.Progress;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.Settings;
import dev.vigil.spi.UnknownJobException;
import dev.vigil.spi.audit.AuditEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/** The {@link JobContext} {@link JobHarness} gives a job: fakes behind the SPI, thread-safe. */
final class HarnessContext implements JobContext {

    /** Who the run is. */
    record Identity(long runId, String definitionId, String jobType, RunOrigin origin, Long parentRunId,
                    int attempt, Instant scheduledTime) {
    }

    private final Identity identity;
    private final JobParameters parameters;
    private final Clock clock;
    private final Map<Class<?>, Object> services;
    private final Settings settings;
    private final IntPredicate cancellation;
    private final Map<String, JobDescriptor> childTypes;

    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final List<Progress> progress = new ArrayList<>();
    private final List<ChildBatch> children = new ArrayList<>();
    private final List<Long> childRunIds = new ArrayList<>();
    private final List<HarnessRun.TriggeredRun> triggered = new ArrayList<>();
    private int checks;
    private boolean cancelled;
    private long nextChildId;

    HarnessContext(Identity identity, JobParameters parameters, Clock clock, Map<Class<?>, Object> services,
                   Settings settings, IntPredicate cancellation, Map<String, JobDescriptor> childTypes) {
        this.identity = identity;
        this.parameters = parameters;
        this.clock = clock;
        this.services = Map.copyOf(services);
        this.settings = settings;
        this.cancellation = cancellation;
        this.childTypes = childTypes;
        this.nextChildId = identity.runId() + 1000;
    }

    @Override
    public long runId() {
        return identity.runId();
    }

    @Override
    public String definitionId() {
        return identity.definitionId();
    }

    @Override
    public String jobType() {
        return identity.jobType();
    }

    @Override
    public RunOrigin origin() {
        return identity.origin();
    }

    @Override
    public Instant scheduledTime() {
        return identity.scheduledTime();
    }

    @Override
    public int attempt() {
        return identity.attempt();
    }

    @Override
    public Optional<Long> parentRunId() {
        return Optional.ofNullable(identity.parentRunId());
    }

    @Override
    public JobParameters parameters() {
        return parameters;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public <T> T service(Class<T> type) {
        return findService(type).orElseThrow(() -> new MissingServiceException(type, identity.jobType()));
    }

    @Override
    public <T> Optional<T> findService(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public void audit(String action, String target, String outcome, Map<String, String> details) {
        audit.record(new AuditEvent(clock.instant(), identity.jobType(), identity.definitionId(), identity.runId(),
                action, target, outcome, details));
    }

    @Override
    public void audit(AuditEvent event) {
        audit.record(event);
    }

    @Override
    public void progress(Progress value) {
        Objects.requireNonNull(value, "progress");
        synchronized (progress) {
            progress.add(value);
        }
    }

    @Override
    public synchronized boolean isCancelled() {
        checks++;
        if (!cancelled && cancellation.test(checks)) {
            cancelled = true;
        }
        return cancelled;
    }

    @Override
    public void checkCancelled() {
        if (isCancelled()) {
            throw new JobCancelledException(identity.jobType(), identity.runId(), "cancelled by the test harness");
        }
    }

    @Override
    public List<Long> spawnChildren(ChildBatch batch) {
        Objects.requireNonNull(batch, "batch");
        for (ChildRun child : batch.children()) {
            validate("spawned a child", child.jobType(), child.parameters());
        }
        synchronized (children) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < batch.children().size(); i++) {
                ids.add(nextChildId++);
            }
            children.add(batch);
            childRunIds.addAll(ids);
            return List.copyOf(ids);
        }
    }

    @Override
    public long trigger(String jobType, Map<String, String> parameters, String mutexKey) {
        Objects.requireNonNull(jobType, "jobType");
        validate("triggered a run", jobType, parameters);
        synchronized (children) {
            triggered.add(new HarnessRun.TriggeredRun(jobType, parameters, Optional.ofNullable(mutexKey)));
            return nextChildId++;
        }
    }

    /** Checks a child's or triggered run's type and parameters against the types the test declared. */
    private void validate(String what, String jobType, Map<String, String> runParameters) {
        if (jobType.isBlank()) {
            throw new UnknownJobException("Run " + identity.runId() + " of " + identity.jobType() + " " + what
                    + " with a blank job type");
        }
        if (!childTypes.isEmpty()) {
            JobDescriptor type = childTypes.get(jobType);
            if (type == null) {
                throw new UnknownJobException("Run " + identity.runId() + " of " + identity.jobType() + " " + what
                        + " of unknown job type '" + jobType + "'; the harness knows " + childTypes.keySet()
                        + " (declare more with JobHarness.childType(...))");
            }
            JobParameters.validate(type.id(), type.parameters(), runParameters);
        }
    }

    List<HarnessRun.TriggeredRun> triggered() {
        synchronized (children) {
            return List.copyOf(triggered);
        }
    }

    List<AuditEvent> auditEvents() {
        return audit.events();
    }

    List<Progress> progressReports() {
        synchronized (progress) {
            return List.copyOf(progress);
        }
    }

    List<ChildBatch> children() {
        synchronized (children) {
            return List.copyOf(children);
        }
    }

    List<Long> childRunIds() {
        synchronized (children) {
            return List.copyOf(childRunIds);
        }
    }

    synchronized int cancellationChecks() {
        return checks;
    }
}
