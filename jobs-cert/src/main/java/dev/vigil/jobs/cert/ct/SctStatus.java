package dev.vigil.jobs.cert.ct;

/** What a checker concluded about one embedded SCT. */
public enum SctStatus {
    /** Signed by a log the policy accepts for this SCT; it counts. */
    VALID,
    /** The log is known but its signature over the certificate does not verify. */
    INVALID_SIGNATURE,
    /** No log in the log list has the SCT's log id. */
    UNKNOWN_LOG,
    /**
     * The log is known and signed, but does not count: pending or rejected, retired at or before the SCT's
     * timestamp, or its temporal interval excludes the certificate's expiry.
     */
    LOG_NOT_ACCEPTABLE,
    /** The SCT's timestamp is after the instant of the check. */
    FUTURE_TIMESTAMP
}
