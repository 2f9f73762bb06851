package dev.vigil.jobs.cert.ct;

import java.util.Objects;

/**
 * Why a certificate is not CT compliant.
 *
 * @param kind the kind of reason; not null
 * @param message a sentence for people, naming the SCT or the numbers involved; not blank
 */
public record CtReason(Kind kind, String message) {

    /** Checks that the values are present. */
    public CtReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (message.isBlank()) {
            throw new IllegalArgumentException("message must not be blank");
        }
    }

    /** The kinds of reason, so that a host can count and filter them. */
    public enum Kind {
        /** The certificate has no SCT list extension. */
        NO_EMBEDDED_SCTS,
        /** The SCT list extension does not decode; the message says where. */
        MALFORMED_SCT_LIST,
        /** Fewer valid SCTs from distinct logs than the certificate's lifetime requires. */
        TOO_FEW_SCTS,
        /** The valid SCTs come from logs of fewer than two operators. */
        TOO_FEW_OPERATORS,
        /** Every valid SCT comes from a retired log; at least one must come from a log still in service. */
        NO_LOG_IN_SERVICE,
        /** An SCT's signature does not verify. */
        INVALID_SIGNATURE,
        /** An SCT names a log the log list does not have. */
        UNKNOWN_LOG,
        /** An SCT comes from a log whose state or temporal interval does not let it count. */
        LOG_NOT_ACCEPTABLE,
        /** An SCT's timestamp is after the instant of the check. */
        FUTURE_TIMESTAMP
    }
}
