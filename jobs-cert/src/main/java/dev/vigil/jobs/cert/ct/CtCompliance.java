package dev.vigil.jobs.cert.ct;

/** Whether a certificate's embedded SCTs satisfy Chrome's CT policy. */
public enum CtCompliance {
    /** Enough valid SCTs from distinct logs of at least two operators. */
    COMPLIANT,
    /** See the report's reasons. */
    NOT_COMPLIANT
}
