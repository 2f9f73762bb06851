package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.Progress;
import dev.vigil.spi.cert.DiscoveredAsset;
import dev.vigil.spi.cert.DiscoveredCertificate;
import dev.vigil.spi.cert.DiscoveryPage;
import dev.vigil.spi.cert.DiscoverySource;
import dev.vigil.spi.cert.InventoryImport;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.NewInventoryCertificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cert.discovery-import}: brings the certificates a {@link DiscoverySource} (Qualys, say)
 * found into the inventory, in one certificate group and as managed or monitored.
 *
 * <p>Selects: every record of the source, page by page. Checks: that the group exists (or creates
 * it with {@code createGroup=true}); that each record holds a certificate (DER or PEM). Changes: a
 * certificate the inventory does not hold (by the SHA-256 of its DER) is added with the group, the
 * status ({@code importAs}), the record's attributes, {@value InventoryImport#ASSETS_ATTRIBUTE} and
 * {@value InventoryImport#DISCOVERY_SOURCE_ATTRIBUTE} = the source's name. A certificate it holds
 * already gets the record's attributes and its {@code Assets} replaced by what this run found —
 * the source's latest view — while its discovery source, group and status stay as they are.
 * Audits: each certificate added or updated (inventory id, SHA-256), and a group it creates.
 *
 * <p>Counts: <em>processed</em> — records read; <em>succeeded</em> — certificates added or updated;
 * <em>failed</em> — records that hold no readable certificate, or that the inventory refused (each
 * named by its source record id in the item errors); <em>skipped</em> — records of a certificate
 * already imported earlier in the same run (their assets are added to its {@code Assets}), so a
 * certificate is imported once per run. A bad record never stops the run; a source that cannot be
 * reached does, failing it with the source's message and the counts so far.
 *
 * <p>Parameters: {@code group} (required), {@code createGroup} ({@code false}), {@code importAs}
 * ({@code MONITORED} or {@code MANAGED}; default {@code MONITORED}), {@code pageSize} (records asked of
 * the source at a time, 500).
 *
 * <p>No schedule of its own (manual): the host schedules one definition per group with
 * {@code Schedule.every(n, unit).from(start).until(...)} or {@code Schedule.once(at)}. Memory is one
 * page plus the fingerprints and assets of the certificates seen in the run.
 */
public final class DiscoveryImportJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.discovery-import";
    /** The audit action of a certificate added or updated, and of a group created. */
    public static final String AUDIT_ACTION = "certificate.discovery-import";
    static final String GROUP = "group";
    static final String CREATE_GROUP = "createGroup";
    static final String IMPORT_AS = "importAs";
    static final String PAGE_SIZE = "pageSize";

    private static final Logger log = LoggerFactory.getLogger(DiscoveryImportJob.class);

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Import discovered certificates")
            .description("Imports the certificates a discovery source found into a certificate group, "
                    + "with the assets they were found on; updates the ones the inventory already holds.")
            .parameter(ParameterSpec.required(GROUP, ParameterType.STRING, "the certificate group to import into")
                    .withPattern("\\S(.*\\S)?"))
            .parameter(ParameterSpec.optional(CREATE_GROUP, ParameterType.BOOLEAN,
                    "create the group if it does not exist (otherwise the run fails)").withDefault("false"))
            .parameter(ParameterSpec.optional(IMPORT_AS, ParameterType.STRING,
                    "the status of certificates added: MANAGED or MONITORED")
                    .withAllowedValues(ManagementStatus.MANAGED.name(), ManagementStatus.MONITORED.name())
                    .withDefault(ManagementStatus.MONITORED.name()))
            .parameter(ParameterSpec.optional(PAGE_SIZE, ParameterType.INTEGER,
                    "how many records to ask the source for at a time").withRange(1, 10_000).withDefault("500"))
            .requires(DiscoverySource.class)
            .requires(InventoryImport.class)
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        String group = context.parameters().string(GROUP);
        ManagementStatus importAs = ManagementStatus.valueOf(context.parameters().string(IMPORT_AS));
        int pageSize = (int) context.parameters().integer(PAGE_SIZE);
        DiscoverySource source = context.service(DiscoverySource.class);
        InventoryImport inventory = context.service(InventoryImport.class);

        if (!inventory.groupExists(group)) {
            if (!context.parameters().bool(CREATE_GROUP)) {
                return JobResult.failure("Certificate group '" + group + "' does not exist; create it in the "
                        + "inventory, or run with " + CREATE_GROUP + "=true to have this job create it");
            }
            inventory.createGroup(group);
            context.audit(AUDIT_ACTION, group, "group-created", Map.of("group", group));
        }

        Run run = new Run(context, inventory, source.name(), group, importAs);
        Optional<String> cursor = Optional.empty();
        do {
            DiscoveryPage page;
            try {
                page = source.page(cursor, pageSize);
            } catch (RuntimeException e) {
                log.warn("Discovery source {} failed after {} records", source.name(), run.result.counts().processed(), e);
                return run.result.outcome(JobResult.Outcome.FAILED).message("discovery source '" + source.name()
                        + "' failed after " + run.result.counts().processed() + " records: "
                        + (e.getMessage() == null ? e.getClass().getName() : e.getMessage())).build();
            }
            for (DiscoveredCertificate record : page.items()) {
                context.checkCancelled();
                run.importOne(record);
            }
            long seen = run.result.counts().processed();
            context.progress(new Progress(seen, 0, seen + " discovered certificates looked at"));
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        var counts = run.result.counts();
        return run.result.message(counts.processed() + " discovered certificates from " + source.name() + ": "
                + run.added + " added to " + group + ", " + run.updated + " updated, " + counts.skipped()
                + " repeated, " + counts.failed() + " failed").build();
    }

    /** One run's state: the counts and what it has imported so far, by SHA-256. */
    private static final class Run {
        private final JobContext context;
        private final InventoryImport inventory;
        private final String sourceName;
        private final String group;
        private final ManagementStatus importAs;
        private final JobResult.Builder result = JobResult.builder();
        private final Map<String, Imported> imported = new HashMap<>();
        private long added;
        private long updated;

        Run(JobContext context, InventoryImport inventory, String sourceName, String group, ManagementStatus importAs) {
            this.context = context;
            this.inventory = inventory;
            this.sourceName = sourceName;
            this.group = group;
            this.importAs = importAs;
        }

        void importOne(DiscoveredCertificate record) {
            byte[] der;
            try {
                der = parse(record.der()).getEncoded();
            } catch (CertificateException | RuntimeException e) {
                result.failed(record.sourceRecordId(), "not a readable X.509 certificate, so not imported: "
                        + e.getMessage());
                return;
            }
            String sha256 = CertificateScan.sha256(der);
            try {
                Imported earlier = imported.get(sha256);
                if (earlier != null) {
                    mergeRepeat(earlier, record);
                    result.skipped();
                    return;
                }
                Map<String, String> attributes = new HashMap<>(record.attributes());
                attributes.remove(InventoryImport.DISCOVERY_SOURCE_ATTRIBUTE);
                attributes.put(InventoryImport.ASSETS_ATTRIBUTE, DiscoveredAsset.describe(record.assets()));
                Optional<String> existing = inventory.findBySha256(sha256);
                String id;
                if (existing.isPresent() && inventory.updateAttributes(existing.get(), attributes)) {
                    id = existing.get();
                    updated++;
                    context.audit(AUDIT_ACTION, id, "updated", Map.of("sha256", sha256, "source", sourceName,
                            "record", record.sourceRecordId()));
                } else {
                    // Not there, or gone between the lookup and the update: add it.
                    attributes.put(InventoryImport.DISCOVERY_SOURCE_ATTRIBUTE, sourceName);
                    id = inventory.add(new NewInventoryCertificate(der, group, importAs, attributes,
                            context.clock().instant()));
                    added++;
                    context.audit(AUDIT_ACTION, id, "added", Map.of("sha256", sha256, "source", sourceName,
                            "record", record.sourceRecordId(), "group", group, "status", importAs.name()));
                }
                imported.put(sha256, new Imported(id, new HashSet<>(record.assets())));
                result.succeeded();
            } catch (RuntimeException e) {
                log.debug("Import of discovered record {} (sha256 {}) failed", record.sourceRecordId(), sha256, e);
                result.failed(record.sourceRecordId(), "the inventory refused certificate " + sha256 + ": "
                        + CertificateScan.failure(e));
            }
        }

        /** A second record of a certificate imported in this run: only its assets are new. */
        private void mergeRepeat(Imported earlier, DiscoveredCertificate record) {
            if (earlier.assets.addAll(record.assets())) {
                inventory.updateAttributes(earlier.id,
                        Map.of(InventoryImport.ASSETS_ATTRIBUTE, DiscoveredAsset.describe(earlier.assets)));
            }
        }
    }

    /** A certificate this run imported: its inventory id and the assets its records named so far. */
    private static final class Imported {
        private final String id;
        private final Set<DiscoveredAsset> assets;

        Imported(String id, Set<DiscoveredAsset> assets) {
            this.id = id;
            this.assets = assets;
        }
    }

    private static X509Certificate parse(byte[] encoded) throws CertificateException {
        if (encoded.length == 0) {
            throw new CertificateException("the record is empty");
        }
        return CertificateScan.parse(encoded);
    }
}
