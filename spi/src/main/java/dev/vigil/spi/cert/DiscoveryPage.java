package dev.vigil.spi.cert;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a discovery source's records.
 *
 * @param items the records, in the source's stable order; may be empty, never null
 * @param nextCursor where the next page starts; empty after the last page, never null
 */
public record DiscoveryPage(List<DiscoveredCertificate> items, Optional<String> nextCursor) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if a component or an item is null
     */
    public DiscoveryPage {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
