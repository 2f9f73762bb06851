package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.lint.LintFinding;
import dev.vigil.jobs.cert.lint.Linter;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.CertificatePolicySource;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.CheckRecord;
import dev.vigil.spi.cert.CertificatePage;
import dev.vigil.spi.cert.InventoryCertificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code cert.compliance-check}: holds every certificate to the built-in CA/Browser Forum rules
 * (each with its effective date) and to the host's policy for it, and sets its compliance:
 * {@code NON_COMPLIANT} if any finding is an error, else {@code COMPLIANT}. Every finding is kept
 * with its stable rule id and severity; a status change is audited. Runs daily at 05:00; a host
 * that changes a policy calls {@link #markPending} so that the certificates it governs show
 * {@code PENDING} until then.
 */
public final class ComplianceCheckJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.compliance-check";

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Certificate compliance check")
            .description("Checks each certificate against the CA/Browser Forum rules and the host's certificate policy.")
            .cron("0 0 5 * * ?")
            .requires(CertificateInventory.class)
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        Instant now = context.clock().instant();
        Optional<CertificatePolicySource> policies = context.findService(CertificatePolicySource.class);
        Map<CertificatePolicy, Linter> linters = new HashMap<>();
        return CertificateScan.run(context, CertificateQuery.all(), scanned -> {
            CertificatePolicy policy = policies.map(p -> p.policyFor(scanned.entry())).orElse(CertificatePolicy.baseline());
            List<CheckFinding> findings = linters.computeIfAbsent(policy, Linter::withPolicy).lint(scanned.certificate())
                    .stream().map(ComplianceCheckJob::finding).toList();
            String status = findings.stream().anyMatch(f -> f.severity() == CheckFinding.Severity.ERROR)
                    ? "NON_COMPLIANT" : "COMPLIANT";
            Optional<String> before = scanned.entry().status(CheckKind.COMPLIANCE);
            if (before.isPresent() && !before.get().equals(status)) {
                context.audit("certificate.compliance-changed", scanned.id(), status, Map.of("from", before.get(),
                        "rules", String.join(",", findings.stream().map(CheckFinding::id).toList())));
            }
            return Optional.of(new CheckRecord(CheckKind.COMPLIANCE, status, findings, now));
        });
    }

    /**
     * Marks the compliance of the certificates a changed policy governs {@code PENDING}, for the host
     * to call when it changes a policy; the next run of the check replaces the mark with the verdict
     * under the new policy. Pages through the whole inventory, one page in memory at a time.
     *
     * @param inventory the host's inventory; not null
     * @param governed which certificates the changed policy governs; not null
     * @param clock the time to record the mark at; not null
     * @return how many certificates were marked
     */
    public static long markPending(CertificateInventory inventory, Predicate<InventoryCertificate> governed,
                                   Clock clock) {
        Objects.requireNonNull(governed, "governed");
        CheckRecord pending = new CheckRecord(CheckKind.COMPLIANCE, "PENDING", List.of(new CheckFinding(
                "POLICY_CHANGED", CheckFinding.Severity.NOTICE, "the policy changed; the next compliance check decides")),
                clock.instant());
        long marked = 0;
        CertificateQuery query = CertificateQuery.all();
        while (true) {
            CertificatePage page = inventory.page(query);
            for (InventoryCertificate certificate : page.certificates()) {
                if (governed.test(certificate) && inventory.recordCheck(certificate.id(), pending)) {
                    marked++;
                }
            }
            if (page.nextCursor().isEmpty()) {
                return marked;
            }
            query = query.after(page.nextCursor().get());
        }
    }

    private static CheckFinding finding(LintFinding f) {
        return new CheckFinding(f.ruleId(), CheckFinding.Severity.valueOf(f.severity().name()), f.message());
    }
}
