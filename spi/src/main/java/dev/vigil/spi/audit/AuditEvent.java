package dev.vigil.spi.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a job did or decided that an auditor should see: a certificate renewed, a key removed,
 * a password rotated, a finding raised. Never holds a secret.
 *
 * @param time when it happened; not null
 * @param jobType the job type that did it; not null
 * @param definitionId the definition the run belongs to; not null
 * @param runId the run; 0 when not inside a run
 * @param action what was done, a stable lower-case verb phrase such as {@code certificate.renewed}; not blank
 * @param target what it was done to, e.g. a certificate serial or {@code host:web-01}; not null
 * @param outcome {@code success}, {@code failure} or another stable word; not null
 * @param details further facts; never a secret
 */
public record AuditEvent(Instant time, String jobType, String definitionId, long runId, String action,
                         String target, String outcome, Map<String, String> details) {
    /** Validates presence and copies the details. */
    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(jobType, "jobType");
        Objects.requireNonNull(definitionId, "definitionId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        details = Map.copyOf(details);
        if (action.isBlank()) {
            throw new IllegalArgumentException("An audit event needs an action");
        }
    }
}
