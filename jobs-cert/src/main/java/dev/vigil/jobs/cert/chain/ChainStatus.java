package dev.vigil.jobs.cert.chain;

/**
 * The stable ids of chain validation outcomes, declared from the most to the least important; the
 * overall status of a {@link ChainValidation} is its most important problem, and {@link #VALID} (declared
 * last) only when there is none.
 */
public enum ChainStatus {
    /** A certificate given as input does not decode, or an intermediates list element is null. */
    MALFORMED_CERTIFICATE,
    /** The host's {@link RevocationSource} says a certificate of the path is revoked. */
    REVOKED,
    /** A certificate's signature does not verify with its issuer's public key. */
    INVALID_SIGNATURE,
    /** No path to a trust anchor, even after following caIssuers URLs. */
    INCOMPLETE_CHAIN,
    /** A certificate of the path is past its notAfter at the validation instant. */
    EXPIRED,
    /** A certificate of the path is before its notBefore at the validation instant. */
    NOT_YET_VALID,
    /** An issuing certificate without basicConstraints cA=TRUE. */
    NOT_CA_CERT,
    /** A CA's pathLenConstraint allows fewer intermediate CAs below it than the path has. */
    PATH_TOO_LONG,
    /** A name of a certificate is outside the permitted or inside the excluded subtrees of a CA above. */
    NAME_CONSTRAINTS,
    /** An issuing certificate without keyCertSign, or a leaf asserting keyCertSign without being a CA. */
    KEY_USAGE,
    /** Any other reason the JDK's PKIX validator rejects the path, e.g. a disabled algorithm. */
    OTHER,
    /** No problem found. */
    VALID
}
