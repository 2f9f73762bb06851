package dev.vigil.testkit;

import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificatePage;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.CheckRecord;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.InventoryImport;
import dev.vigil.spi.cert.NewInventoryCertificate;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CertificateInventory} and {@link InventoryImport} in memory, ordered by id, for job
 * tests. It keeps every {@link CheckRecord} written (the latest per certificate and kind), folds the
 * latest status into the certificates it returns, counts the pages read, and records deletions.
 *
 * <p>As an {@code InventoryImport}: a group exists once it is {@linkplain #createGroup created} or
 * a certificate {@linkplain #add(InventoryCertificate) added} directly is in it; a certificate is
 * found by the SHA-256 of its stored bytes (so one stored as PEM is not found); certificates added
 * through {@link #add(NewInventoryCertificate)} get the ids {@code imported-00001},
 * {@code imported-00002}, … and no chain, CA connector, devices or endpoints. Thread-safe.
 */
public final class InMemoryCertificateInventory implements CertificateInventory, InventoryImport {
    private static final HexFormat HEX = HexFormat.of();

    private final TreeMap<String, InventoryCertificate> certificates = new TreeMap<>();
    private final TreeMap<String, String> sha256ById = new TreeMap<>();
    private final Set<String> groups = new TreeSet<>();
    private int imported;
    private final Map<String, Map<CheckKind, CheckRecord>> checks = new HashMap<>();
    private final List<String> deleted = new ArrayList<>();
    private final AtomicInteger pagesRead = new AtomicInteger();

    /** @param certificate added, or replacing the one with its id @return this */
    public synchronized InMemoryCertificateInventory add(InventoryCertificate certificate) {
        certificates.put(certificate.id(), certificate);
        sha256ById.put(certificate.id(), sha256(certificate.der()));
        groups.add(certificate.group());
        return this;
    }

    @Override
    public synchronized Optional<String> findBySha256(String sha256) {
        // The first by id, should a test have added the same bytes under several ids.
        return sha256ById.entrySet().stream().filter(e -> e.getValue().equals(sha256)).map(Map.Entry::getKey)
                .findFirst();
    }

    @Override
    public synchronized boolean groupExists(String group) {
        return groups.contains(group);
    }

    @Override
    public synchronized void createGroup(String group) {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("A certificate group's name must not be blank");
        }
        groups.add(group);
    }

    /**
     * Adds an imported certificate with the next {@code imported-NNNNN} id.
     *
     * @param certificate what to add; not null
     * @return its new id
     * @throws IllegalArgumentException if its group does not exist, or the inventory already holds a
     *     certificate with the same SHA-256 (the import job must find and update that one instead)
     */
    @Override
    public synchronized String add(NewInventoryCertificate certificate) {
        if (!groups.contains(certificate.group())) {
            throw new IllegalArgumentException("Certificate group '" + certificate.group() + "' does not exist");
        }
        byte[] der = certificate.der();
        findBySha256(sha256(der)).ifPresent(existing -> {
            throw new IllegalArgumentException("The inventory already holds this certificate as " + existing);
        });
        String id = String.format("imported-%05d", ++imported);
        add(new InventoryCertificate(id, der, List.of(), certificate.group(), certificate.status(), Optional.empty(),
                certificate.attributes(), List.of(), List.of(), certificate.addedAt(), Map.of()));
        return id;
    }

    @Override
    public synchronized boolean updateAttributes(String certificateId, Map<String, String> attributes) {
        InventoryCertificate c = certificates.get(certificateId);
        if (c == null) {
            return false;
        }
        Map<String, String> merged = new HashMap<>(c.attributes());
        merged.putAll(attributes);
        certificates.put(certificateId, new InventoryCertificate(c.id(), c.der(), c.chain(), c.group(), c.status(),
                c.caConnector(), merged, c.deviceIds(), c.endpoints(), c.addedAt(), c.statuses()));
        return true;
    }

    /**
     * @param certificateId a certificate's id
     * @return the certificate as held now, with the latest check statuses folded in, if it is held
     */
    public synchronized Optional<InventoryCertificate> certificate(String certificateId) {
        return Optional.ofNullable(certificates.get(certificateId)).map(this::withStatuses);
    }

    /** @return every certificate held now, by id, with the latest check statuses folded in */
    public synchronized List<InventoryCertificate> certificates() {
        return certificates.values().stream().map(this::withStatuses).toList();
    }

    /** @return the certificate groups that exist, sorted */
    public synchronized List<String> groups() {
        return List.copyOf(groups);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
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
        InventoryCertificate removed = certificates.remove(certificateId);
        if (removed == null) {
            return false;
        }
        sha256ById.remove(certificateId);
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
