package dev.vigil.jobs.cert.crl;

/** Why a revocation status is {@link RevocationStatus.State#UNKNOWN}. */
public enum UnknownCause {
    /** The certificate names no CRL distribution point. */
    NO_DISTRIBUTION_POINT,
    /** The distribution point is not an http or https URL (e.g. ldap). */
    UNSUPPORTED_SCHEME,
    /** The download failed: network error, timeout, non-2xx status, too many redirects. */
    FETCH_FAILED,
    /** The download was larger than the configured cap. */
    TOO_LARGE,
    /** The certificate or the CRL is not well-formed DER or PEM. */
    MALFORMED,
    /** The CRL's signature does not verify with the issuer's public key. */
    BAD_SIGNATURE,
    /** The CRL, or the issuer certificate supplied, is not from the certificate's issuer. */
    WRONG_ISSUER,
    /** The newest CRL available is past its nextUpdate (or older than the maximum age). */
    STALE,
    /** The CRL uses a feature this checker does not implement (indirect CRLs, unknown critical extensions). */
    UNSUPPORTED_CRL,
    /** The CRL does not cover this certificate (issuing distribution point scope, a delta without a base). */
    OUT_OF_SCOPE
}
