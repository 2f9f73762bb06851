package dev.vigil.jobs.cert.ct;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on one embedded SCT.
 *
 * @param position its 1-based position in the certificate's SCT list
 * @param logId the base64 log id it carries; not null
 * @param log the log with that id, or empty when the log list does not have it
 * @param timestamp when the log says it saw the certificate; not null
 * @param status the verdict; not null
 * @param detail why the status is not {@link SctStatus#VALID}, empty when it is; not null
 */
public record SctResult(int position, String logId, Optional<CtLog> log, Instant timestamp, SctStatus status,
        String detail) {

    /** Checks that the values are present. */
    public SctResult {
        if (position < 1) {
            throw new IllegalArgumentException("position is 1-based, got " + position);
        }
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return the log's description, or its id when the log is unknown, for messages */
    public String logName() {
        return log.map(l -> "'" + l.description() + "'").orElse(logId);
    }
}
