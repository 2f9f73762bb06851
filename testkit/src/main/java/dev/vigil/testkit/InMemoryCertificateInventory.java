package dev.vigil.testkit;

import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificatePage;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.CheckRecord;
import dev.vigil.spi.cert.InventoryCertificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CertificateInventory} in memory, ordered by id, for job tests. It keeps every
 * {@link CheckRecord} written (the latest per certificate and kind), folds the latest status into
 * the certificates it returns, counts the pages read, and records deletions. Thread-safe.
 */
public final class InMemoryCertificateInventory implements CertificateInventory {
    private final TreeMap<String, InventoryCertificate> certificates = new TreeMap<>();
    private final Map<String, Map<CheckKind, CheckRecord>> checks = new HashMap<>();
    private final List<String> deleted = new ArrayList<>();
    private final AtomicInteger pagesRead = new AtomicInteger();

    /** @param certificate added, or replacing the one with its id @return this */
    public synchronized InMemoryCertificateInventory add(InventoryCertificate certificate) {
        certificates.put(certificate.id(), certificate);
        return this;
    }

    @Override
    public synchronized CertificatePage page(CertificateQuery query) {
        pagesRead.incrementAndGet();
        List<InventoryCertificate> out = new ArrayList<>();
        Map<String, InventoryCertificate> from = query.cursor().isPresent()
                ? certificates.tailMap(query.cursor().get(), false) : certificates;
        String last = null;
        for (InventoryCertificate c : from.values()) {
            if (out.size() == query.limit()) {
                return new CertificatePage(out, Optional.of(last));
            }
            last = c.id();
            if (!query.statuses().isEmpty() && !query.statuses().contains(c.status())) {
                continue;
            }
            if (query.addedSince().isPresent() && c.addedAt().isBefore(query.addedSince().get())) {
                continue;
            }
            out.add(withStatuses(c));
        }
        return new CertificatePage(out, Optional.empty());
    }

    private InventoryCertificate withStatuses(InventoryCertificate c) {
        Map<CheckKind, CheckRecord> recorded = checks.get(c.id());
        if (recorded == null) {
            return c;
        }
        Map<CheckKind, String> statuses = new EnumMap<>(CheckKind.class);
        statuses.putAll(c.statuses());
        recorded.forEach((kind, r) -> statuses.put(kind, r.status()));
        return new InventoryCertificate(c.id(), c.der(), c.chain(), c.group(), c.status(), c.caConnector(),
                c.attributes(), c.deviceIds(), c.endpoints(), c.addedAt(), statuses);
    }

    @Override
    public synchronized boolean recordCheck(String certificateId, CheckRecord record) {
        if (!certificates.containsKey(certificateId)) {
            return false;
        }
        checks.computeIfAbsent(certificateId, k -> new EnumMap<>(CheckKind.class)).put(record.kind(), record);
        return true;
    }

    @Override
    public synchronized boolean delete(String certificateId) {
        if (certificates.remove(certificateId) == null) {
            return false;
        }
        checks.remove(certificateId);
        deleted.add(certificateId);
        return true;
    }

    /** @param certificateId a certificate @param kind a check @return the latest record that check wrote for it */
    public synchronized Optional<CheckRecord> check(String certificateId, CheckKind kind) {
        return Optional.ofNullable(checks.getOrDefault(certificateId, Map.of()).get(kind));
    }

    /** @param kind a check @return the status each certificate last got from it, by certificate id */
    public synchronized Map<String, String> statuses(CheckKind kind) {
        Map<String, String> out = new TreeMap<>();
        checks.forEach((id, byKind) -> {
            CheckRecord r = byKind.get(kind);
            if (r != null) {
                out.put(id, r.status());
            }
        });
        return out;
    }

    /** @return the ids deleted, in order */
    public synchronized List<String> deleted() {
        return List.copyOf(deleted);
    }

    /** @return the certificates held now */
    public synchronized int size() {
        return certificates.size();
    }

    /** @return how many pages were read */
    public int pagesRead() {
        return pagesRead.get();
    }
}
