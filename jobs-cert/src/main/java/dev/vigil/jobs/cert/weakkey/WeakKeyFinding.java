package dev.vigil.jobs.cert.weakkey;

import java.util.Objects;

/**
 * One weakness of a public key.
 *
 * @param id the stable id of the weakness; not null
 * @param detail one line for people; names sizes, exponents up to 3 and curve names, never the
 *     modulus, a point, a factor or any other key material; not null, not blank, no line breaks
 */
public record WeakKeyFinding(WeakKeyId id, String detail) {

    /** Validates the values. */
    public WeakKeyFinding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(detail, "detail");
        if (detail.isBlank() || detail.indexOf('\n') >= 0 || detail.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("A finding's detail must be one non-blank line");
        }
    }
}
