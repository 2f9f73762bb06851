package dev.vigil.spi.cert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one check found for one certificate.
 *
 * @param kind which check
 * @param status the status field's new value, e.g. {@code EXPIRING} (the values are listed on {@link CheckKind})
 * @param findings what lies behind the status, most important first; empty when there is nothing to report
 * @param checkedAt when the check ran, by the job's clock
 */
public record CheckRecord(CheckKind kind, String status, List<CheckFinding> findings, Instant checkedAt) {

    /** Validates and copies. */
    public CheckRecord {
        Objects.requireNonNull(kind, "kind");
        if (status == null || status.isBlank()) {
            throw new IllegalArgumentException("status must not be blank");
        }
        findings = List.copyOf(findings);
        Objects.requireNonNull(checkedAt, "checkedAt");
    }
}
