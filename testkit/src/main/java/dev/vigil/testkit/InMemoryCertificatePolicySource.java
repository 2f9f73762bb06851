package dev.vigil.testkit;

import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.CertificatePolicySource;
import dev.vigil.spi.cert.InventoryCertificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CertificatePolicySource} in memory: one policy per CA connector, which also governs the
 * certificates issued through it, and a default policy for the others; records every policy
 * update. Thread-safe.
 */
public final class InMemoryCertificatePolicySource implements CertificatePolicySource {
    private final CertificatePolicy defaultPolicy;
    private final Map<String, CertificatePolicy> byConnector = new HashMap<>();
    private final List<String> updates = new ArrayList<>();

    /** With {@link CertificatePolicy#baseline()} as the default policy. */
    public InMemoryCertificatePolicySource() {
        this(CertificatePolicy.baseline());
    }

    /** @param defaultPolicy the policy of certificates without a connector policy; not null */
    public InMemoryCertificatePolicySource(CertificatePolicy defaultPolicy) {
        this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    }

    /**
     * Ties a policy to a connector, without recording an update.
     *
     * @param connectorName the connector's name; not null
     * @param policy its policy; not null
     * @return this
     */
    public synchronized InMemoryCertificatePolicySource put(String connectorName, CertificatePolicy policy) {
        byConnector.put(Objects.requireNonNull(connectorName, "connectorName"), Objects.requireNonNull(policy, "policy"));
        return this;
    }

    /** @return the connector names {@link #updateConnectorPolicy} was called with, in order */
    public synchronized List<String> updates() {
        return List.copyOf(updates);
    }

    @Override
    public synchronized CertificatePolicy policyFor(InventoryCertificate certificate) {
        return certificate.caConnector().map(byConnector::get).orElse(defaultPolicy);
    }

    @Override
    public synchronized Optional<CertificatePolicy> connectorPolicy(String connectorName) {
        return Optional.ofNullable(byConnector.get(connectorName));
    }

    @Override
    public synchronized void updateConnectorPolicy(String connectorName, CertificatePolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (!byConnector.containsKey(connectorName)) {
            throw new IllegalArgumentException("no policy is tied to CA connector '" + connectorName + "'");
        }
        byConnector.put(connectorName, policy);
        updates.add(connectorName);
    }
}
