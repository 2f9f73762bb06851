package dev.vigil.jobs.cert.ocsp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an OCSP check found.
 *
 * @param state good, revoked or unknown
 * @param revokedAt when revoked; present exactly when {@code REVOKED}
 * @param reason the RFC 5280 name of the revocation reason ({@code keyCompromise}...); only when
 *     {@code REVOKED}, empty if the responder gave none
 * @param problem why unknown; present exactly when {@code UNKNOWN}
 * @param detail for people: which responder answered and when, or why none could; never a response payload
 */
public record OcspStatus(State state, Optional<Instant> revokedAt, Optional<String> reason,
                         Optional<OcspProblem> problem, String detail) {

    /** The three answers. */
    public enum State {
        /** A verified, fresh answer says good. */
        GOOD,
        /** A verified, fresh answer says revoked. */
        REVOKED,
        /** No verified, fresh answer could be had, or the responder does not know the certificate. */
        UNKNOWN
    }

    /** Validates. */
    public OcspStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(detail, "detail");
        if (revokedAt.isPresent() != (state == State.REVOKED) || problem.isPresent() != (state == State.UNKNOWN)) {
            throw new IllegalArgumentException("revokedAt only when REVOKED, problem only when UNKNOWN; state " + state);
        }
    }

    static OcspStatus good(String detail) {
        return new OcspStatus(State.GOOD, Optional.empty(), Optional.empty(), Optional.empty(), detail);
    }

    static OcspStatus revoked(Instant at, Optional<String> reason, String detail) {
        return new OcspStatus(State.REVOKED, Optional.of(at), reason, Optional.empty(), detail);
    }

    static OcspStatus unknown(OcspProblem problem, String detail) {
        return new OcspStatus(State.UNKNOWN, Optional.empty(), Optional.empty(), Optional.of(problem), detail);
    }
}
