package dev.vigil.jobs.cert.crl;

import dev.vigil.spi.cert.ResponseTooLargeException;
import dev.vigil.spi.cert.FetchException;
import dev.vigil.spi.cert.UrlFetcher;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Serves bytes per URI from a map, honours the cap, and counts fetches per URI. */
public final class FakeFetcher implements UrlFetcher {
    private final Map<URI, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<URI, AtomicInteger> fetches = new ConcurrentHashMap<>();

    /** Serves a copy of {@code body} at {@code uri} from now on. @return this */
    public FakeFetcher serve(String uri, byte[] body) {
        bodies.put(URI.create(uri), body.clone());
        return this;
    }

    /** @return how many times {@code uri} was fetched */
    public int fetches(String uri) {
        AtomicInteger n = fetches.get(URI.create(uri));
        return n == null ? 0 : n.get();
    }

    /** @return how many fetches there were in all */
    public int totalFetches() {
        return fetches.values().stream().mapToInt(AtomicInteger::get).sum();
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
