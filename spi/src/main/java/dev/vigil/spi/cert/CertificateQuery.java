package dev.vigil.spi.cert;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which certificates a job reads, and where it is in its paging.
 *
 * @param statuses the management statuses to include; empty means all
 * @param addedSince only certificates added to the inventory at or after this instant, if present
 * @param cursor where the previous page ended (its {@code nextCursor}), or empty for the first page
 * @param limit the most certificates in one page, 1 to 10,000
 */
public record CertificateQuery(Set<ManagementStatus> statuses, Optional<Instant> addedSince, Optional<String> cursor,
                               int limit) {

    /** The page size jobs use unless a host setting says otherwise. */
    public static final int DEFAULT_LIMIT = 500;

    /** Validates and copies. */
    public CertificateQuery {
        statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        Objects.requireNonNull(addedSince, "addedSince");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000, was " + limit);
        }
    }

    /** @return the first page of every certificate, {@link #DEFAULT_LIMIT} at a time */
    public static CertificateQuery all() {
        return new CertificateQuery(Set.of(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    /** @param since the earliest addition time @return this query, for certificates added since then */
    public CertificateQuery addedSince(Instant since) {
        return new CertificateQuery(statuses, Optional.of(since), cursor, limit);
    }

    /** @param value the statuses to include @return this query, for those statuses only */
    public CertificateQuery statuses(Set<ManagementStatus> value) {
        return new CertificateQuery(value, addedSince, cursor, limit);
    }

    /** @param value the page size @return this query, with that page size */
    public CertificateQuery limit(int value) {
        return new CertificateQuery(statuses, addedSince, cursor, value);
    }

    /** @param value a page's {@code nextCursor} @return this query, continuing after that page */
    public CertificateQuery after(String value) {
        return new CertificateQuery(statuses, addedSince, Optional.of(value), limit);
    }
}
