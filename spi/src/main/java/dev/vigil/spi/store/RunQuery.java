package dev.vigil.spi.store;

import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunState;
import java.util.Set;

/**
 * A filter over run history, newest (highest id) first. Page by passing the last id of one page as
 * {@code beforeId} of the next.
 *
 * @param definitionId only this definition's runs, or null for all
 * @param jobType only this job type's runs, or null for all
 * @param states only these states; empty for all
 * @param origins only these origins; empty for all
 * @param parentRunId only children of this run, or null for all
 * @param beforeId only runs with a smaller id; 0 for no bound
 * @param limit the most runs to return; 1 to 10,000
 */
public record RunQuery(String definitionId, String jobType, Set<RunState> states, Set<RunOrigin> origins,
                       Long parentRunId, long beforeId, int limit) {

    /** The largest page. */
    public static final int MAX_LIMIT = 10_000;

    private static final RunQuery ALL = new RunQuery(null, null, Set.of(), Set.of(), null, 0, 100);

    /**
     * Validates the limit and copies the sets (a set that is already unmodifiable, as every step
     * below makes, is kept as it is).
     */
    public RunQuery {
        states = Set.copyOf(states);
        origins = Set.copyOf(origins);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (beforeId < 0) {
            throw new IllegalArgumentException("beforeId must not be negative");
        }
    }

    /** @return every run, newest first, 100 at a time */
    public static RunQuery all() {
        return ALL;
    }

    /** @param id a definition id @return its runs */
    public static RunQuery forDefinition(String id) {
        return all().definition(id);
    }

    /** @param id a definition id, or null @return a copy filtered to it */
    public RunQuery definition(String id) {
        return new RunQuery(id, jobType, states, origins, parentRunId, beforeId, limit);
    }

    /** @param type a job type, or null @return a copy filtered to it */
    public RunQuery jobType(String type) {
        return new RunQuery(definitionId, type, states, origins, parentRunId, beforeId, limit);
    }

    /** @param values the states to keep @return a copy filtered to them */
    public RunQuery states(RunState... values) {
        return new RunQuery(definitionId, jobType, Set.of(values), origins, parentRunId, beforeId, limit);
    }

    /** @param values the origins to keep @return a copy filtered to them */
    public RunQuery origins(RunOrigin... values) {
        return new RunQuery(definitionId, jobType, states, Set.of(values), parentRunId, beforeId, limit);
    }

    /** @param id a parent run @return a copy filtered to its children */
    public RunQuery childrenOf(long id) {
        return new RunQuery(definitionId, jobType, states, origins, id, beforeId, limit);
    }

    /** @param id the last id of the previous page @return a copy for the next page */
    public RunQuery before(long id) {
        return new RunQuery(definitionId, jobType, states, origins, parentRunId, id, limit);
    }

    /** @param value the page size @return a copy with it */
    public RunQuery limit(int value) {
        return new RunQuery(definitionId, jobType, states, origins, parentRunId, beforeId, value);
    }
}
