package dev.vigil.jobs.cert;

import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Inventory entries for the job tests. */
final class Inventories {
    static final Instant ADDED = Instant.parse("2026-01-01T00:00:00Z");

    private Inventories() {
    }

    static InventoryCertificate entry(String id, X509Certificate certificate) {
        return entry(id, der(certificate), Map.of());
    }

    static InventoryCertificate entry(String id, X509Certificate certificate, CheckKind kind, String lastStatus) {
        return entry(id, der(certificate), Map.of(kind, lastStatus));
    }

    static InventoryCertificate entry(String id, byte[] der, Map<CheckKind, String> statuses) {
        return new InventoryCertificate(id, der, List.of(), "default", ManagementStatus.MANAGED, Optional.empty(),
                Map.of(), List.of(), List.of(), ADDED, statuses);
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
