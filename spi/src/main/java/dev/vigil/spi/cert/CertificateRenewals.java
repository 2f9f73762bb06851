package dev.vigil.spi.cert;

import java.util.List;
import java.util.Optional;

/**
 * The host's durable renewal records, one per certificate (see {@link RenewalRecord}), which
 * {@code cert.auto-renew}, {@code cert.auto-regenerate} and {@code cert.polling-request} advance
 * step by step. Saving is compare-and-set on the record's version, which makes a record the
 * certificate's lock: of two runs that read the same version only one saves, and the other leaves
 * the certificate alone. Implementations must be safe for use by several threads and several
 * nodes at once (a database row with a version column, say), and must never store secrets here:
 * keys go to {@link CertificateKeys}.
 */
public interface CertificateRenewals {

    /**
     * @param certificateId an inventory certificate's id; not null
     * @return its renewal record, with its stored version; empty if it never had one
     * @throws RuntimeException if the records cannot be read; the job fails that certificate's item
     */
    Optional<RenewalRecord> find(String certificateId);

    /**
     * Stores a record if the stored one still has the expected version.
     *
     * @param next the record to store; its own {@code version} is ignored; not null
     * @param expectedVersion the version of the record {@code next} replaces; 0 if none must exist yet
     * @return {@code true} if stored, now with version {@code expectedVersion + 1}; {@code false} if the
     *     stored record's version differs (another run changed it, or created one), and then nothing changed
     * @throws RuntimeException if it cannot store; the job treats the step as not done
     */
    boolean save(RenewalRecord next, long expectedVersion);

    /**
     * Adds a renewal's issued certificate to the inventory, in the old certificate's group, with its
     * management status and CA connector, and records the link from the old certificate to the new
     * one, in one atomic step. Idempotent per {@link RenewalRecord#requestId()}: a second call for
     * the same request returns the id of the certificate the first call added and adds nothing.
     *
     * @param record the record at {@link RenewalStep#ISSUED}; not null
     * @param der the issued certificate's DER; not null
     * @param chain its intermediates, leaf's issuer first; not null
     * @return the new certificate's inventory id; never null
     * @throws RuntimeException if it cannot store; the job retries later with the same request id
     */
    String storeIssued(RenewalRecord record, byte[] der, List<byte[]> chain);

    /**
     * Reads one inventory certificate by id, for a {@code cert.polling-request} run that resumes a
     * renewal without paging the inventory.
     *
     * @param certificateId an inventory certificate's id; not null
     * @return the certificate as the inventory holds it now; empty if it is gone
     * @throws RuntimeException if the inventory cannot be read; the run fails with the message
     */
    Optional<InventoryCertificate> certificate(String certificateId);
}
