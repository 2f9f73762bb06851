package dev.vigil.spi.cert;

import java.util.Optional;

/**
 * The host's certificate policies, which {@code cert.compliance-check} applies on top of the
 * built-in CA/Browser Forum rules. Optional: without one, every certificate is held to
 * {@link CertificatePolicy#baseline()}. When the host changes a policy it marks the compliance of
 * the certificates it governs {@code PENDING} ({@code ComplianceCheckJob.markPending} does that);
 * the next run of the check replaces that status.
 *
 * <p>{@code cert.ca-validity-update} also reads and changes the policy tied to a CA connector,
 * through {@link #connectorPolicy(String)} and {@link #updateConnectorPolicy(String, CertificatePolicy)};
 * a source without connector policies keeps their defaults and that job leaves policies alone.
 */
@FunctionalInterface
public interface CertificatePolicySource {

    /**
     * @param certificate a certificate of the inventory (its group, CA connector and attributes say
     *     which policy governs it)
     * @return the policy that governs it; not null
     */
    CertificatePolicy policyFor(InventoryCertificate certificate);

    /**
     * @param connectorName a CA connector's name; not null
     * @return the policy that governs the certificates issued through that connector, if the host
     *     ties one to it; empty by default (then {@code cert.ca-validity-update} changes no policy)
     * @throws RuntimeException if the policies cannot be read; the job fails that connector's item
     */
    default Optional<CertificatePolicy> connectorPolicy(String connectorName) {
        return Optional.empty();
    }

    /**
     * Replaces the policy tied to a CA connector, which {@link #connectorPolicy(String)} returned.
     * The host marks the compliance of the certificates it governs pending, as for any policy change.
     *
     * @param connectorName a CA connector's name; not null
     * @param policy the new policy; not null
     * @throws UnsupportedOperationException if the source cannot change policies (the default);
     *     a source whose {@link #connectorPolicy(String)} returns one must implement it
     * @throws RuntimeException if it cannot be stored; the job fails that connector's item
     */
    default void updateConnectorPolicy(String connectorName, CertificatePolicy policy) {
        throw new UnsupportedOperationException("this certificate policy source cannot change policies");
    }
}
