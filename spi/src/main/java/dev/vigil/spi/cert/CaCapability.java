package dev.vigil.spi.cert;

/**
 * What a {@link CaConnector} can do. The jobs call a connector's operation only when the connector
 * lists its capability; later issues add capabilities (renewal, regeneration, polling...) together
 * with their operations, so an existing connector keeps compiling and simply does not offer them.
 */
public enum CaCapability {
    /** {@link CaConnector#revocationStatus(InventoryCertificate)}: the CA tells whether it revoked a certificate. */
    REVOCATION_STATUS,
    /**
     * {@link CaConnector#caAttributeNames()} and {@link CaConnector#caAttributes(InventoryCertificate)}:
     * the CA supplies CA-specific attributes of a certificate it issued (order id, product...).
     */
    CA_ATTRIBUTES,
    /** {@link CaConnector#maximumValidity()}: the CA tells the longest validity it offers now. */
    VALIDITY,
    /**
     * {@link CaConnector#submit(CertificateOrderRequest)} and {@link CaConnector#pollOrder(String)} for
     * {@link RenewalAction#RENEW}: the CA issues a new certificate for the same key.
     */
    RENEW,
    /**
     * {@link CaConnector#submit(CertificateOrderRequest)} and {@link CaConnector#pollOrder(String)} for
     * {@link RenewalAction#REGENERATE}: the CA issues a new certificate for a new key.
     */
    REGENERATE
}
