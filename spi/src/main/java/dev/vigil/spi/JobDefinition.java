package dev.vigil.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of one schedule of one job type: each job type has a default definition whose id
 * is the type id; a host may add more (for example one discovery import per certificate group).
 * Definitions are stored; a restart never resets a host's changes.
 *
 * @param id the definition id, {@code [a-zA-Z0-9][a-zA-Z0-9_.:-]*}
 * @param jobType the job type id; not null
 * @param schedule when it fires; not null
 * @param parameters parameter values in text form (validated by the engine against the type)
 * @param enabled whether its schedule fires; a disabled definition can still be triggered
 * @param policies its run policies; not null
 * @param mutexKey a resource key no two running runs may share, or null
 * @param scheduleAnchor fires before this instant are not due (one exactly at it is): the time the
 *     schedule was last set or enabled; not null
 */
public record JobDefinition(String id, String jobType, Schedule schedule, Map<String, String> parameters,
                            boolean enabled, JobPolicies policies, String mutexKey, Instant scheduleAnchor) {

    private static final String ID = "[a-zA-Z0-9][a-zA-Z0-9_.:-]*";

    /** Validates the id and copies the parameters. */
    public JobDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobType, "jobType");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(scheduleAnchor, "scheduleAnchor");
        parameters = Map.copyOf(parameters);
        if (!isValidId(id)) {
            throw new IllegalArgumentException("Definition id '" + id + "' must match " + ID
                    + " and be at most 200 characters");
        }
    }

    /** {@code id} matches {@link #ID} and has at most 200 characters; a loop, as it runs for every definition made. */
    private static boolean isValidId(String id) {
        int n = id.length();
        if (n == 0 || n > 200 || !isAlphanumeric(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = id.charAt(i);
            if (!isAlphanumeric(c) && c != '_' && c != '.' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** @return the mutex key, if any */
    public Optional<String> mutexKeyIfAny() {
        return Optional.ofNullable(mutexKey);
    }

    /** @param value the new schedule @param anchor from when it counts @return a copy */
    public JobDefinition withSchedule(Schedule value, Instant anchor) {
        return new JobDefinition(id, jobType, value, parameters, enabled, policies, mutexKey, anchor);
    }

    /** @param value whether enabled @param anchor from when fires count @return a copy */
    public JobDefinition withEnabled(boolean value, Instant anchor) {
        return new JobDefinition(id, jobType, schedule, parameters, value, policies, mutexKey, anchor);
    }

    /** @param value the parameters @return a copy */
    public JobDefinition withParameters(Map<String, String> value) {
        return new JobDefinition(id, jobType, schedule, value, enabled, policies, mutexKey, scheduleAnchor);
    }

    /** @param value the policies @return a copy */
    public JobDefinition withPolicies(JobPolicies value) {
        return new JobDefinition(id, jobType, schedule, parameters, enabled, value, mutexKey, scheduleAnchor);
    }

    /** @param value the mutex key or null @return a copy */
    public JobDefinition withMutexKey(String value) {
        return new JobDefinition(id, jobType, schedule, parameters, enabled, policies, value, scheduleAnchor);
    }
}
