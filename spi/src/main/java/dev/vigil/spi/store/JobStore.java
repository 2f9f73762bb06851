package dev.vigil.spi.store;

import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine keeps definitions, runs and settings. Small and atomic: every method is one
 * transaction, safe to call from several threads and — for a shared store — from several nodes.
 * Vigil ships an in-memory store and a JDBC store; the testkit's {@code JobStoreContract} is the
 * executable form of the rules below, and a host's own store must pass it.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Time</b> is the store's own ({@link #now()}): lease ends and "due" are judged by it.
 *   <li><b>One queued scheduled run per definition.</b> {@link #enqueue} rejects a run whose origin
 *       {@linkplain dev.vigil.spi.RunOrigin#carriesSchedule() carries the schedule} while a
 *       {@code QUEUED} run of the same definition that carries the schedule exists; and rejects a
 *       non-child run that does not carry the schedule, with concurrency {@code QUEUE_ONE}, while such
 *       a {@code QUEUED} run of the same definition exists (schedule-carrying runs follow only the
 *       first rule, so a waiting manual run never ends a definition's schedule).
 *   <li><b>Claims</b> take {@code QUEUED} runs with {@code dueAt <= now()}, oldest due first (then
 *       lowest id), and make them {@code RUNNING} with {@code owner}, {@code startedAt = now()},
 *       {@code leaseUntil = now() + lease} and a fencing token larger than any issued before.
 *       A run is passed over (left queued) while a {@code RUNNING} run holds its mutex key (or a
 *       run claimed earlier in the same call does), while its parent already has
 *       {@code childParallelism} running children, or — for a non-child run with concurrency
 *       {@code QUEUE_ONE} — while a non-child run of its definition is {@code RUNNING} or
 *       {@code WAITING_FOR_CHILDREN} (or was claimed earlier in the same call). A non-child run with
 *       {@code SKIP_IF_RUNNING} that meets such a run is ended {@code SKIPPED} instead and reported
 *       in {@link ClaimResult#skipped()} (this comes before the mutex rule: a run is skipped, not
 *       held, when a run of its own definition holds its mutex key); skipped runs do not count
 *       towards the limit. Every claimed
 *       run gets its own fencing token. No run is ever claimed twice.
 *   <li><b>Completion is fenced</b>: it is accepted only if the run is {@code RUNNING} with the
 *       given owner and fencing token (and, when asked, an expired lease). It records the state,
 *       message and errors, adds the counts to those its children already reported, sets
 *       {@code endedAt} (unless waiting for children), clears the
 *       lease, enqueues the follow-ups, and — for a child — adds its counts to the parent and counts
 *       it finished, all at once.
 *   <li><b>Purge</b> deletes terminal runs that ended before a bound, never one whose children have
 *       not all ended, and never the newest schedule-carrying run of a definition (it anchors the
 *       schedule, e.g. proves a one-off schedule already fired).
 * </ul>
 */
public interface JobStore {

    /** @return the store's current time; for a database, the database clock */
    Instant now();

    /**
     * @return whether other processes may change this store, so that an engine must poll it for
     *     runs they enqueue; true unless the store lives in this JVM only
     */
    default boolean isSharedAcrossNodes() {
        return true;
    }

    // ---- definitions -------------------------------------------------------------------------

    /** @param definition inserted, or replacing the one with its id */
    void saveDefinition(JobDefinition definition);

    /**
     * @param definition inserted unless one with its id exists
     * @return whether it was inserted
     */
    boolean insertDefinitionIfAbsent(JobDefinition definition);

    /** @param id a definition id @return the definition, if stored */
    Optional<JobDefinition> findDefinition(String id);

    /** @return every definition, ordered by id */
    List<JobDefinition> definitions();

    /**
     * Deletes a definition and cancels its queued runs; history stays.
     *
     * @param id a definition id
     * @return whether it existed
     */
    boolean deleteDefinition(String id);

    // ---- runs --------------------------------------------------------------------------------

    /**
     * @param run the run to store as {@code QUEUED}
     * @return the stored run, or empty if the rules above reject it
     */
    Optional<RunRecord> enqueue(NewRun run);

    /**
     * Stores a parent's children as {@code QUEUED}, adds them to its {@code childrenTotal}, and sets
     * its {@code childParallelism} (a later batch's limit replaces an earlier one's). Children go on
     * even if their parent later ends without waiting for them (its job failed after spawning);
     * their completions still add to its counts.
     *
     * @param parentRunId the parent; must be {@code RUNNING}
     * @param children runs with origin {@code CHILD} and this parent
     * @param maxParallel the most of the parent's children to run at once
     * @return the stored children, in order
     * @throws IllegalStateException if the parent is unknown or not running
     */
    List<RunRecord> enqueueChildren(long parentRunId, List<NewRun> children, int maxParallel);

    /**
     * Claims due runs for {@code owner}, as the rules above say.
     *
     * @param owner the claiming node's id
     * @param limit the most runs to claim, at least 1
     * @param lease how long the lease lasts before a heartbeat must extend it
     * @return the claimed and the skipped runs
     */
    ClaimResult claimDue(String owner, int limit, Duration lease);

    /**
     * Claims as {@link #claimDue(String, int, Duration)} does, but takes at most {@code limitHolding}
     * runs that hold something other definitions' runs may wait for while they run: a mutex key, or a
     * place among their parent's parallel children (any child run). Due runs of that kind beyond the
     * limit stay queued, and runs due after them may be claimed before them. A dispatcher that queues runs locally ahead of its free workers
     * claims this way, so that a run waiting in its queue keeps no one from a key; the runs it passes
     * over are claimed once a worker is free.
     *
     * <p>The default claims {@code min(limit, limitHolding)} runs, none when {@code limitHolding} is 0:
     * correct for any store, without the benefit.
     *
     * @param owner the claiming node's id
     * @param limit the most runs to claim, at least 1
     * @param limitHolding the most of them that may hold a mutex key or a child place; 0 or more
     * @param lease how long the lease lasts before a heartbeat must extend it
     * @return the claimed and the skipped runs
     */
    default ClaimResult claimDue(String owner, int limit, int limitHolding, Duration lease) {
        if (limitHolding < 0) {
            throw new IllegalArgumentException("limitHolding must be 0 or more, was " + limitHolding);
        }
        return limitHolding == 0 ? ClaimResult.EMPTY : claimDue(owner, Math.min(limit, limitHolding), lease);
    }

    /**
     * @return the earliest {@code dueAt} of any queued run, if any. It may be in the past for a run
     *     held back by a mutex, its parent's parallelism or {@code QUEUE_ONE}; a dispatcher must
     *     not spin on it (the engine waits for a completion, and re-checks within a second).
     */
    Optional<Instant> nextDueTime();

    /**
     * Extends the leases of running runs that {@code owner} holds.
     *
     * @param owner the node
     * @param runIds the runs it believes it holds
     * @param lease the new lease length from {@link #now()}
     * @return which of them it no longer holds, and which have a cancel request
     */
    HeartbeatResult heartbeat(String owner, Collection<Long> runIds, Duration lease);

    /**
     * Ends a run, fenced.
     *
     * @param completion what happened
     * @return whether it was accepted, and a waiting parent ready to finish
     */
    CompletionResult complete(RunCompletion completion);

    /**
     * Ends several runs, each fenced on its own as {@link #complete} says, in order. A store that can
     * should do it in one transaction: the engine hands in the completions that pile up while an
     * earlier batch is written, so this is where a database store saves its round trips and
     * commits. The default calls {@link #complete} for each.
     *
     * @param completions what happened to each run; not null, no run twice
     * @return one result per completion, in the same order
     */
    default List<CompletionResult> completeAll(List<RunCompletion> completions) {
        List<CompletionResult> out = new java.util.ArrayList<>(completions.size());
        for (RunCompletion c : completions) {
            out.add(complete(c));
        }
        return out;
    }

    /**
     * Ends a run that waits for children once they have all ended: sets the state and message,
     * {@code endedAt = now()}, and enqueues the follow-ups (under the rules of {@link #enqueue}).
     *
     * @param runId the waiting run
     * @param state a terminal state
     * @param message a one-line summary
     * @param followUps runs to enqueue with it
     * @return false if the run was not waiting or has unfinished children (then nothing changed)
     */
    boolean finishParent(long runId, RunState state, String message, List<NewRun> followUps);

    /**
     * @param limit the most to return
     * @return {@code RUNNING} runs whose lease ended before {@link #now()}, oldest lease first
     */
    List<RunRecord> expiredLeases(int limit);

    /**
     * Asks to cancel a run: a {@code QUEUED} run ends {@code CANCELLED} at once (a child counts as
     * finished and failed for its parent; if that leaves a waiting parent with every child ended,
     * the engine's watchdog finishes it); a running or waiting one is marked, and its owner sees the
     * mark at its next heartbeat.
     *
     * @param runId the run
     * @return false if the run is unknown or already ended
     */
    boolean requestCancel(long runId);

    /** @param runId a run id @return the run, if stored */
    Optional<RunRecord> findRun(long runId);

    /** @param query the filter and page @return the matching runs, newest first */
    List<RunRecord> runs(RunQuery query);

    /**
     * Deletes old history in one bounded batch.
     *
     * @param endedBefore delete terminal runs that ended before this
     * @param limit the most runs to delete
     * @return how many were deleted
     */
    int purge(Instant endedBefore, int limit);

    // ---- settings ----------------------------------------------------------------------------

    /** @return every setting, unmodifiable */
    Map<String, String> settings();

    /** @param key the key @param value the value; both not null */
    void putSetting(String key, String value);

    /** @param key the key to remove */
    void removeSetting(String key);
}
