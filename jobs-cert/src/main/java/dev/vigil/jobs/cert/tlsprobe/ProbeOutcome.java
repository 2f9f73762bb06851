package dev.vigil.jobs.cert.tlsprobe;

/** What a probe found out about one endpoint. */
public enum ProbeOutcome {
    /** The server behaved as a vulnerable server does. */
    VULNERABLE,
    /** The server behaved as a patched or unaffected server does. */
    NOT_VULNERABLE,
    /** The probe does not apply, e.g. the server speaks only TLS 1.3, which the vulnerability predates. */
    NOT_APPLICABLE,
    /** The probe could not decide: no connection, a timeout, an answer that is not TLS, too many bytes. */
    ERROR
}
