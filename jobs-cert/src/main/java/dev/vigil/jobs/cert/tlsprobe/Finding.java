package dev.vigil.jobs.cert.tlsprobe;

import java.util.Objects;

/**
 * What one probe concluded, before {@link TlsProbes} adds the endpoint and vulnerability.
 *
 * @param outcome not null
 * @param detail one line for people; never bytes the server sent; not null
 */
record Finding(ProbeOutcome outcome, String detail) {
    Finding {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
