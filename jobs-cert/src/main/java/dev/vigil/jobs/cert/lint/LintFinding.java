package dev.vigil.jobs.cert.lint;

import dev.vigil.spi.cert.CertificatePolicy;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule a certificate breaks.
 *
 * @param ruleId the rule's stable id, lower case with underscores, e.g. {@code sha1_signature}; ids of
 *        rules from the host's {@link CertificatePolicy} start with {@code policy_}; not null
 * @param severity how serious; not null
 * @param message what is wrong, for people, naming the values found; not null, never a key or secret
 */
public record LintFinding(String ruleId, Severity severity, String message) {

    /** Severity first (errors first), then rule id, then message. */
    public static final Comparator<LintFinding> ORDER = Comparator.comparing(LintFinding::severity)
            .thenComparing(LintFinding::ruleId)
            .thenComparing(LintFinding::message);

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)*");

    /** Validates the id's form and presence of the rest. */
    public LintFinding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (!RULE_ID.matcher(ruleId).matches()) {
            throw new IllegalArgumentException("rule id must be lower case words joined by '_', got '" + ruleId + "'");
        }
    }
}
