package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.InventoryImport;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cert.ca-attributes-sync}: fetches, for every certificate of the inventory, the CA-specific
 * attributes it lacks from the CA that issued it, and adds them to the inventory. The seed names
 * Sectigo, Microsoft Enterprise, DigiCert and GlobalSign SSL; here it is any CA connector that lists
 * {@link CaCapability#CA_ATTRIBUTES}. Twice a day, and on demand (a manual run).
 *
 * <p>For each certificate: one without a CA connector, or whose connector lacks the capability, or
 * that already has a value for every {@linkplain CaConnector#caAttributeNames() attribute its
 * connector supplies}, is skipped. A certificate naming a connector the host has not registered,
 * one that does not parse (it is not sent to the CA), one whose CA fails, and one whose CA answers
 * with garbage (no map, a blank name, a missing value) fail alone with the reason; the run goes on.
 * Otherwise the attributes the certificate lacks (absent or blank) are added through
 * {@link InventoryImport#updateAttributes}; an attribute that has a value is never overwritten, even
 * if the CA now says something else (the host or a person may have set it; this job fills gaps, it
 * does not reconcile). A connector that fails {@value CaOutages#GIVE_UP_AFTER} times in a row is
 * not asked again in the run; its remaining certificates fail with that reason. Names the connector
 * did not declare are ignored. A certificate the CA has none
 * of the missing values for is skipped. Each update is audited ({@value #AUDIT_ACTION}) with the
 * names of the attributes added, never their values.
 *
 * <p>Counts: succeeded = certificates updated, failed, skipped.
 */
public final class CaAttributesSyncJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.ca-attributes-sync";
    /** The audit action of one certificate's update. */
    public static final String AUDIT_ACTION = "certificate.ca-attributes-synced";

    private static final Logger log = LoggerFactory.getLogger(CaAttributesSyncJob.class);

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("CA attributes sync")
            .description("Fetches the CA-specific attributes (order id, product, requester...) that certificates "
                    + "lack from their CA connectors and adds them to the inventory, never overwriting a value.")
            .cron("0 0 0,12 * * ?")
            .requires(CertificateInventory.class)
            .requires(InventoryImport.class)
            .requires(CaConnectors.class)
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        CaConnectors connectors = context.service(CaConnectors.class);
        InventoryImport inventory = context.service(InventoryImport.class);
        JobResult.Builder result = JobResult.builder();
        CaOutages outages = new CaOutages();
        CertificateScan.forEach(context, CertificateQuery.all(),
                entry -> syncOne(context, connectors, outages, inventory, entry, result));
        var counts = result.counts();
        return result.message(counts.processed() + " certificates: " + counts.succeeded() + " updated, "
                + counts.failed() + " failed, " + counts.skipped() + " skipped").build();
    }

    private static void syncOne(JobContext context, CaConnectors connectors, CaOutages outages,
                                InventoryImport inventory, InventoryCertificate entry, JobResult.Builder result) {
        if (entry.caConnector().isEmpty()) {
            result.skipped();
            return;
        }
        String name = entry.caConnector().get();
        Optional<CaConnector> found;
        boolean capable;
        try {
            found = connectors.find(name);
            capable = found.isPresent() && found.get().supports(CaCapability.CA_ATTRIBUTES);
        } catch (RuntimeException e) {
            result.failed(entry.id(), "CA connector '" + name + "' cannot be looked up: " + CertificateScan.failure(e));
            return;
        }
        if (found.isEmpty()) {
            result.failed(entry.id(), "the host has no CA connector named '" + name + "'");
            return;
        }
        CaConnector connector = found.get();
        if (!capable) {
            result.skipped();
            return;
        }
        Set<String> missing = new TreeSet<>();
        try {
            for (String attribute : connector.caAttributeNames()) {
                if (isBlank(attribute)) {
                    throw new IllegalStateException("a blank attribute name among those it supplies");
                }
                if (isBlank(entry.attributes().get(attribute))) {
                    missing.add(attribute);
                }
            }
        } catch (RuntimeException e) {
            result.failed(entry.id(), "CA connector '" + name + "' cannot say which attributes it supplies: "
                    + CertificateScan.failure(e));
            return;
        }
        if (missing.isEmpty()) {
            result.skipped();
            return;
        }
        try {
            CertificateScan.parse(entry.der());
        } catch (CertificateException | RuntimeException e) {
            result.failed(entry.id(), "not a readable X.509 certificate, so not sent to the CA: " + e.getMessage());
            return;
        }
        Optional<String> givenUp = outages.givenUp(name);
        if (givenUp.isPresent()) {
            result.failed(entry.id(), givenUp.get());
            return;
        }
        Map<String, String> answer;
        try {
            answer = connector.caAttributes(entry);
        } catch (RuntimeException e) {
            log.debug("CA connector {} failed on certificate {}", name, entry.id(), e);
            result.failed(entry.id(), "CA connector '" + name + "' failed: " + outages.failed(name, e));
            return;
        }
        outages.answered(name);
        Optional<String> garbage = garbageIn(answer);
        if (garbage.isPresent()) {
            result.failed(entry.id(), "CA connector '" + name + "' answered with " + garbage.get());
            return;
        }
        Map<String, String> added = new TreeMap<>();
        for (String attribute : missing) {
            String value = answer.get(attribute);
            if (!isBlank(value)) {
                added.put(attribute, value);
            }
        }
        if (added.isEmpty()) {
            result.skipped(); // the CA has no value yet for what is missing
            return;
        }
        boolean updated;
        try {
            updated = inventory.updateAttributes(entry.id(), added);
        } catch (RuntimeException e) {
            result.failed(entry.id(), "the inventory refused the update: " + CertificateScan.failure(e));
            return;
        }
        if (!updated) {
            result.skipped(); // deleted meanwhile
            return;
        }
        result.succeeded();
        context.audit(AUDIT_ACTION, entry.id(), "success",
                Map.of("connector", name, "added", String.join(", ", added.keySet())));
    }

    /** @return what is wrong with a connector's answer, if anything */
    private static Optional<String> garbageIn(Map<String, String> answer) {
        if (answer == null) {
            return Optional.of("no attributes (null)");
        }
        try {
            for (Map.Entry<String, String> e : answer.entrySet()) {
                if (isBlank(e.getKey())) {
                    return Optional.of("a blank attribute name");
                }
                if (e.getValue() == null) {
                    return Optional.of("no value (null) for attribute '" + e.getKey() + "'");
                }
            }
        } catch (RuntimeException e) {
            return Optional.of("an unreadable map: " + CertificateScan.failure(e));
        }
        return Optional.empty();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
