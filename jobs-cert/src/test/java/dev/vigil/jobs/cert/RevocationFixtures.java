package dev.vigil.jobs.cert;

import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.FetchException;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.ResponseTooLargeException;
import dev.vigil.spi.cert.UrlFetcher;
import java.net.URI;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Inventory entries with chains and a URL fetcher serving bytes from a map, for the revocation job tests. */
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

    /** Serves bytes per URI, honours the cap, fails unknown URIs with a 404, counts fetches. */
    static final class MapFetcher implements UrlFetcher {
        private final Map<URI, byte[]> bodies = new ConcurrentHashMap<>();
        private final Map<URI, AtomicInteger> fetches = new ConcurrentHashMap<>();

        MapFetcher serve(String uri, byte[] body) {
            bodies.put(URI.create(uri), body.clone());
            return this;
        }

        int fetches(String uri) {
            AtomicInteger n = fetches.get(URI.create(uri));
            return n == null ? 0 : n.get();
        }

        @Override
        public byte[] fetch(URI uri, long maxBytes) {
            fetches.computeIfAbsent(uri, u -> new AtomicInteger()).incrementAndGet();
            byte[] body = bodies.get(uri);
            if (body == null) {
                throw new FetchException(uri, uri + ": HTTP status 404", null);
            }
            if (body.length > maxBytes) {
                throw new ResponseTooLargeException(uri, maxBytes);
            }
            return body.clone();
        }
    }
}
