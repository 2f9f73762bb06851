package dev.vigil.jobs.cert.ocsp;

/** Why an OCSP check gave {@link OcspStatus.State#UNKNOWN}. */
public enum OcspProblem {
    /** The certificate names no http(s) OCSP responder. */
    NO_RESPONDER,
    /** The request could not be sent or no answer came: network error, timeout, non-2xx status. */
    FETCH_FAILED,
    /** The answer was larger than the cap. */
    TOO_LARGE,
    /** The answer, or the certificate's AIA extension, is not well-formed. */
    MALFORMED,
    /** The responder answered with an error status (malformedRequest, internalError, tryLater, sigRequired, unauthorized). */
    RESPONDER_ERROR,
    /** The answer's signature does not verify with the issuer's key nor an authorised responder's. */
    BAD_SIGNATURE,
    /** The answer is signed by a certificate the issuer did not authorise for OCSP signing. */
    UNAUTHORISED_RESPONDER,
    /** The answer's nonce is not the request's (a replayed answer). */
    NONCE_MISMATCH,
    /** The answer has no nonce, and one is required. */
    NONCE_MISSING,
    /** The answer says nothing about the certificate asked about. */
    CERT_ID_MISMATCH,
    /** The answer's thisUpdate is in the future, beyond the allowed clock skew. */
    NOT_YET_VALID,
    /** The answer is past its nextUpdate (or older than the maximum age if it has none). */
    STALE,
    /** The responder does not know the certificate (status unknown). */
    UNKNOWN_CERTIFICATE
}
