package dev.vigil.spi.cert;

/**
 * The host's certificate policies, which {@code cert.compliance-check} applies on top of the
 * built-in CA/Browser Forum rules. Optional: without one, every certificate is held to
 * {@link CertificatePolicy#baseline()}. When the host changes a policy it marks the compliance of
 * the certificates it governs {@code PENDING} ({@code ComplianceCheckJob.markPending} does that);
 * the next run of the check replaces that status.
 */
@FunctionalInterface
public interface CertificatePolicySource {

    /**
     * @param certificate a certificate of the inventory (its group, CA connector and attributes say
     *     which policy governs it)
     * @return the policy that governs it; not null
     */
    CertificatePolicy policyFor(InventoryCertificate certificate);
}
