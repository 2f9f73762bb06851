package dev.vigil.spi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a job type is: its stable id, what people call it, its declared defaults, its parameters and
 * the host services it needs. The engine creates a default definition (id = type id) from these
 * defaults on first start; a host's later changes to that definition are kept.
 *
 * @param id the stable namespaced id, lower case, e.g. {@code cert.expiry-status-check}
 * @param title a short human title; not blank
 * @param description what the job does, for people; not null
 * @param defaultSchedule the schedule of the default definition; not null
 * @param enabledByDefault whether the default definition starts enabled
 * @param defaultPolicies the default run policies; not null
 * @param parameters the declared parameters, names unique
 * @param requiredServices host service types without which the job cannot run
 */
public record JobDescriptor(String id, String title, String description, Schedule defaultSchedule,
                            boolean enabledByDefault, JobPolicies defaultPolicies, List<ParameterSpec> parameters,
                            List<Class<?>> requiredServices) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+");

    /** Validates the id, the title and that parameter names are unique. */
    public JobDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultSchedule, "defaultSchedule");
        Objects.requireNonNull(defaultPolicies, "defaultPolicies");
        parameters = List.copyOf(parameters);
        requiredServices = List.copyOf(requiredServices);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Job type id '" + id
                    + "' must be lower case and namespaced, like cert.expiry-status-check");
        }
        if (title.isBlank()) {
            throw new IllegalArgumentException("Job type " + id + " needs a title");
        }
        Set<String> names = new HashSet<>();
        for (ParameterSpec p : parameters) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("Job type " + id + " declares parameter '" + p.name() + "' twice");
            }
        }
    }

    /**
     * @param id the stable namespaced id
     * @return a builder with the defaults: manual schedule, enabled, {@link JobPolicies#defaults()}
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** @return the namespace: the part of the id before the first dot, e.g. {@code cert} */
    public String namespace() {
        return id.substring(0, id.indexOf('.'));
    }

    /** Builds a {@link JobDescriptor}. */
    public static final class Builder {
        private final String id;
        private String title;
        private String description = "";
        private Schedule schedule = Schedule.manual();
        private boolean enabled = true;
        private JobPolicies policies = JobPolicies.defaults();
        private final List<ParameterSpec> parameters = new ArrayList<>();
        private final List<Class<?>> services = new ArrayList<>();

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        /** @param value a short human title @return this */
        public Builder title(String value) {
            this.title = value;
            return this;
        }

        /** @param value what the job does @return this */
        public Builder description(String value) {
            this.description = value;
            return this;
        }

        /** @param value the default schedule @return this */
        public Builder schedule(Schedule value) {
            this.schedule = value;
            return this;
        }

        /** @param quartzExpression a Quartz cron expression in the engine's zone @return this */
        public Builder cron(String quartzExpression) {
            this.schedule = Schedule.cron(quartzExpression);
            return this;
        }

        /** @param value whether the default definition starts enabled @return this */
        public Builder enabledByDefault(boolean value) {
            this.enabled = value;
            return this;
        }

        /** @param value the default policies @return this */
        public Builder policies(JobPolicies value) {
            this.policies = value;
            return this;
        }

        /** @param value the default concurrency policy @return this */
        public Builder concurrency(ConcurrencyPolicy value) {
            this.policies = policies.withConcurrency(value);
            return this;
        }

        /** @param value the default misfire policy @return this */
        public Builder misfire(MisfirePolicy value) {
            this.policies = policies.withMisfire(value);
            return this;
        }

        /** @param value the default retry policy @return this */
        public Builder retry(RetryPolicy value) {
            this.policies = policies.withRetry(value);
            return this;
        }

        /** @param value the default timeout @return this */
        public Builder timeout(java.time.Duration value) {
            this.policies = policies.withTimeout(value);
            return this;
        }

        /** @param value a declared parameter @return this */
        public Builder parameter(ParameterSpec value) {
            this.parameters.add(value);
            return this;
        }

        /** @param value a host service type the job needs @return this */
        public Builder requires(Class<?> value) {
            this.services.add(value);
            return this;
        }

        /** @return the descriptor @throws IllegalArgumentException if a value is invalid */
        public JobDescriptor build() {
            return new JobDescriptor(id, title, description, schedule, enabled, policies, parameters, services);
        }
    }
}
