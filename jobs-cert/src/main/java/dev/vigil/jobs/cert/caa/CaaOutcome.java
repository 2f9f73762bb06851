package dev.vigil.jobs.cert.caa;

/**
 * What CAA says about one DNS name, or about a certificate. A lookup failure is its own outcome: it
 * never counts as a permission, and it is not a refusal either.
 */
public enum CaaOutcome {
    /** CAA lets the CA issue: no relevant RRset, or one that names the CA. */
    AUTHORISED,
    /** The relevant RRset does not let the CA issue. */
    NOT_AUTHORISED,
    /** The answer could not be found: a DNS failure (SERVFAIL, timeout, refusal) or a name that is not a DNS name. */
    LOOKUP_FAILED
}
