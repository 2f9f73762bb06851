package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.InventoryCertificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code cert.delete-expired}: deletes the certificates that expired longer ago than the grace
 * period (default 30 days), each deletion audited — but only when the host's setting
 * {@value #ENABLED_SETTING} is {@code true}; otherwise it deletes nothing and says so. A revoked
 * certificate is never deleted: it must stay on its CA's CRLs until one issued after its expiry,
 * and this job cannot see the CRLs; the host deletes it when the CRL publisher has dropped it.
 * A certificate that does not parse is that certificate's error, never deleted. Daily at 03:00.
 */
public final class DeleteExpiredJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.delete-expired";
    /** The host setting that allows deletion; anything but {@code true} means no. */
    public static final String ENABLED_SETTING = "cert.delete-expired.enabled";
    static final String GRACE = "grace";

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Delete expired certificates")
            .description("Deletes certificates expired longer than the grace period, when the host enables it.")
            .cron("0 0 3 * * ?")
            .parameter(ParameterSpec.optional(GRACE, ParameterType.DURATION,
                    "how long after expiry a certificate is kept").withDefault("P30D"))
            .requires(CertificateInventory.class)
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        if (!context.settings().get(ENABLED_SETTING).map("true"::equalsIgnoreCase).orElse(false)) {
            return JobResult.success("deletion of expired certificates is off (host setting " + ENABLED_SETTING + ")");
        }
        Duration grace = context.parameters().duration(GRACE);
        Instant cutoff = context.clock().instant().minus(grace);
        CertificateInventory inventory = context.service(CertificateInventory.class);
        JobResult.Builder result = JobResult.builder();
        CertificateScan.forEach(context, CertificateQuery.all(),
                entry -> deleteIfDue(context, inventory, entry, cutoff, grace, result));
        var counts = result.counts();
        return result.message(counts.succeeded() + " expired certificates deleted, " + counts.skipped() + " kept, "
                + counts.failed() + " failed").build();
    }

    private static void deleteIfDue(JobContext context, CertificateInventory inventory, InventoryCertificate entry,
                                    Instant cutoff, Duration grace, JobResult.Builder result) {
        X509Certificate certificate;
        try {
            certificate = CertificateScan.parse(entry.der());
        } catch (CertificateException | RuntimeException e) {
            result.failed(entry.id(), "not a readable X.509 certificate, so not deleted: " + e.getMessage());
            return;
        }
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (!notAfter.isBefore(cutoff)) {
            return; // not expired long enough: not this job's business, not counted
        }
        if (entry.status(CheckKind.REVOCATION).filter("REVOKED"::equals).isPresent()) {
            result.skipped();
            context.audit("certificate.delete-expired", entry.id(), "kept", Map.of("reason",
                    "revoked: it stays on its CA's CRLs until one issued after its expiry", "notAfter", notAfter.toString()));
            return;
        }
        if (inventory.delete(entry.id())) {
            result.succeeded();
            context.audit("certificate.delete-expired", entry.id(), "deleted", Map.of("notAfter", notAfter.toString(),
                    "grace", grace.toString(), "subject", certificate.getSubjectX500Principal().getName()));
        } else {
            result.skipped();
        }
    }
}
