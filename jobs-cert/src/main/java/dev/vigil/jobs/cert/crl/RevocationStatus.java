package dev.vigil.jobs.cert.crl;

import dev.vigil.spi.cert.RevocationReason;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The revocation status of one certificate as told by its CRLs.
 *
 * @param state good, revoked or unknown
 * @param revocationDate when the certificate was revoked; present exactly when {@code REVOKED}
 * @param reason the CRL entry's reason code; only when {@code REVOKED}, and empty if the entry has none
 * @param cause why the status is unknown; present exactly when {@code UNKNOWN}
 * @param detail for people: which CRL answered (URL, number, dates), or why none could; never null
 */
public record RevocationStatus(State state, Optional<Instant> revocationDate, Optional<RevocationReason> reason,
        Optional<UnknownCause> cause, String detail) {

    /** The three answers. */
    public enum State {
        /** A fresh, verified CRL covering the certificate does not list it. */
        GOOD,
        /** A fresh, verified CRL lists the certificate. */
        REVOKED,
        /** No fresh, verified CRL covering the certificate could be had; never read as good. */
        UNKNOWN
    }

    public RevocationStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(revocationDate, "revocationDate");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(detail, "detail");
        if (revocationDate.isPresent() != (state == State.REVOKED)) {
            throw new IllegalArgumentException("revocationDate must be present exactly when REVOKED, state " + state);
        }
        if (reason.isPresent() && state != State.REVOKED) {
            throw new IllegalArgumentException("reason is only for REVOKED, state " + state);
        }
        if (cause.isPresent() != (state == State.UNKNOWN)) {
            throw new IllegalArgumentException("cause must be present exactly when UNKNOWN, state " + state);
        }
    }

    /** @return a good status */
    public static RevocationStatus good(String detail) {
        return new RevocationStatus(State.GOOD, Optional.empty(), Optional.empty(), Optional.empty(), detail);
    }

    /** @return a revoked status */
    public static RevocationStatus revoked(Instant when, Optional<RevocationReason> reason, String detail) {
        return new RevocationStatus(State.REVOKED, Optional.of(when), reason, Optional.empty(), detail);
    }

    /** @return an unknown status */
    public static RevocationStatus unknown(UnknownCause cause, String detail) {
        return new RevocationStatus(State.UNKNOWN, Optional.empty(), Optional.empty(), Optional.of(cause), detail);
    }
}
