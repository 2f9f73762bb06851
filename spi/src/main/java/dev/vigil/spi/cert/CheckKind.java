package dev.vigil.spi.cert;

/** The checks the certificate jobs record, one status field each. */
public enum CheckKind {
    /** {@code cert.expiry-status-check}: VALID, EXPIRING, EXPIRED, NOT_YET_VALID. */
    EXPIRY,
    /** {@code cert.compliance-check}: COMPLIANT, NON_COMPLIANT (PENDING is the host's after a policy change). */
    COMPLIANCE,
    /** {@code cert.vulnerability-check}: NOT_VULNERABLE or VULNERABLE, findings by weak-key and probe id. */
    VULNERABILITY,
    /** {@code cert.chain-validation-check}: VALID or the most important chain problem. */
    CHAIN,
    /** {@code cert.transparency-check}: COMPLIANT or NOT_COMPLIANT with Chrome's CT policy. */
    TRANSPARENCY,
    /** {@code cert.caa-check}: AUTHORISED, NOT_AUTHORISED or LOOKUP_FAILED. */
    CAA,
    /** {@code cert.crl-revocation-check}, {@code cert.revoke-status-check}: GOOD, REVOKED or UNKNOWN. */
    REVOCATION
}
