package dev.vigil.jobs.cert.chain;

import java.util.Objects;

/**
 * Whether an issuer's key verifies a certificate's signature.
 *
 * @param outcome what the verification said
 * @param reason why it did not verify, for people; empty when verified
 */
record SignatureVerdict(Outcome outcome, String reason) {
    /** What a signature verification said. */
    enum Outcome {
        VERIFIED,
        /** The signature does not verify with the key, or the key does not fit the algorithm. */
        NOT_VERIFIED,
        /** The signature algorithm is not available here, so nothing is known. */
        UNSUPPORTED_ALGORITHM
    }

    static final SignatureVerdict VERIFIED = new SignatureVerdict(Outcome.VERIFIED, "");

    SignatureVerdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    static SignatureVerdict notVerified(String reason) {
        return new SignatureVerdict(Outcome.NOT_VERIFIED, reason);
    }

    static SignatureVerdict unsupported(String algorithm) {
        return new SignatureVerdict(Outcome.UNSUPPORTED_ALGORITHM, "signature algorithm " + algorithm
                + " is not supported here");
    }

    boolean verified() {
        return outcome == Outcome.VERIFIED;
    }
}
