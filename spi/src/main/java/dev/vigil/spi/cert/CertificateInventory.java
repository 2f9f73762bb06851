package dev.vigil.spi.cert;

/**
 * The host's certificate inventory. The certificate jobs page through it (they never load it
 * whole), and record what each check found. Implementations must be safe to call from several
 * threads; a job calls them from its worker thread only.
 */
public interface CertificateInventory {

    /**
     * Returns one page of the certificates the query selects, in an order that stays stable while
     * a job pages through it (by id, say). A certificate added or removed meanwhile may or may not
     * be seen; none may be returned twice.
     *
     * @param query which certificates, how many, and where the previous page ended; not null
     * @return the page; its {@code nextCursor} is empty after the last page
     * @throws RuntimeException if the inventory cannot be read; the job fails the run with its message
     */
    CertificatePage page(CertificateQuery query);

    /**
     * Records what one check found for one certificate: the status field the host shows (its
     * expiry status, compliance, revocation status...) and the findings behind it, replacing the
     * previous record of the same kind.
     *
     * @param certificateId the certificate's id in the inventory
     * @param record the check's result; not null
     * @return false if the certificate is no longer in the inventory (the job counts it as skipped)
     */
    boolean recordCheck(String certificateId, CheckRecord record);

    /**
     * Deletes a certificate from the inventory (the {@code cert.delete-expired} job).
     *
     * @param certificateId the certificate's id
     * @return false if it was already gone
     */
    boolean delete(String certificateId);
}
