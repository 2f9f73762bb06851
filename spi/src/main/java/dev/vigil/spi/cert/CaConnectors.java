package dev.vigil.spi.cert;

import java.util.Optional;

/**
 * The host's CA connectors by name: a host service the certificate jobs look up to reach the CA
 * that issued a certificate. Implementations must be safe for use by several threads at once.
 */
@FunctionalInterface
public interface CaConnectors {

    /**
     * @param connectorName a name from {@link InventoryCertificate#caConnector()}; not null
     * @return the connector of that name; empty if the host has none (then the jobs fall back to
     *     what they can check without the CA)
     */
    Optional<CaConnector> find(String connectorName);
}
