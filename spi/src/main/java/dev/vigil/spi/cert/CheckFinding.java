package dev.vigil.spi.cert;

import java.util.Objects;

/**
 * One thing a check found about a certificate.
 *
 * @param id a stable rule or problem id, e.g. {@code validity_over_398_days}, {@code ROCA}, {@code EXPIRED}
 * @param severity how much it matters
 * @param detail one line for people; never key material or a secret
 */
public record CheckFinding(String id, Severity severity, String detail) {

    /** How much a finding matters. */
    public enum Severity {
        /** Breaks a rule or leaves the certificate unsafe or unusable. */
        ERROR,
        /** Should be fixed. */
        WARNING,
        /** Worth knowing. */
        NOTICE
    }

    /** Validates. */
    public CheckFinding {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(detail, "detail");
    }
}
