package dev.vigil.jobs.cert.lint;

/** How serious a {@link LintFinding} is, most serious first; findings sort in this order. */
public enum Severity {
    /** The certificate breaks a rule it must follow. */
    ERROR,
    /** The certificate follows the rules but should be looked at. */
    WARNING,
    /** Worth knowing; not a fault by itself. */
    NOTICE
}
