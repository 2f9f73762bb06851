package dev.vigil.jobs.cert;

import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Inventory entries with chains, for the revocation job tests. */
final class RevocationFixtures {

    private RevocationFixtures() {
    }

    /** An entry whose chain is {@code chain}, added at {@code addedAt}, with the given last revocation status. */
    static InventoryCertificate entry(String id, byte[] der, List<byte[]> chain, Instant addedAt, String revocation,
                                      Optional<String> caConnector) {
        return new InventoryCertificate(id, der, chain, "default", ManagementStatus.MANAGED, caConnector, Map.of(),
                List.of(), List.of(), addedAt, revocation == null ? Map.of() : Map.of(CheckKind.REVOCATION, revocation));
    }

    static InventoryCertificate entry(String id, X509Certificate certificate, X509Certificate issuer) {
        return entry(id, Inventories.der(certificate), List.of(Inventories.der(issuer)), Inventories.ADDED, null,
                Optional.empty());
    }

    static InventoryCertificate entry(String id, X509Certificate certificate, X509Certificate issuer, String revocation) {
        return entry(id, Inventories.der(certificate), List.of(Inventories.der(issuer)), Inventories.ADDED, revocation,
                Optional.empty());
    }

    static byte[] der(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException(e);
        }
    }
}
