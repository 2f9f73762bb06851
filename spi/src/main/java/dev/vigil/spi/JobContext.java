package dev.vigil.spi;

import dev.vigil.spi.audit.AuditEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one run may use: who it is, its parameters, time, host services, settings, audit,
 * progress, cancellation and children. The engine makes one per run; the testkit's
 * {@code JobHarness} makes one for a unit test. Not shared between threads unless said so.
 */
public interface JobContext {

    /** @return this run's id */
    long runId();

    /** @return the definition this run belongs to */
    String definitionId();

    /** @return the job type id */
    String jobType();

    /** @return why this run exists */
    RunOrigin origin();

    /** @return the time the run was due (for scheduled runs, the fire time), never null */
    Instant scheduledTime();

    /** @return the attempt, 1 for the first */
    int attempt();

    /** @return the parent run, if this run is a child */
    Optional<Long> parentRunId();

    /** @return the validated parameters with defaults filled in */
    JobParameters parameters();

    /** @return the engine's clock; jobs take time only from here */
    Clock clock();

    /**
     * @param type a host service type the job declared in {@link JobDescriptor#requiredServices()}
     * @param <T> the type
     * @return the service
     * @throws MissingServiceException if the host registered none
     */
    <T> T service(Class<T> type);

    /** @param type a host service type @param <T> the type @return the service, if registered */
    <T> Optional<T> findService(Class<T> type);

    /** @return the host's settings */
    Settings settings();

    /**
     * Records an audit event stamped with this run's type, definition, id and the clock's time.
     *
     * @param action a stable verb phrase such as {@code certificate.renewed}
     * @param target what it was done to
     * @param outcome {@code success}, {@code failure} or another stable word
     * @param details further facts; never a secret
     */
    void audit(String action, String target, String outcome, Map<String, String> details);

    /** @param event a complete event to record as is */
    void audit(AuditEvent event);

    /** @param progress how far the run has come; thread-safe */
    void progress(Progress progress);

    /** @return whether the run was cancelled or passed its timeout; thread-safe */
    boolean isCancelled();

    /**
     * Ends the job early if it was cancelled. Call it between items.
     *
     * @throws JobCancelledException if cancelled
     */
    void checkCancelled();

    /**
     * Spawns children. They are stored at once and may start before this job returns. When the
     * job returns, the run waits for them ({@code WAITING_FOR_CHILDREN}) and ends when the last
     * one does, with their counts added to its own.
     *
     * @param batch the children with their stagger and parallelism
     * @return the children's run ids, in order
     * @throws UnknownJobException if a child's job type is unknown
     * @throws InvalidParameterException if a child's parameters are invalid
     */
    List<Long> spawnChildren(ChildBatch batch);

    /**
     * Queues a run of a job type's default definition (the one whose id is the type id), due now, as
     * a run of its own rather than a child: this run does not wait for it, and it follows that
     * definition's policies, its retries and concurrency included. For work that may outlast this
     * run by far, such as polling a CA until it issues a certificate: the triggered run fails while
     * the work is not done, and its retry policy brings it back later.
     *
     * @param jobType the job type; not null
     * @param parameters values that override the definition's for this run; not null
     * @param mutexKey a resource key no two running runs may share, such as {@code certificate:42};
     *     null for the definition's own
     * @return the queued run's id
     * @throws UnknownJobException if the type or its default definition is unknown
     * @throws InvalidParameterException if a parameter is unknown or invalid
     * @throws VigilException if the job type is disabled, or a run of it already waits (QUEUE_ONE)
     */
    long trigger(String jobType, Map<String, String> parameters, String mutexKey);
}
