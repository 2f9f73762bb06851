package dev.vigil.spi.cert;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of the inventory.
 *
 * @param certificates the certificates, in the inventory's stable order
 * @param nextCursor where the next page starts; empty when this is the last page
 */
public record CertificatePage(List<InventoryCertificate> certificates, Optional<String> nextCursor) {

    /** Validates and copies. */
    public CertificatePage {
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
