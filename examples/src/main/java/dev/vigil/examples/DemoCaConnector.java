package dev.vigil.examples;

import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaOrder;
import dev.vigil.spi.cert.CertificateOrderRequest;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The demo's CA account, as a host would write a {@link CaConnector} for its CA's ordering API: it
 * takes renewal and regeneration orders ({@link CaCapability#RENEW}, {@link CaCapability#REGENERATE}),
 * answers each new order "pending" as a CA awaiting validation does, and issues the certificate, with
 * the {@link DemoPki demo CA}, when the order is first polled. An order is kept per request id, so a
 * request submitted again (a run that died after the CA took it) gets the same order, never a second.
 * A request whose CSR does not verify is rejected. Thread-safe.
 */
final class DemoCaConnector implements CaConnector {
    /** The connector's name in the inventory. */
    static final String NAME = "demo-ca";
    private static final Duration VALIDITY = Duration.ofDays(90);

    private final DemoPki pki;
    private final Clock clock;
    private final Map<String, String> orderByRequest = new HashMap<>();
    private final Map<String, JcaPKCS10CertificationRequest> requestByOrder = new HashMap<>();

    /** @param pki the CA that signs @param clock where issued certificates' validity starts */
    DemoCaConnector(DemoPki pki, Clock clock) {
        this.pki = pki;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<CaCapability> capabilities() {
        return EnumSet.of(CaCapability.RENEW, CaCapability.REGENERATE);
    }

    @Override
    public synchronized CaOrder submit(CertificateOrderRequest request) {
        String known = orderByRequest.get(request.requestId());
        if (known != null) {
            return CaOrder.pending(known, "order " + known + " was placed before for this request");
        }
        String orderId = "demo-order-" + (orderByRequest.size() + 1);
        JcaPKCS10CertificationRequest csr;
        try {
            csr = new JcaPKCS10CertificationRequest(request.csr());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getPublicKey()))) {
                return CaOrder.rejected(orderId, "the CSR's signature does not verify");
            }
        } catch (IOException | GeneralSecurityException | OperatorCreationException | PKCSException
                 | RuntimeException e) {
            return CaOrder.rejected(orderId, "the CSR cannot be read: " + e.getMessage());
        }
        orderByRequest.put(request.requestId(), orderId);
        requestByOrder.put(orderId, csr);
        return CaOrder.pending(orderId, "awaiting domain validation");
    }

    @Override
    public synchronized CaOrder pollOrder(String orderId) {
        JcaPKCS10CertificationRequest csr = requestByOrder.get(orderId);
        if (csr == null) {
            throw new IllegalArgumentException("the demo CA has no order " + orderId);
        }
        RDN[] commonNames = csr.getSubject().getRDNs(BCStyle.CN);
        if (commonNames.length == 0) {
            return CaOrder.rejected(orderId, "the CSR has no common name");
        }
        String dnsName = IETFUtils.valueToString(commonNames[0].getFirst().getValue());
        PublicKey key;
        try {
            key = csr.getPublicKey();
        } catch (GeneralSecurityException e) {
            return CaOrder.rejected(orderId, "the CSR's public key cannot be read: " + e.getMessage());
        }
        Instant now = clock.instant();
        return CaOrder.issued(orderId, pki.issue(dnsName, key, now, now.plus(VALIDITY)), List.of(pki.caCertificate()));
    }
}
