package dev.vigil.testkit;

import dev.vigil.spi.cert.CertificateRenewals;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.RenewalRecord;
import dev.vigil.spi.cert.RenewalStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link CertificateRenewals} in memory, over an {@link InMemoryCertificateInventory}: records with
 * compare-and-set versions, issued certificates added to that inventory as {@code renewed-00001},
 * {@code renewed-00002}, … (same group, status, CA connector and attributes as the old certificate,
 * added at the record's {@code updatedAt}), once per request id, and the old → new links. It keeps
 * every record saved, and can crash once at a step ({@link #crashOnSave}) or in
 * {@link #storeIssued} ({@link #crashOnStoreIssued}), after the write. Thread-safe.
 */
public final class InMemoryCertificateRenewals implements CertificateRenewals {
    private final InMemoryCertificateInventory inventory;
    private final Map<String, RenewalRecord> records = new TreeMap<>();
    private final List<RenewalRecord> history = new ArrayList<>();
    private final Map<String, String> storedByRequest = new HashMap<>();
    private final Map<String, String> links = new TreeMap<>();
    private final CrashPoints<Object> crashes = new CrashPoints<>();
    private int stored;

    /** @param inventory where issued certificates go and certificates are read from; not null */
    public InMemoryCertificateRenewals(InMemoryCertificateInventory inventory) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
    }

    /**
     * Crashes once when a record at this step is saved, after it was stored.
     *
     * @param step the step; not null
     * @return this
     */
    public InMemoryCertificateRenewals crashOnSave(RenewalStep step) {
        crashes.arm(step);
        return this;
    }

    /** Crashes once in {@link #storeIssued}, after the certificate was added and linked. @return this */
    public InMemoryCertificateRenewals crashOnStoreIssued() {
        crashes.arm("storeIssued");
        return this;
    }

    /**
     * Stores a record as it is, as if a run had left it (a crash, another node).
     *
     * @param record the record; its version is kept; not null
     * @return this
     */
    public synchronized InMemoryCertificateRenewals put(RenewalRecord record) {
        records.put(record.certificateId(), record);
        return this;
    }

    @Override
    public synchronized Optional<RenewalRecord> find(String certificateId) {
        return Optional.ofNullable(records.get(certificateId));
    }

    @Override
    public boolean save(RenewalRecord next, long expectedVersion) {
        Objects.requireNonNull(next, "next");
        synchronized (this) {
            RenewalRecord current = records.get(next.certificateId());
            long currentVersion = current == null ? 0 : current.version();
            if (currentVersion != expectedVersion) {
                return false;
            }
            RenewalRecord saved = next.withVersion(expectedVersion + 1);
            records.put(next.certificateId(), saved);
            history.add(saved);
        }
        crashes.pass(next.step(), "save of " + next.certificateId() + " at " + next.step());
        return true;
    }

    @Override
    public String storeIssued(RenewalRecord record, byte[] der, List<byte[]> chain) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(der, "der");
        String id;
        synchronized (this) {
            id = storedByRequest.get(record.requestId());
            if (id == null) {
                InventoryCertificate old = inventory.certificate(record.certificateId()).orElseThrow(() ->
                        new IllegalStateException("certificate " + record.certificateId() + " is not in the inventory"));
                id = String.format("renewed-%05d", ++stored);
                inventory.add(new InventoryCertificate(id, der, chain, old.group(), old.status(), old.caConnector(),
                        old.attributes(), List.of(), List.of(), record.updatedAt(), Map.of()));
                storedByRequest.put(record.requestId(), id);
                links.put(record.certificateId(), id);
            }
        }
        crashes.pass("storeIssued", "storeIssued of " + record.requestId());
        return id;
    }

    @Override
    public Optional<InventoryCertificate> certificate(String certificateId) {
        return inventory.certificate(certificateId);
    }

    /** @param certificateId a certificate @return its record now, if any */
    public synchronized Optional<RenewalRecord> record(String certificateId) {
        return find(certificateId);
    }

    /** @return every record saved, in order */
    public synchronized List<RenewalRecord> history() {
        return List.copyOf(history);
    }

    /** @return the links from old to new certificate ids, by old id */
    public synchronized Map<String, String> links() {
        return Map.copyOf(links);
    }

    /** @return how many certificates {@link #storeIssued} added */
    public synchronized int storedCount() {
        return stored;
    }

    /** @return where this fake crashed so far, in order (each armed point fires once) */
    public List<String> crashesFired() {
        return crashes.fired();
    }
}
