package dev.vigil.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as the store keeps it: queued, running, waiting for children, or ended (history).
 *
 * @param id the run id, unique in the store, positive
 * @param definitionId the definition it belongs to (a child belongs to its parent's definition)
 * @param jobType the job type it runs
 * @param origin why it exists
 * @param parentRunId the parent run, or null
 * @param attempt 1 for a first attempt, more for retries
 * @param state where it is
 * @param scheduledTime the fire time it stands for (for non-scheduled runs, when it was asked for)
 * @param dueAt when it may start
 * @param startedAt when it started, or null
 * @param endedAt when it ended, or null
 * @param owner the node that holds or held it, or null
 * @param leaseUntil when the owner's lease ends, or null
 * @param fencingToken the token of the current claim; completion must present it
 * @param mutexKey its resource key, or null
 * @param concurrency the concurrency policy it was enqueued with
 * @param timeout its time limit, {@link Duration#ZERO} for none
 * @param parameters its parameter values
 * @param counts the items it did (a parent's include its children's once they end)
 * @param message a one-line summary; not null
 * @param itemErrors kept per-item errors
 * @param childrenTotal children spawned
 * @param childrenFinished children ended
 * @param childrenFailed children ended other than succeeded, partial or skipped
 * @param childParallelism the most children running at once
 * @param cancelRequested whether someone asked to cancel it
 */
public record RunRecord(long id, String definitionId, String jobType, RunOrigin origin, Long parentRunId,
                        int attempt, RunState state, Instant scheduledTime, Instant dueAt, Instant startedAt,
                        Instant endedAt, String owner, Instant leaseUntil, long fencingToken, String mutexKey,
                        ConcurrencyPolicy concurrency, Duration timeout, Map<String, String> parameters,
                        RunCounts counts, String message, List<ItemError> itemErrors, int childrenTotal,
                        int childrenFinished, int childrenFailed, int childParallelism, boolean cancelRequested) {

    /** Validates presence and copies collections. */
    public RunRecord {
        Objects.requireNonNull(definitionId, "definitionId");
        Objects.requireNonNull(jobType, "jobType");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(scheduledTime, "scheduledTime");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(concurrency, "concurrency");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(message, "message");
        parameters = Map.copyOf(parameters);
        itemErrors = List.copyOf(itemErrors);
    }

    /** @return the parent run id, if this is a child */
    public Optional<Long> parent() {
        return Optional.ofNullable(parentRunId);
    }

    /** @return the mutex key, if any */
    public Optional<String> mutex() {
        return Optional.ofNullable(mutexKey);
    }

    /** @return whether every spawned child has ended */
    public boolean childrenDone() {
        return childrenFinished >= childrenTotal;
    }

    /** @return how long it ran, if it started and ended */
    public Optional<Duration> duration() {
        return startedAt == null || endedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, endedAt));
    }

    /** @return a builder with the values of this record, for stores that change a field or two */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a {@link RunRecord} with some fields changed. Stores use it; hosts rarely need it. */
    public static final class Builder {
        private long id;
        private String definitionId;
        private String jobType;
        private RunOrigin origin;
        private Long parentRunId;
        private int attempt;
        private RunState state;
        private Instant scheduledTime;
        private Instant dueAt;
        private Instant startedAt;
        private Instant endedAt;
        private String owner;
        private Instant leaseUntil;
        private long fencingToken;
        private String mutexKey;
        private ConcurrencyPolicy concurrency;
        private Duration timeout;
        private Map<String, String> parameters;
        private RunCounts counts;
        private String message;
        private List<ItemError> itemErrors;
        private int childrenTotal;
        private int childrenFinished;
        private int childrenFailed;
        private int childParallelism;
        private boolean cancelRequested;

        private Builder(RunRecord r) {
            id = r.id;
            definitionId = r.definitionId;
            jobType = r.jobType;
            origin = r.origin;
            parentRunId = r.parentRunId;
            attempt = r.attempt;
            state = r.state;
            scheduledTime = r.scheduledTime;
            dueAt = r.dueAt;
            startedAt = r.startedAt;
            endedAt = r.endedAt;
            owner = r.owner;
            leaseUntil = r.leaseUntil;
            fencingToken = r.fencingToken;
            mutexKey = r.mutexKey;
            concurrency = r.concurrency;
            timeout = r.timeout;
            parameters = r.parameters;
            counts = r.counts;
            message = r.message;
            itemErrors = r.itemErrors;
            childrenTotal = r.childrenTotal;
            childrenFinished = r.childrenFinished;
            childrenFailed = r.childrenFailed;
            childParallelism = r.childParallelism;
            cancelRequested = r.cancelRequested;
        }

        /** @param v value @return this */ public Builder state(RunState v) { state = v; return this; }
        /** @param v value @return this */ public Builder dueAt(Instant v) { dueAt = v; return this; }
        /** @param v value @return this */ public Builder scheduledTime(Instant v) { scheduledTime = v; return this; }
        /** @param v value @return this */ public Builder startedAt(Instant v) { startedAt = v; return this; }
        /** @param v value @return this */ public Builder endedAt(Instant v) { endedAt = v; return this; }
        /** @param v value @return this */ public Builder owner(String v) { owner = v; return this; }
        /** @param v value @return this */ public Builder leaseUntil(Instant v) { leaseUntil = v; return this; }
        /** @param v value @return this */ public Builder fencingToken(long v) { fencingToken = v; return this; }
        /** @param v value @return this */ public Builder counts(RunCounts v) { counts = v; return this; }
        /** @param v value @return this */ public Builder message(String v) { message = v; return this; }
        /** @param v value @return this */ public Builder itemErrors(List<ItemError> v) { itemErrors = v; return this; }
        /** @param v value @return this */ public Builder childrenTotal(int v) { childrenTotal = v; return this; }
        /** @param v value @return this */ public Builder childrenFinished(int v) { childrenFinished = v; return this; }
        /** @param v value @return this */ public Builder childrenFailed(int v) { childrenFailed = v; return this; }
        /** @param v value @return this */ public Builder childParallelism(int v) { childParallelism = v; return this; }
        /** @param v value @return this */ public Builder cancelRequested(boolean v) { cancelRequested = v; return this; }

        /** @return the record */
        public RunRecord build() {
            return new RunRecord(id, definitionId, jobType, origin, parentRunId, attempt, state, scheduledTime, dueAt,
                    startedAt, endedAt, owner, leaseUntil, fencingToken, mutexKey, concurrency, timeout, parameters,
                    counts, message, itemErrors, childrenTotal, childrenFinished, childrenFailed, childParallelism,
                    cancelRequested);
        }
    }
}
