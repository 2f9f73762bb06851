package dev.vigil.spi.cert;

import java.util.Optional;

/**
 * A certificate discovery service outside the inventory — a network scanner, a cloud
 * certificate-discovery API such as Qualys' — whose findings {@code cert.discovery-import} brings
 * into the inventory. The host implements it (holding whatever credentials the service needs; the
 * job never sees them). Implementations must be safe to call from several threads; the job calls
 * them from its worker thread only.
 */
public interface DiscoverySource {

    /**
     * @return the source's stable name, e.g. {@code qualys}; recorded as the
     *     {@value InventoryImport#DISCOVERY_SOURCE_ATTRIBUTE} of the certificates it brings in; never
     *     null or blank
     */
    String name();

    /**
     * Returns one page of discovered certificates, in an order that stays stable while the job
     * pages through them.
     *
     * @param cursor where the previous page ended ({@link DiscoveryPage#nextCursor()}), or empty for the
     *     first page; not null
     * @param limit the most records to return, at least 1
     * @return the page; its {@code nextCursor} is empty after the last page
     * @throws RuntimeException if the source cannot be reached or answers with an error; the job ends
     *     the run failed with the exception's message, so the message must say what went wrong and
     *     must never contain a credential
     */
    DiscoveryPage page(Optional<String> cursor, int limit);
}
