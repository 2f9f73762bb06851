package dev.vigil.spi.cert;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a CA says about a certificate's revocation ({@link CaConnector#revocationStatus}).
 *
 * @param state good, revoked or unknown; not null
 * @param revokedAt when the CA revoked it; present exactly when {@link State#REVOKED}
 * @param reason the CA's revocation reason, preferably the RFC 5280 name ({@code keyCompromise},
 *     {@code superseded}...); only when {@link State#REVOKED}, empty if the CA gives none
 * @param detail one line for people: what the CA answered (an order id, say) or why it could not;
 *     never a credential; not null
 */
public record CaRevocationStatus(State state, Optional<Instant> revokedAt, Optional<String> reason, String detail) {

    /** The three answers. */
    public enum State {
        /** The CA has not revoked the certificate. */
        GOOD,
        /** The CA revoked the certificate. */
        REVOKED,
        /** The CA does not know the certificate, or cannot tell. */
        UNKNOWN
    }

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code revokedAt} or {@code reason} do not fit the state
     * @throws NullPointerException if an argument is null
     */
    public CaRevocationStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (revokedAt.isPresent() != (state == State.REVOKED)) {
            throw new IllegalArgumentException("revokedAt must be present exactly when REVOKED, state " + state);
        }
        if (reason.isPresent() && state != State.REVOKED) {
            throw new IllegalArgumentException("a reason is only for REVOKED, state " + state);
        }
    }

    /**
     * @param detail what the CA answered; not null
     * @return a good status
     */
    public static CaRevocationStatus good(String detail) {
        return new CaRevocationStatus(State.GOOD, Optional.empty(), Optional.empty(), detail);
    }

    /**
     * @param at when the CA revoked the certificate; not null
     * @param reason the reason, or null if the CA gives none
     * @param detail what the CA answered; not null
     * @return a revoked status
     */
    public static CaRevocationStatus revoked(Instant at, String reason, String detail) {
        return new CaRevocationStatus(State.REVOKED, Optional.of(at), Optional.ofNullable(reason), detail);
    }

    /**
     * @param detail why the CA cannot tell; not null
     * @return an unknown status
     */
    public static CaRevocationStatus unknown(String detail) {
        return new CaRevocationStatus(State.UNKNOWN, Optional.empty(), Optional.empty(), detail);
    }
}
