package dev.vigil.spi.cert;

/**
 * Where a certificate's renewal is. A renewal goes {@code STARTED → CSR_READY → SUBMITTED → ISSUED →
 * STORED → DONE}; a regeneration goes {@code STARTED → KEY_PENDING → SUBMITTED → ...}. Any step may
 * end in {@code FAILED}. Each step is written before the side effect that the next one needs, so a
 * run that finds a record at any step knows what is done and what to repeat.
 */
public enum RenewalStep {
    /** The record exists (it is the certificate's lock); no CSR yet. */
    STARTED,
    /** Renewal: the CSR, signed by the host with the existing key, is in the record; not yet submitted. */
    CSR_READY,
    /** Regeneration: the new private key is stored pending at the host and its CSR is in the record. */
    KEY_PENDING,
    /** The CA accepted the order; its id is in the record. */
    SUBMITTED,
    /** The CA issued the certificate; it and its chain are in the record, checked. */
    ISSUED,
    /** The new certificate is in the inventory, linked to the old one; its id is in the record. */
    STORED,
    /** Finished: for a regeneration the pending key was promoted to the new certificate. Terminal. */
    DONE,
    /** This attempt failed (rejected, garbage from the CA, deadline passed); a new attempt may start at {@code retryAt}. Terminal. */
    FAILED;

    /** @return whether the step ends an attempt ({@code DONE} or {@code FAILED}) */
    public boolean terminal() {
        return this == DONE || this == FAILED;
    }
}
