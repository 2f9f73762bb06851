package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.CheckRecord;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cert.expiry-status-check}: sets every certificate's expiry status — {@code NOT_YET_VALID}
 * before its notBefore, {@code EXPIRED} after its notAfter, {@code EXPIRING} within the threshold
 * of it (default 30 days), else {@code VALID} — and audits each certificate whose status changed.
 * Runs at minute 20 of every fifth hour.
 */
public final class ExpiryStatusCheckJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.expiry-status-check";
    static final String EXPIRING_DAYS = "expiringDays";

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Certificate expiry status check")
            .description("Sets each certificate's expiry status: VALID, EXPIRING, EXPIRED or NOT_YET_VALID.")
            .cron("0 20 0/5 * * ?")
            .parameter(ParameterSpec.optional(EXPIRING_DAYS, ParameterType.INTEGER,
                    "days before notAfter from which a certificate is EXPIRING").withDefault("30").withRange(0, 3650))
            .requires(CertificateInventory.class)
            .build();

    /** The statuses this job sets. */
    enum ExpiryStatus { VALID, EXPIRING, EXPIRED, NOT_YET_VALID }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        Duration threshold = Duration.ofDays(context.parameters().integer(EXPIRING_DAYS));
        Instant now = context.clock().instant();
        return CertificateScan.run(context, CertificateQuery.all(), scanned -> {
            ExpiryStatus status = statusOf(scanned.certificate(), now, threshold);
            Optional<String> before = scanned.entry().status(CheckKind.EXPIRY);
            if (before.isPresent() && !before.get().equals(status.name())) {
                context.audit("certificate.expiry-status-changed", scanned.id(), status.name(),
                        Map.of("from", before.get(), "notAfter", scanned.certificate().getNotAfter().toInstant().toString()));
            }
            return Optional.of(new CheckRecord(CheckKind.EXPIRY, status.name(), findings(scanned.certificate(), status, now),
                    now));
        });
    }

    /** notBefore and notAfter are both inclusive (RFC 5280 §4.1.2.5). */
    static ExpiryStatus statusOf(X509Certificate certificate, Instant now, Duration threshold) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            return ExpiryStatus.NOT_YET_VALID;
        }
        if (now.isAfter(notAfter)) {
            return ExpiryStatus.EXPIRED;
        }
        return !now.plus(threshold).isBefore(notAfter) ? ExpiryStatus.EXPIRING : ExpiryStatus.VALID;
    }

    private static List<CheckFinding> findings(X509Certificate certificate, ExpiryStatus status, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        return switch (status) {
            case VALID -> List.of();
            case EXPIRING -> List.of(new CheckFinding("EXPIRING", CheckFinding.Severity.WARNING,
                    "expires " + notAfter + ", in " + Duration.between(now, notAfter).toDays() + " days"));
            case EXPIRED -> List.of(new CheckFinding("EXPIRED", CheckFinding.Severity.ERROR, "expired " + notAfter));
            case NOT_YET_VALID -> List.of(new CheckFinding("NOT_YET_VALID", CheckFinding.Severity.WARNING,
                    "valid from " + certificate.getNotBefore().toInstant()));
        };
    }
}
