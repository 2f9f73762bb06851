package dev.vigil.spi.cert;

import java.time.Duration;
import java.util.Map;
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

    /**
     * The names of the CA-specific attributes this connector supplies: inventory attribute names
     * that the CA, not the host, knows the value of, such as an order id, the CA's product or
     * profile name, the requester, the validation method. The connector decides the names; they are
     * the keys {@link #caAttributes(InventoryCertificate)} returns and the inventory then holds.
     * {@code cert.ca-attributes-sync} asks the CA about a certificate only when it lacks (has no
     * value, or a blank one for) at least one of them. Meaningful only with
     * {@link CaCapability#CA_ATTRIBUTES}.
     *
     * @return the attribute names, not blank; not null, empty by default; not changing over time
     */
    default Set<String> caAttributeNames() {
        return Set.of();
    }

    /**
     * Fetches a certificate's CA-specific attributes from the CA. Called only if the connector lists
     * {@link CaCapability#CA_ATTRIBUTES}, and only for a certificate this connector issued that lacks
     * one of {@link #caAttributeNames()}. Values must not be secrets (they end up in the inventory);
     * the job never puts them in logs or audit events all the same.
     *
     * @param certificate the certificate, as the inventory holds it; not null
     * @return the attributes the CA has for it, by name (names from {@link #caAttributeNames()},
     *     others are ignored); possibly fewer names than declared when the CA has no value yet;
     *     not null, no null or blank key, no null value
     * @throws UnsupportedOperationException if the connector does not support it (the default)
     * @throws RuntimeException if the CA cannot be asked (network, authentication, rate limit, an
     *     unknown certificate); the job fails that certificate with the message
     */
    default Map<String, String> caAttributes(InventoryCertificate certificate) {
        throw new UnsupportedOperationException("CA connector " + name() + " does not supply CA attributes");
    }

    /**
     * Asks the CA for the longest certificate validity it offers now on this account (for the
     * account's product or profile). Called only if the connector lists {@link CaCapability#VALIDITY}.
     *
     * @return the longest validity; positive; never null
     * @throws UnsupportedOperationException if the connector does not support it (the default)
     * @throws RuntimeException if the CA cannot be asked; {@code cert.ca-validity-update} fails this
     *     connector's item with the message and changes nothing for it
     */
    default Duration maximumValidity() {
        throw new UnsupportedOperationException("CA connector " + name() + " does not report its maximum validity");
    }

    /**
     * Submits a certificate signing request to the CA, for a renewal or a regeneration. Called only if
     * the connector lists the action's capability ({@link RenewalAction#capability()}).
     *
     * <p><b>Idempotent per request id:</b> a second call with the same
     * {@link CertificateOrderRequest#requestId()} must return the same order (its current state),
     * never place a second one. This is what makes a crash after the CA accepted an order, but before
     * the job recorded its id, safe: the job submits again with the same request id. A CA that takes
     * an idempotency key gets the request id as that key; a host whose CA has none keeps its own
     * durable map from request id to order id and consults it first.
     *
     * @param request what to order; not null
     * @return the order: {@link CaOrder.State#PENDING} if the CA issues later (then the job polls
     *     {@link #pollOrder(String)}), {@link CaOrder.State#ISSUED} with the certificate if at once,
     *     {@link CaOrder.State#REJECTED} if the CA refuses; never null
     * @throws UnsupportedOperationException if the connector does not support it (the default)
     * @throws RuntimeException if the CA cannot be reached or fails; the job backs off for this
     *     certificate and submits the same request (same id) again later. The message must not carry
     *     a credential.
     */
    default CaOrder submit(CertificateOrderRequest request) {
        throw new UnsupportedOperationException("CA connector " + name() + " does not take renewal orders");
    }

    /**
     * Asks the CA for the current state of an order that {@link #submit(CertificateOrderRequest)}
     * returned. Called only if the connector lists {@link CaCapability#RENEW} or
     * {@link CaCapability#REGENERATE}.
     *
     * @param orderId an {@link CaOrder#orderId()} this connector returned; not null
     * @return the order's state now; never null
     * @throws UnsupportedOperationException if the connector does not support it (the default)
     * @throws RuntimeException if the CA cannot be reached or fails; {@code cert.polling-request}
     *     fails its run and the engine retries it later
     */
    default CaOrder pollOrder(String orderId) {
        throw new UnsupportedOperationException("CA connector " + name() + " does not take renewal orders");
    }
}
