package dev.vigil.jobs.cert;

import dev.vigil.spi.cert.InventoryCertificate;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * One inventory certificate, parsed.
 *
 * @param entry the inventory's record of it
 * @param certificate its parsed form
 */
record ScannedCertificate(InventoryCertificate entry, X509Certificate certificate) {

    ScannedCertificate {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(certificate, "certificate");
    }

    String id() {
        return entry.id();
    }
}
