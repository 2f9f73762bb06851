package dev.vigil.jobs.cert.tlsprobe;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The result of probing one TLS endpoint for one vulnerability. The detail explains the outcome for
 * people; it never holds bytes the server sent.
 *
 * @param endpoint the host and port probed; not null
 * @param vulnerability what was probed for; not null
 * @param outcome what the probe found; not null
 * @param detail one line saying why, e.g. the alert the server sent; not null, not blank
 */
public record ProbeResult(InetSocketAddress endpoint, TlsVulnerability vulnerability, ProbeOutcome outcome,
                          String detail) {
    /** Validates presence and that the detail is one non-blank line. */
    public ProbeResult {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(vulnerability, "vulnerability");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if (detail.isBlank() || detail.indexOf('\n') >= 0 || detail.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("detail must be one non-blank line, got: " + detail);
        }
    }

    /** @return whether the endpoint was found vulnerable */
    public boolean vulnerable() {
        return outcome == ProbeOutcome.VULNERABLE;
    }
}
