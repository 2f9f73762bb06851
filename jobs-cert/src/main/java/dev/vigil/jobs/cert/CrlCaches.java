package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.crl.CrlCache;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.cert.UrlFetcher;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The CRL caches and the default URL fetcher the certificate jobs share, so that a CRL downloaded by
 * one run (of any job) is used by the next until its nextUpdate. One holder per
 * {@link CertificateJobs#jobs()} call: the CRL jobs, the chain validation check and the revoke status
 * check it makes get the same holder. A cache is built lazily per (fetcher instance, clock, byte cap): a host that swaps its
 * {@link UrlFetcher} or a definition with another cap gets its own cache, and the holder keeps the
 * {@value #MAX_CACHES} most recently used, so it stays bounded. Each cache is itself bounded
 * ({@link CrlCache#DEFAULT_MAX_ENTRIES} CRLs). Thread-safe.
 */
final class CrlCaches {
    static final int MAX_CACHES = 4;

    private final Map<Key, CrlCache> caches = new LinkedHashMap<>(8, 0.75f, true);
    private UrlFetcher defaultFetcher;

    /**
     * @param context the run; its {@link UrlFetcher} service is used if the host registered one, else
     *     one {@code HttpUrlFetcher} this holder keeps
     * @param maxBytes the largest CRL downloaded
     * @return the cache for the run's fetcher, clock and cap
     */
    CrlCache cache(JobContext context, long maxBytes) {
        return cache(fetcher(context), context.clock(), maxBytes);
    }

    /**
     * @param context the run
     * @return the host's {@link UrlFetcher} if it registered one, else the {@code HttpUrlFetcher} this
     *     holder keeps for every job it serves (one HTTP client, not one per run)
     */
    UrlFetcher fetcher(JobContext context) {
        return context.findService(UrlFetcher.class).orElseGet(this::defaultFetcher);
    }

    synchronized CrlCache cache(UrlFetcher fetcher, Clock clock, long maxBytes) {
        Key key = new Key(fetcher, clock, maxBytes);
        CrlCache cache = caches.get(key);
        if (cache == null) {
            cache = CrlCache.builder(fetcher, clock).maxBytes(maxBytes).build();
            caches.put(key, cache);
            for (Iterator<Key> it = caches.keySet().iterator(); caches.size() > MAX_CACHES; ) {
                it.next();
                it.remove();
            }
        }
        return cache;
    }

    synchronized int size() {
        return caches.size();
    }

    private synchronized UrlFetcher defaultFetcher() {
        if (defaultFetcher == null) {
            defaultFetcher = HttpUrlFetcher.create();
        }
        return defaultFetcher;
    }

    /** The fetcher by identity (a host's fetcher need not define equals), the clock by equals. */
    private record Key(UrlFetcher fetcher, Clock clock, long maxBytes) {
        Key {
            Objects.requireNonNull(fetcher, "fetcher");
            Objects.requireNonNull(clock, "clock");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.fetcher == fetcher && k.clock.equals(clock) && k.maxBytes == maxBytes;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(fetcher) * 31 + clock.hashCode() * 17 + Long.hashCode(maxBytes);
        }
    }
}
