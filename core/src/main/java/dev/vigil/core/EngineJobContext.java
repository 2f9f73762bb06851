package dev.vigil.core;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.JobCancelledException;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobParameters;
import dev.vigil.spi.MissingServiceException;
import dev.vigil.spi.Progress;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.Settings;
import dev.vigil.spi.audit.AuditEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The {@link JobContext} the engine gives one run. */
final class EngineJobContext implements JobContext {
    private final Engine engine;
    private final ActiveRun active;
    private final RunRecord run;
    private final Instant scheduledTime;
    private final JobParameters parameters;

    EngineJobContext(Engine engine, ActiveRun active, Instant scheduledTime, JobParameters parameters) {
        this.engine = engine;
        this.active = active;
        this.run = active.run;
        this.scheduledTime = scheduledTime;
        this.parameters = parameters;
    }

    @Override
    public long runId() {
        return run.id();
    }

    @Override
    public String definitionId() {
        return run.definitionId();
    }

    @Override
    public String jobType() {
        return run.jobType();
    }

    @Override
    public RunOrigin origin() {
        return run.origin();
    }

    @Override
    public Instant scheduledTime() {
        return scheduledTime;
    }

    @Override
    public int attempt() {
        return run.attempt();
    }

    @Override
    public Optional<Long> parentRunId() {
        return run.parent();
    }

    @Override
    public JobParameters parameters() {
        return parameters;
    }

    @Override
    public Clock clock() {
        return engine.clock;
    }

    @Override
    public <T> T service(Class<T> type) {
        return findService(type).orElseThrow(() -> new MissingServiceException(type, run.jobType()));
    }

    @Override
    public <T> Optional<T> findService(Class<T> type) {
        return Optional.ofNullable(type.cast(engine.services.get(type)));
    }

    @Override
    public Settings settings() {
        return engine.settings;
    }

    @Override
    public void audit(String action, String target, String outcome, Map<String, String> details) {
        audit(new AuditEvent(engine.clock.instant(), run.jobType(), run.definitionId(), run.id(), action, target,
                outcome, details));
    }

    @Override
    public void audit(AuditEvent event) {
        engine.audit(Objects.requireNonNull(event, "event"));
    }

    @Override
    public void progress(Progress progress) {
        active.progress(Objects.requireNonNull(progress, "progress"));
    }

    @Override
    public boolean isCancelled() {
        return active.stopReason(engine.clock.instant()) != null;
    }

    @Override
    public void checkCancelled() {
        ActiveRun.StopReason reason = active.stopReason(engine.clock.instant());
        if (reason != null) {
            throw new JobCancelledException(run.jobType(), run.id(), reason.name().toLowerCase().replace('_', ' '));
        }
    }

    @Override
    public List<Long> spawnChildren(ChildBatch batch) {
        Objects.requireNonNull(batch, "batch");
        List<Long> ids = engine.spawnChildren(run, batch);
        active.markSpawnedChildren();
        return ids;
    }

    @Override
    public long trigger(String jobType, Map<String, String> parameters, String mutexKey) {
        return engine.trigger(jobType, parameters, mutexKey).id();
    }

    /** For {@link ChildRun} validation messages. */
    @Override
    public String toString() {
        return "JobContext[run " + run.id() + " of " + run.jobType() + "]";
    }
}
