package dev.vigil.spi.cert;

/**
 * What a {@link CaConnector} can do. The jobs call a connector's operation only when the connector
 * lists its capability; later issues add capabilities (renewal, regeneration, polling...) together
 * with their operations, so an existing connector keeps compiling and simply does not offer them.
 */
public enum CaCapability {
    /** {@link CaConnector#revocationStatus(InventoryCertificate)}: the CA tells whether it revoked a certificate. */
    REVOCATION_STATUS
}
