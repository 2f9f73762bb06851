package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.ct.CtChecker;
import dev.vigil.jobs.cert.ct.CtFormatException;
import dev.vigil.jobs.cert.ct.CtLogList;
import dev.vigil.jobs.cert.ct.CtReason;
import dev.vigil.jobs.cert.ct.CtReport;
import dev.vigil.jobs.cert.ct.SctResult;
import dev.vigil.jobs.cert.ct.SctStatus;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.CheckRecord;
import dev.vigil.spi.cert.CtLogListSource;
import dev.vigil.spi.cert.TrustAnchorSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cert.transparency-check}: reads each certificate's embedded SCT list, verifies every SCT against
 * the host's CT log list ({@link CtLogListSource}, required: Chrome's v3 {@code log_list.json}) and
 * judges the certificate by Chrome's CT policy: {@code COMPLIANT} or {@code NOT_COMPLIANT}. The findings
 * are the policy requirements missed ({@code NO_EMBEDDED_SCTS}, {@code MALFORMED_SCT_LIST},
 * {@code TOO_FEW_SCTS}, {@code TOO_FEW_OPERATORS}, {@code NO_LOG_IN_SERVICE}; errors) and every SCT that
 * does not count ({@code UNKNOWN_LOG}, {@code INVALID_SIGNATURE}, {@code LOG_NOT_ACCEPTABLE} for a pending,
 * rejected or retired log or one whose temporal interval excludes the certificate, {@code FUTURE_TIMESTAMP};
 * warnings, also on a compliant certificate).
 *
 * <p>An SCT is signed over the issuer's key, so the issuer certificate is needed: the inventory chain's
 * certificate whose subject is the certificate's issuer (normally the first), else the host's trust anchor
 * of that name ({@link TrustAnchorSource}, optional). A certificate whose issuer is in neither is that
 * certificate's error. A log list that cannot be read or does not parse fails the run before any
 * certificate is recorded. A compliance change is audited. Runs on Sundays at 02:00.
 */
public final class TransparencyCheckJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.transparency-check";

    private static final Logger log = LoggerFactory.getLogger(TransparencyCheckJob.class);
    private static final Set<CtReason.Kind> PER_SCT = Set.of(CtReason.Kind.INVALID_SIGNATURE,
            CtReason.Kind.UNKNOWN_LOG, CtReason.Kind.LOG_NOT_ACCEPTABLE, CtReason.Kind.FUTURE_TIMESTAMP);

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Certificate transparency check")
            .description("Verifies each certificate's embedded SCTs against the CT log list and checks Chrome's"
                    + " CT policy.")
            .cron("0 0 2 ? * SUN")
            .requires(CertificateInventory.class)
            .requires(CtLogListSource.class)
            .build();

    /** Stateless: one instance serves every run; what a run needs comes from its context. */
    public TransparencyCheckJob() {
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        Instant now = context.clock().instant();
        CtChecker checker = new CtChecker(logList(context.service(CtLogListSource.class)));
        List<X509Certificate> anchors = context.findService(TrustAnchorSource.class)
                .map(TrustAnchorSource::trustAnchors).orElse(List.of());
        return CertificateScan.run(context, CertificateQuery.all(), scanned -> {
            X509Certificate leaf = scanned.certificate();
            X509Certificate issuer = issuerOf(scanned, anchors);
            CtReport report = checker.check(leaf, issuer, now);
            List<CheckFinding> findings = new ArrayList<>();
            report.reasons().stream().filter(r -> !PER_SCT.contains(r.kind())).forEach(r -> findings.add(
                    new CheckFinding(r.kind().name(), CheckFinding.Severity.ERROR, r.message())));
            report.scts().stream().filter(s -> s.status() != SctStatus.VALID).forEach(s -> findings.add(
                    new CheckFinding(s.status().name(), CheckFinding.Severity.WARNING, describe(s))));
            String status = report.policy().name();
            Optional<String> before = scanned.entry().status(CheckKind.TRANSPARENCY);
            if (before.isPresent() && !before.get().equals(status)) {
                context.audit("certificate.transparency-changed", scanned.id(), status, Map.of("from", before.get(),
                        "findings", String.join(",", findings.stream().map(CheckFinding::id).distinct().toList())));
            }
            return Optional.of(new CheckRecord(CheckKind.TRANSPARENCY, status, findings, now));
        });
    }

    private static CtLogList logList(CtLogListSource source) {
        byte[] json;
        try {
            json = source.logList();
        } catch (IOException e) {
            throw new UncheckedIOException("the CT log list could not be read from the host's CtLogListSource: "
                    + e.getMessage(), e);
        }
        if (json == null) {
            throw new IllegalStateException("the host's CtLogListSource returned no log list");
        }
        CtLogList list;
        try {
            list = CtLogList.parse(new String(json, StandardCharsets.UTF_8));
        } catch (CtFormatException e) {
            throw new IllegalStateException("the CT log list from the host's CtLogListSource is not a Chrome v3"
                    + " log_list.json: " + e.getMessage() + "; no certificate was checked", e);
        }
        if (!list.problems().isEmpty()) {
            log.warn("The CT log list has {} log entries that were left out; SCTs from them count as from unknown"
                    + " logs: {}", list.problems().size(), list.problems());
        }
        return list;
    }

    /**
     * @return the certificate of the CA that issued the scanned certificate: from its inventory chain, else
     *         from the trust anchors, matched by name
     * @throws CertificateException when neither has it; the message says where the job looked
     */
    private static X509Certificate issuerOf(ScannedCertificate scanned, List<X509Certificate> anchors)
            throws CertificateException {
        var issuerName = scanned.certificate().getIssuerX500Principal();
        List<String> unreadable = new ArrayList<>();
        List<byte[]> chain = scanned.entry().chain();
        for (int i = 0; i < chain.size(); i++) {
            try {
                X509Certificate candidate = CertificateScan.parse(chain.get(i));
                if (candidate.getSubjectX500Principal().equals(issuerName)) {
                    return candidate;
                }
            } catch (CertificateException | RuntimeException e) {
                unreadable.add("chain certificate #" + i + " is not readable");
            }
        }
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().equals(issuerName)) {
                return anchor;
            }
        }
        throw new CertificateException("the issuer " + issuerName.getName() + " is neither in the certificate's"
                + " inventory chain nor among the trust anchors, so its SCTs cannot be verified"
                + (unreadable.isEmpty() ? "" : " (" + String.join(", ", unreadable) + ")"));
    }

    private static String describe(SctResult sct) {
        return "SCT " + sct.position() + " from log " + sct.logName() + " at " + sct.timestamp() + ": " + sct.detail();
    }
}
