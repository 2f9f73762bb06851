package dev.vigil.jobs.cert.crl;

import dev.vigil.spi.cert.ResponseTooLargeException;
import dev.vigil.spi.cert.FetchException;
import dev.vigil.spi.cert.UrlFetcher;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloaded, verified and indexed CRLs, keyed by distribution-point URL and the public key of the
 * issuer that verified them (so that one URL can never hand a CRL verified with one key to a
 * certificate of another). An index is kept until the CRL's nextUpdate; after that the URL is
 * fetched again, at most once per {@linkplain Builder#retryInterval retry interval}, and until a
 * fresh CRL arrives every lookup is unknown, never good. A download whose CRL number is lower than
 * the cached one is ignored; one with the same number and thisUpdate keeps the index already built.
 *
 * <p>Bounded: at most {@linkplain Builder#maxEntries maxEntries} (URL, issuer key) pairs are held;
 * adding one more drops the least recently used, whose next lookup downloads again.
 *
 * <p>Thread-safe. Downloads of different URLs run in parallel; concurrent lookups of one URL wait
 * for a single download.
 */
public final class CrlCache {
    /**
     * Default download cap, 64 MiB. A CRL entry with a 16-20 byte serial, a date and a reason code
     * takes 40-45 bytes, so 64 MiB holds about 1.5 million entries: more than the largest public CRLs
     * seen after mass revocations, while bounding what one download may hold in memory.
     */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    /** Default maximum age of a CRL without nextUpdate: 7 days, the longest CRL interval of the CA/B Forum rules. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    /** Default least time between two downloads of one URL when the last one failed or was stale: 5 minutes. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMinutes(5);
    /** Default most (URL, issuer key) pairs held: 1,000, far more distribution points than a CA hierarchy has. */
    public static final int DEFAULT_MAX_ENTRIES = 1_000;

    private static final Logger log = LoggerFactory.getLogger(CrlCache.class);

    private final UrlFetcher fetcher;
    private final Clock clock;
    private final long maxBytes;
    private final Duration maxAge;
    private final Duration retryInterval;
    private final int maxEntries;
    private final ConcurrentHashMap<Key, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong uses = new AtomicLong();

    private CrlCache(Builder b) {
        this.fetcher = b.fetcher;
        this.clock = b.clock;
        this.maxBytes = b.maxBytes;
        this.maxAge = b.maxAge;
        this.retryInterval = b.retryInterval;
        this.maxEntries = b.maxEntries;
    }

    /**
     * @param fetcher downloads the CRLs, e.g. {@code HttpUrlFetcher.create()}; not null
     * @param clock tells when a CRL is stale; not null
     * @return a builder with the defaults
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(UrlFetcher fetcher, Clock clock) {
        return new Builder(fetcher, clock);
    }

    /** @return the largest download accepted, in bytes */
    public long maxBytes() {
        return maxBytes;
    }

    /** @return the number of (URL, issuer key) pairs held, fresh, stale or failed */
    public int size() {
        return slots.size();
    }

    /** Drops everything held; the next lookups download again. */
    public void clear() {
        slots.clear();
    }

    /** @return a fresh verified CRL from {@code url} issued by {@code issuer}, or why there is none */
    Outcome get(URI url, X509Certificate issuer) {
        Key key = new Key(url, ByteBuffer.wrap(issuer.getPublicKey().getEncoded()));
        Slot slot = slots.get(key);
        if (slot == null) {
            slot = slots.computeIfAbsent(key, Slot::new);
            if (slots.size() > maxEntries) {
                evictLeastRecentlyUsed(key);
            }
        }
        slot.lastUse = uses.incrementAndGet();
        return slot.get(url, issuer);
    }

    /** Drops least recently used pairs other than {@code keep} until the cache is within its bound. */
    private void evictLeastRecentlyUsed(Key keep) {
        while (slots.size() > maxEntries) {
            Key oldest = null;
            long oldestUse = Long.MAX_VALUE;
            for (var e : slots.entrySet()) {
                if (!e.getKey().equals(keep) && e.getValue().lastUse < oldestUse) {
                    oldest = e.getKey();
                    oldestUse = e.getValue().lastUse;
                }
            }
            if (oldest == null || slots.remove(oldest) == null) {
                return;
            }
            log.debug("CRL cache full ({} entries): dropped {}", maxEntries, FetchException.shown(oldest.url()));
        }
    }

    private Instant expiry(CrlIndex index) {
        return index.nextUpdate().orElseGet(() -> index.thisUpdate().plus(maxAge));
    }

    private record Key(URI url, ByteBuffer issuerKey) {
    }

    /** A fresh verified CRL, or why there is none. */
    record Outcome(CrlIndex index, UnknownCause cause, String detail) {
        static Outcome ok(CrlIndex index) {
            return new Outcome(index, null, null);
        }

        static Outcome failed(UnknownCause cause, String detail) {
            return new Outcome(null, Objects.requireNonNull(cause), Objects.requireNonNull(detail));
        }
    }

    /**
     * @return an index already built from this CRL for another URL with the same issuer key (one CRL
     *     published at several distribution points is indexed once), else a new one
     */
    private CrlIndex indexOnce(Key key, CrlIndex.Header header) {
        for (var e : slots.entrySet()) {
            CrlIndex other = e.getValue().index;
            if (other != null && e.getKey().issuerKey().equals(key.issuerKey()) && header.sameCrlAs(other)) {
                return other;
            }
        }
        return CrlIndex.of(header);
    }

    private final class Slot {
        private final Key key;
        private volatile long lastUse;
        private volatile CrlIndex index; // read without the lock by indexOnce
        private Instant lastAttempt;
        private UnknownCause failureCause;
        private String failure;

        Slot(Key key) {
            this.key = key;
        }

        Outcome get(URI url, X509Certificate issuer) {
            CrlIndex held = index; // the cache hit takes no lock
            if (held != null && !clock.instant().isAfter(expiry(held))) {
                return Outcome.ok(held);
            }
            return refresh(url, issuer);
        }

        private synchronized Outcome refresh(URI url, X509Certificate issuer) {
            Instant now = clock.instant();
            if (index != null && !now.isAfter(expiry(index))) {
                return Outcome.ok(index); // another thread downloaded it meanwhile
            }
            if (lastAttempt == null || !now.isBefore(lastAttempt.plus(retryInterval))) {
                lastAttempt = now;
                download(url, issuer);
            }
            if (index != null && !now.isAfter(expiry(index))) {
                return Outcome.ok(index);
            }
            String expired = index == null ? "" : "the newest CRL held, " + index + ", expired at " + expiry(index)
                    + (index.nextUpdate().isEmpty() ? " (no nextUpdate; maximum age " + maxAge + ")" : "");
            if (failure != null) {
                return Outcome.failed(failureCause, failure + (expired.isEmpty() ? "" : "; " + expired));
            }
            return Outcome.failed(UnknownCause.STALE, FetchException.shown(url) + ": " + expired);
        }

        private void download(URI url, X509Certificate issuer) {
            byte[] bytes;
            try {
                bytes = fetcher.fetch(url, maxBytes);
            } catch (ResponseTooLargeException e) {
                fail(url, UnknownCause.TOO_LARGE, e.getMessage());
                return;
            } catch (FetchException e) {
                fail(url, UnknownCause.FETCH_FAILED, e.getMessage());
                return;
            } catch (RuntimeException e) {
                log.warn("Fetcher failed on {} with an unexpected exception", FetchException.shown(url), e);
                fail(url, UnknownCause.FETCH_FAILED, FetchException.shown(url) + ": " + e);
                return;
            }
            try {
                CrlIndex.Header header = CrlIndex.verify(bytes, issuer);
                if (index != null && header.sameCrlAs(index)) {
                    log.debug("{} still serves {}", FetchException.shown(url), index);
                } else if (index != null && header.olderThan(index)) {
                    log.warn("{} served CRL number {} (thisUpdate {}), older than the {} already held; ignored",
                            FetchException.shown(url), header.number, header.thisUpdate, index);
                } else {
                    long start = System.nanoTime();
                    index = indexOnce(key, header);
                    log.debug("Indexed {} from {} in {} ms (or reused)", index, FetchException.shown(url),
                            (System.nanoTime() - start) / 1_000_000);
                }
                failure = null;
                failureCause = null;
            } catch (CrlException e) {
                fail(url, e.unknownCause(), FetchException.shown(url) + ": " + e.getMessage());
            } catch (RuntimeException e) {
                // a reader bug must not stop a job's run: this CRL is unusable, the next one is tried
                log.warn("Unexpected failure reading the CRL from {}", FetchException.shown(url), e);
                fail(url, UnknownCause.MALFORMED, FetchException.shown(url) + ": could not read the CRL: " + e);
            }
        }

        private void fail(URI url, UnknownCause cause, String message) {
            log.info("CRL from {} not usable ({}): {}", FetchException.shown(url), cause, message);
            failureCause = cause;
            failure = message;
        }
    }

    /** Settings of a {@link CrlCache}; each setter checks its value. */
    public static final class Builder {
        private final UrlFetcher fetcher;
        private final Clock clock;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
        private int maxEntries = DEFAULT_MAX_ENTRIES;

        private Builder(UrlFetcher fetcher, Clock clock) {
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /**
         * @param bytes the largest CRL downloaded; at least 1 (default {@link #DEFAULT_MAX_BYTES})
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1
         */
        public Builder maxBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBytes must be at least 1, was " + bytes);
            }
            this.maxBytes = bytes;
            return this;
        }

        /**
         * @param age how long after its thisUpdate a CRL without nextUpdate is used; positive
         *     (default {@link #DEFAULT_MAX_AGE})
         * @return this builder
         * @throws IllegalArgumentException if {@code age} is not positive
         */
        public Builder maxAge(Duration age) {
            this.maxAge = positive(age, "maxAge");
            return this;
        }

        /**
         * @param interval least time between two downloads of one URL whose CRL is missing, failed or
         *     stale, so that thousands of certificates on one dead URL cost one download attempt;
         *     zero or positive (default {@link #DEFAULT_RETRY_INTERVAL})
         * @return this builder
         * @throws IllegalArgumentException if {@code interval} is negative
         */
        public Builder retryInterval(Duration interval) {
            Objects.requireNonNull(interval, "retryInterval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("retryInterval must not be negative, was " + interval);
            }
            this.retryInterval = interval;
            return this;
        }

        /**
         * @param entries the most (URL, issuer key) pairs held; at least 1 (default
         *     {@link #DEFAULT_MAX_ENTRIES}); each holds at most one CRL's index
         * @return this builder
         * @throws IllegalArgumentException if {@code entries} is less than 1
         */
        public Builder maxEntries(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1, was " + entries);
            }
            this.maxEntries = entries;
            return this;
        }

        /** @return the cache; logs nothing and starts no thread */
        public CrlCache build() {
            return new CrlCache(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
