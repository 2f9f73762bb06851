package dev.vigil.spi.cert;

import java.util.Set;

/**
 * The host's link to one certificate authority account (DigiCert, an internal CA...), named as the
 * inventory names it in {@link InventoryCertificate#caConnector()}. The host registers its
 * connectors through {@link CaConnectors}.
 *
 * <p>A connector declares what it supports in {@link #capabilities()}; the jobs call an operation
 * only if its {@link CaCapability} is listed, and every operation's default implementation throws
 * {@link UnsupportedOperationException}, so a connector implements just the operations of the
 * capabilities it lists. Implementations must be safe for use by several threads at once, must apply
 * their own timeouts, and must never put credentials in an exception message.
 *
 * <pre>{@code
 * final class DigiCertConnector implements CaConnector {
 *     public String name() { return "digicert-prod"; }
 *     public Set<CaCapability> capabilities() { return EnumSet.of(CaCapability.REVOCATION_STATUS); }
 *     public CaRevocationStatus revocationStatus(InventoryCertificate certificate) {
 *         Order order = api.orderFor(certificate.id());
 *         return order.isRevoked() ? CaRevocationStatus.revoked(order.revokedAt(), order.reason(), "DigiCert order " + order.id())
 *                 : CaRevocationStatus.good("DigiCert order " + order.id());
 *     }
 * }
 * }</pre>
 */
public interface CaConnector {

    /** @return the connector's name, as {@link InventoryCertificate#caConnector()} gives it; not blank */
    String name();

    /** @return what this connector supports; not null, possibly empty, not changing over time */
    Set<CaCapability> capabilities();

    /**
     * @param capability a capability; not null
     * @return whether {@link #capabilities()} lists it
     */
    default boolean supports(CaCapability capability) {
        return capabilities().contains(capability);
    }

    /**
     * Asks the CA whether it revoked a certificate. Called only if the connector lists
     * {@link CaCapability#REVOCATION_STATUS}.
     *
     * @param certificate the certificate, as the inventory holds it; not null
     * @return what the CA says; {@link CaRevocationStatus.State#UNKNOWN} if it does not know the
     *     certificate; never null
     * @throws UnsupportedOperationException if the connector does not support it (the default)
     * @throws RuntimeException if the CA cannot be asked (network, authentication, rate limit); the
     *     job then tries the certificate's OCSP responder, and records the failure's message
     */
    default CaRevocationStatus revocationStatus(InventoryCertificate certificate) {
        throw new UnsupportedOperationException("CA connector " + name() + " does not report revocation status");
    }
}
