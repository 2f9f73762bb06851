package dev.vigil.jobs.cert;

import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.CheckRecord;
import dev.vigil.spi.notify.Notification;
import dev.vigil.spi.notify.Notifier;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Turns revocation verdicts into the inventory's {@code REVOCATION} status, the rules the three
 * revocation jobs share (they write the same status field):
 * <ul>
 *   <li>A recorded {@code REVOKED} is final: a later {@code GOOD} or {@code UNKNOWN} from any source
 *       leaves it (counted skipped). Revocation cannot be undone (RFC 5280 §3.3) except a
 *       certificateHold, which the CA/Browser Forum rules forbid for TLS certificates; a host that
 *       releases a hold resets the status itself. Without this, a CRL older than an OCSP answer, or
 *       one failed download, would flip a revoked certificate back and announce its revocation again.
 *   <li>A job that has nothing to ask about a certificate (no distribution point, no responder, no
 *       issuer) records {@code UNKNOWN} only if no revocation status is recorded yet: it does not
 *       overwrite another source's answer (a certificate with OCSP but no CRL would flap otherwise).
 *   <li>A change of status is audited ({@code certificate.revocation-status-changed}), and so is a
 *       first status of {@code REVOKED}; a certificate newly {@code REVOKED} is also notified
 *       ({@code cert.revoked}, critical) when the host registered a {@link Notifier}.
 * </ul>
 * One recorder per run; it tallies the statuses for the run's message. Thread-safe.
 */
final class RevocationRecorder {
    static final String AUDIT_ACTION = "certificate.revocation-status-changed";
    static final String NOTIFICATION_TOPIC = "cert.revoked";

    private final JobContext context;
    private final Instant now;
    private final AtomicLongArray tally = new AtomicLongArray(5); // GOOD, REVOKED, UNKNOWN, kept revoked, not checkable

    RevocationRecorder(JobContext context) {
        this.context = context;
        this.now = context.clock().instant();
    }

    /** @return the record to write, or empty to leave the certificate's status as it is */
    Optional<CheckRecord> record(ScannedCertificate scanned, RevocationVerdict verdict) {
        Optional<String> before = scanned.entry().status(CheckKind.REVOCATION);
        String status = verdict.status().name();
        if (before.filter("REVOKED"::equals).isPresent() && verdict.status() != RevocationVerdict.Status.REVOKED) {
            tally.incrementAndGet(3);
            return Optional.empty();
        }
        if (!verdict.checked() && before.isPresent()) {
            tally.incrementAndGet(4);
            return Optional.empty();
        }
        tally.incrementAndGet(verdict.status().ordinal());
        boolean newlyRevoked = verdict.status() == RevocationVerdict.Status.REVOKED
                && !before.filter("REVOKED"::equals).isPresent();
        if (newlyRevoked || before.isPresent() && !before.get().equals(status)) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("from", before.orElse("none"));
            details.put("source", verdict.source());
            verdict.revokedAt().ifPresent(at -> details.put("revokedAt", at.toString()));
            verdict.reason().ifPresent(reason -> details.put("reason", reason));
            if (!verdict.findings().isEmpty()) {
                details.put("finding", verdict.findings().get(0).id());
            }
            context.audit(AUDIT_ACTION, scanned.id(), status, details);
        }
        if (newlyRevoked) {
            notifyRevoked(scanned, verdict);
        }
        return Optional.of(new CheckRecord(CheckKind.REVOCATION, status, verdict.findings(), now));
    }

    private void notifyRevoked(ScannedCertificate scanned, RevocationVerdict verdict) {
        Optional<Notifier> notifier = context.findService(Notifier.class);
        if (notifier.isEmpty()) {
            return;
        }
        String subject = scanned.certificate().getSubjectX500Principal().getName();
        String revokedAt = verdict.revokedAt().orElseThrow().toString();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("certificateId", scanned.id());
        attributes.put("serial", scanned.certificate().getSerialNumber().toString(16));
        attributes.put("revokedAt", revokedAt);
        attributes.put("source", verdict.source());
        verdict.reason().ifPresent(reason -> attributes.put("reason", reason));
        notifier.get().send(new Notification(Notification.Severity.CRITICAL, NOTIFICATION_TOPIC,
                "Certificate revoked: " + subject,
                "Certificate " + scanned.id() + " (" + subject + ", serial " + attributes.get("serial") + ") was revoked at "
                        + revokedAt + verdict.reason().map(r -> " (" + r + ")").orElse("") + ", as reported by "
                        + verdict.source() + ".", List.of(), attributes));
    }

    /** @return the scan's result with this run's tally added to its message */
    JobResult withTally(JobResult result) {
        String tallied = tally.get(0) + " good, " + tally.get(1) + " revoked, " + tally.get(2) + " unknown"
                + (tally.get(3) > 0 ? ", " + tally.get(3) + " kept revoked" : "")
                + (tally.get(4) > 0 ? ", " + tally.get(4) + " left as recorded (nothing to ask)" : "");
        return new JobResult(result.outcome(), result.counts(), result.message() + " (" + tallied + ")",
                result.itemErrors(), result.itemErrorsDropped());
    }
}
