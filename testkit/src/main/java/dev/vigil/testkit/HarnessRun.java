package dev.vigil.testkit;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.Progress;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunState;
import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.notify.Notification;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link JobHarness#run()} did.
 *
 * @param runState the state the engine would record when the job returns: the result's outcome
 *     ({@code SUCCEEDED}, {@code PARTIAL}, {@code FAILED}); {@code WAITING_FOR_CHILDREN} if the job
 *     returned after spawning children (the engine ends the run when they end); {@code CANCELLED} if
 *     it threw {@link dev.vigil.spi.JobCancelledException}; {@code FAILED} if it threw anything else
 *     or returned null
 * @param returned the result the job returned; empty if it threw
 * @param thrown what the job threw (or an {@link IllegalStateException} if it returned null); empty
 *     if it returned a result
 * @param auditEvents the audit events it recorded, in order
 * @param notifications what it sent through the {@code Notifier} service, in order, when that service
 *     is a {@link RecordingNotifier} (the default); empty for another notifier
 * @param children the child batches it spawned, in order
 * @param childRunIds the ids the harness gave the spawned children, in order
 * @param triggered the runs it queued with {@link dev.vigil.spi.JobContext#trigger}, in order
 * @param progress the progress it reported, in order
 * @param cancellationChecks how often it checked for cancellation
 */
public record HarnessRun(RunState runState, Optional<JobResult> returned, Optional<Throwable> thrown,
                         List<AuditEvent> auditEvents, List<Notification> notifications, List<ChildBatch> children,
                         List<Long> childRunIds, List<TriggeredRun> triggered, List<Progress> progress,
                         int cancellationChecks) {

    /**
     * A run the job queued with {@link dev.vigil.spi.JobContext#trigger}.
     *
     * @param jobType the job type (its default definition)
     * @param parameters the parameters given
     * @param mutexKey the mutex key given, if any
     */
    public record TriggeredRun(String jobType, Map<String, String> parameters, Optional<String> mutexKey) {
        /** Validates presence and copies the parameters. */
        public TriggeredRun {
            Objects.requireNonNull(jobType, "jobType");
            parameters = Map.copyOf(parameters);
            Objects.requireNonNull(mutexKey, "mutexKey");
        }
    }

    /** Validates presence, that exactly one of result and exception is present, and copies the lists. */
    public HarnessRun {
        Objects.requireNonNull(runState, "runState");
        Objects.requireNonNull(returned, "returned");
        Objects.requireNonNull(thrown, "thrown");
        if (returned.isPresent() == thrown.isPresent()) {
            throw new IllegalArgumentException("A run either returned a result or threw, not both or neither");
        }
        auditEvents = List.copyOf(auditEvents);
        notifications = List.copyOf(notifications);
        children = List.copyOf(children);
        childRunIds = List.copyOf(childRunIds);
        triggered = List.copyOf(triggered);
        progress = List.copyOf(progress);
    }

    /**
     * @return the result the job returned
     * @throws AssertionError if the job threw instead, with what it threw as the cause, so the test
     *     report shows the job's own stack trace
     */
    public JobResult result() {
        return returned.orElseThrow(() -> new AssertionError("Job threw instead of returning a result: "
                + thrown.map(Throwable::toString).orElse("?"), thrown.orElse(null)));
    }

    /**
     * @return the result's counts
     * @throws AssertionError if the job threw
     */
    public RunCounts counts() {
        return result().counts();
    }

    /**
     * @param action an action such as {@code certificate.renewed}; not null
     * @return the audit events with that action, in order
     */
    public List<AuditEvent> auditEventsWithAction(String action) {
        Objects.requireNonNull(action, "action");
        return auditEvents.stream().filter(e -> e.action().equals(action)).toList();
    }

    /** @return every spawned child of every batch, in order */
    public List<ChildRun> spawnedChildren() {
        return children.stream().flatMap(b -> b.children().stream()).toList();
    }
}
