package dev.vigil.testkit;

import dev.vigil.spi.cert.DiscoveredAsset;
import dev.vigil.spi.cert.DiscoveredCertificate;
import dev.vigil.spi.cert.DiscoveryPage;
import dev.vigil.spi.cert.DiscoverySource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DiscoverySource} in memory, for tests of the discovery import: records are served in the
 * order they were added, the cursor is the index of the next record, and the source can be made to
 * fail — at once or from a given page on — as an unreachable discovery service would. It counts the
 * pages served. Thread-safe.
 */
public final class InMemoryDiscoverySource implements DiscoverySource {
    private final String name;
    private final List<DiscoveredCertificate> records = new ArrayList<>();
    private RuntimeException failure;
    private int failFromPage = Integer.MAX_VALUE;
    private int pagesServed;

    /**
     * @param name the source's name, e.g. {@code qualys}; not blank
     * @throws IllegalArgumentException if the name is blank
     */
    public InMemoryDiscoverySource(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A discovery source's name must not be blank");
        }
        this.name = name;
    }

    /**
     * @param record a record to serve after those added before; not null
     * @return this
     */
    public synchronized InMemoryDiscoverySource add(DiscoveredCertificate record) {
        records.add(Objects.requireNonNull(record, "record"));
        return this;
    }

    /**
     * @param sourceRecordId the record's id; not blank
     * @param der the certificate's encoding (may be malformed); not null
     * @param assets where it was found
     * @return this
     */
    public InMemoryDiscoverySource add(String sourceRecordId, byte[] der, DiscoveredAsset... assets) {
        return add(DiscoveredCertificate.of(sourceRecordId, der, List.of(assets)));
    }

    /** Removes every record, e.g. before a test's second run with a changed discovery. @return this */
    public synchronized InMemoryDiscoverySource clear() {
        records.clear();
        return this;
    }

    /**
     * Makes every page request from now on throw {@code failure}.
     *
     * @param value what to throw; not null
     * @return this
     */
    public InMemoryDiscoverySource failWith(RuntimeException value) {
        return failFromPage(1, value);
    }

    /**
     * Serves the first {@code page - 1} pages of each pass through the records and throws
     * {@code failure} for page {@code page} and after, as a service that goes away mid-import.
     *
     * @param page the first page that fails, 1 for the first; at least 1
     * @param value what to throw; not null
     * @return this
     * @throws IllegalArgumentException if {@code page} is below 1
     */
    public synchronized InMemoryDiscoverySource failFromPage(int page, RuntimeException value) {
        if (page < 1) {
            throw new IllegalArgumentException("Pages count from 1, was " + page);
        }
        this.failure = Objects.requireNonNull(value, "failure");
        this.failFromPage = page;
        return this;
    }

    /** Stops failing. @return this */
    public synchronized InMemoryDiscoverySource recover() {
        this.failure = null;
        this.failFromPage = Integer.MAX_VALUE;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized DiscoveryPage page(Optional<String> cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        int from = cursor.map(Integer::parseInt).orElse(0);
        int pageNumber = from / limit + 1;
        if (failure != null && pageNumber >= failFromPage) {
            throw failure;
        }
        pagesServed++;
        int to = Math.min(records.size(), from + limit);
        List<DiscoveredCertificate> items = List.copyOf(records.subList(Math.min(from, to), to));
        return new DiscoveryPage(items, to < records.size() ? Optional.of(Integer.toString(to)) : Optional.empty());
    }

    /** @return how many pages were served (failed requests not counted) */
    public synchronized int pagesServed() {
        return pagesServed;
    }
}
