package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.lint.Linter;
import dev.vigil.spi.JobCancelledException;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CaOrder;
import dev.vigil.spi.cert.CertificateKeys;
import dev.vigil.spi.cert.CertificateOrderRequest;
import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.CertificatePolicySource;
import dev.vigil.spi.cert.CertificateRenewals;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.RenewalAction;
import dev.vigil.spi.cert.RenewalRecord;
import dev.vigil.spi.cert.RenewalStep;
import dev.vigil.spi.notify.Notification;
import dev.vigil.spi.notify.Notifier;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one certificate's renewal or regeneration, over its {@link RenewalRecord}.
 * It advances a record from any step towards {@code DONE}, writing each step with compare-and-set
 * before the side effect the next step depends on, so that a run that dies anywhere leaves a record
 * from which any later run (the parent jobs up to the submission, {@code cert.polling-request} for
 * the rest) repeats at most one side effect, and every side effect is idempotent per request id:
 *
 * <ol>
 *   <li>{@code STARTED} → build the CSR: a renewal's signed by the host with the existing key; a
 *       regeneration's with a new key (chosen by the host's policy) stored pending at the host first.
 *       A run generates a key only under a request id whose {@code STARTED} record it wrote itself;
 *       a {@code STARTED} regeneration left by another run is first claimed under a fresh request id
 *       (compare-and-set), and the other run's pending key, never sent, is discarded.
 *       → {@code CSR_READY} / {@code KEY_PENDING}
 *   <li>submit to the CA with the request id (idempotent at the CA) → {@code SUBMITTED}, deadline set
 *   <li>poll until issued; the issued certificate must parse and carry the requested key, its chain
 *       must parse → {@code ISSUED}; still pending: wait, or past the deadline fail
 *   <li>{@link CertificateRenewals#storeIssued} (idempotent) → {@code STORED}
 *   <li>regeneration: promote the pending key (idempotent) → {@code DONE}
 * </ol>
 *
 * A verdict (rejected, unusable certificate, deadline passed) ends the attempt {@code FAILED}, with
 * a backoff, and then discards a regeneration's pending key. An exception (the CA or the host down)
 * leaves the record at its step, counting a failure with a backoff, to be repeated later. A save
 * that loses the compare-and-set leaves the certificate to the run that won. Audits
 * {@value #SUBMITTED_AUDIT}, {@value #RENEWED_AUDIT} and {@value #FAILED_AUDIT}, and notifies the
 * host's {@link Notifier}, if any, of a replaced certificate ({@value #RENEWED_TOPIC}) and of an
 * attempt that ended failed ({@value #FAILED_TOPIC}); no secret is ever in a record, an audit
 * detail, a notification or a message.
 */
final class CertificateRenewal {
    static final String SUBMITTED_AUDIT = "certificate.renewal-submitted";
    static final String RENEWED_AUDIT = "certificate.renewed";
    static final String FAILED_AUDIT = "certificate.renewal-failed";
    static final String RENEWED_TOPIC = "cert.renewed";
    static final String FAILED_TOPIC = "cert.renewal-failed";

    private static final Logger log = LoggerFactory.getLogger(CertificateRenewal.class);

    /** How long a certificate waits after its n-th failure: {@code initial × 2^(n-1)}, at most {@code max}. */
    record Backoff(Duration initial, Duration max) {
        Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("the backoff must be positive and its maximum (" + max
                        + ") at least its initial delay (" + initial + ")");
            }
        }

        Duration after(int failures) {
            Duration delay = initial;
            for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(max) > 0 ? max : delay;
        }
    }

    /** How an advance ended. */
    enum Status {
        /** The record reached the step asked for (or {@code DONE}). */
        REACHED,
        /** The CA has not issued yet, before the deadline; poll again later. */
        PENDING,
        /** The attempt ended {@code FAILED}. */
        FAILED,
        /** A step threw; the record stays at its step with a failure counted and a retry time. */
        BACKING_OFF,
        /** Another run changed the record first; this run leaves the certificate alone. */
        CONFLICT
    }

    /** @param record the record as last read or written @param message for the run's result */
    record Outcome(Status status, RenewalRecord record, String message) {
    }

    private sealed interface Move permits Next, Fail, Wait {
    }

    private record Next(RenewalRecord record, CaOrder answer) implements Move {
    }

    private record Fail(String reason) implements Move {
    }

    private record Wait(String message) implements Move {
    }

    private final JobContext context;
    private final CertificateRenewals renewals;
    private final CertificateKeys keys;
    private final CaConnectors connectors;
    private final Optional<CertificatePolicySource> policies;
    private final Backoff backoff;
    private final Duration pollDeadline;
    /** The request ids whose STARTED record this run wrote: only for those does it generate a key. */
    private final Set<String> claimed = new HashSet<>();
    /** Request ids this run claimed, with the request id of the other run's record they replaced. */
    private final Map<String, String> claimedFrom = new HashMap<>();

    CertificateRenewal(JobContext context, Backoff backoff, Duration pollDeadline) {
        this.context = context;
        this.renewals = context.service(CertificateRenewals.class);
        this.keys = context.service(CertificateKeys.class);
        this.connectors = context.service(CaConnectors.class);
        this.policies = context.findService(CertificatePolicySource.class);
        this.backoff = backoff;
        this.pollDeadline = pollDeadline;
    }

    /**
     * Starts a new attempt with a fresh request id, over the certificate's previous record if any
     * (a {@code FAILED} one, whose failures are carried over).
     *
     * @return {@code REACHED} with the stored {@code STARTED} record, or {@code CONFLICT}
     */
    Outcome start(InventoryCertificate certificate, String connector, RenewalAction action,
                  Optional<RenewalRecord> previous) {
        Instant now = context.clock().instant();
        RenewalRecord first = RenewalRecord.started(certificate.id(), connector, action, UUID.randomUUID().toString(),
                previous.map(RenewalRecord::failures).orElse(0), now.plus(pollDeadline), now);
        long expected = previous.map(RenewalRecord::version).orElse(0L);
        if (!renewals.save(first, expected)) {
            return conflict(first);
        }
        claimed.add(first.requestId());
        return new Outcome(Status.REACHED, first.withVersion(expected + 1), "started");
    }

    /**
     * Advances a record until it reaches {@code until} (or a later step), ends, waits or conflicts.
     *
     * @param certificate the old certificate if the caller has it; else read when a step needs it
     */
    Outcome advance(RenewalRecord record, Optional<InventoryCertificate> certificate, RenewalStep until) {
        RenewalRecord current = record;
        CaOrder answered = null;
        Optional<InventoryCertificate> old = certificate;
        while (!current.step().terminal() && current.step().ordinal() < until.ordinal()) {
            Move move;
            try {
                if (old.isEmpty() && current.step().ordinal() < RenewalStep.SUBMITTED.ordinal()) {
                    old = Optional.of(renewals.certificate(current.certificateId()).orElseThrow(() ->
                            new IllegalStateException("certificate " + record.certificateId()
                                    + " is no longer in the inventory")));
                }
                move = step(current, old, answered);
            } catch (JobCancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                log.debug("Renewal step {} of certificate {} failed", current.step(), current.certificateId(), e);
                if (current.step() == RenewalStep.SUBMITTED && context.clock().instant().isAfter(current.deadline())) {
                    return fail(current, "order " + current.orderId().orElseThrow() + " at CA connector '"
                            + current.caConnector() + "' was not issued by the deadline " + current.deadline()
                            + " (the last poll failed: " + describe(e) + ")");
                }
                return backOff(current, describe(e));
            }
            if (move instanceof Wait wait) {
                return polled(current, wait.message());
            }
            if (move instanceof Fail fail) {
                return fail(current, fail.reason());
            }
            Next next = (Next) move;
            boolean saved;
            try {
                saved = renewals.save(next.record(), current.version());
            } catch (RuntimeException e) {
                log.debug("Saving the renewal record of certificate {} failed", current.certificateId(), e);
                return backOff(current, "cannot save the renewal record at " + next.record().step() + ": " + describe(e));
            }
            if (!saved) {
                if (next.record().step() == RenewalStep.KEY_PENDING) {
                    discardQuietly(next.record()); // our key, stored for a record another run has now
                }
                return conflict(current);
            }
            current = next.record().withVersion(current.version() + 1);
            answered = next.answer();
            audit(current);
        }
        return current.step() == RenewalStep.FAILED
                ? new Outcome(Status.FAILED, current, current.lastError().orElse("failed"))
                : new Outcome(Status.REACHED, current, current.step().name());
    }

    /**
     * Records the time of a poll that found the order still pending, so that a sweep sees the
     * record's poller at work ({@link RenewalSweep#POLLER_STALE_AFTER}). A failed save loses only
     * that time.
     */
    private Outcome polled(RenewalRecord current, String message) {
        RenewalRecord touched = edit(current).build();
        try {
            if (!renewals.save(touched, current.version())) {
                return conflict(current);
            }
        } catch (RuntimeException e) {
            log.debug("Recording the poll of certificate {} failed", current.certificateId(), e);
            return new Outcome(Status.PENDING, current, message);
        }
        return new Outcome(Status.PENDING, touched.withVersion(current.version() + 1), message);
    }

    /**
     * Discards the pending key a failed regeneration may have left (its run died between recording
     * the failure and discarding the key). Never throws: a failure is logged and tried again next time.
     */
    void cleanUp(RenewalRecord failed) {
        if (failed.step() != RenewalStep.FAILED || failed.action() != RenewalAction.REGENERATE) {
            return;
        }
        discardQuietly(failed);
    }

    /** Discards the pending key of a record's request, if any; a failure is logged, not thrown. */
    private void discardQuietly(RenewalRecord r) {
        try {
            if (keys.hasPendingKey(r.requestId())) {
                keys.discardPendingKey(r.requestId());
            }
        } catch (RuntimeException e) {
            log.warn("Could not discard the pending key of request {} for certificate {}: {}",
                    r.requestId(), r.certificateId(), describe(e));
        }
    }

    private Move step(RenewalRecord r, Optional<InventoryCertificate> old, CaOrder answered) {
        return switch (r.step()) {
            case STARTED -> buildRequest(r, old.orElseThrow());
            case CSR_READY, KEY_PENDING -> submit(r, old.orElseThrow());
            case SUBMITTED -> collect(r, answered != null ? answered
                    : answerOf(connector(r).pollOrder(r.orderId().orElseThrow())));
            case ISSUED -> new Next(edit(r).step(RenewalStep.STORED).newCertificateId(renewals.storeIssued(r,
                    r.issued().orElseThrow(), r.chain())).build(), null);
            case STORED -> {
                if (r.action() == RenewalAction.REGENERATE) {
                    keys.promoteKey(r.requestId(), r.newCertificateId().orElseThrow());
                }
                yield new Next(edit(r).step(RenewalStep.DONE).build(), null);
            }
            case DONE, FAILED -> throw new IllegalStateException("a terminal record does not advance");
        };
    }

    private Move buildRequest(RenewalRecord r, InventoryCertificate old) {
        X509Certificate parsed;
        try {
            parsed = CertificateScan.parse(old.der());
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable X.509 certificate: " + e.getMessage(), e);
        }
        if (r.action() == RenewalAction.RENEW) {
            byte[] csr = CertificateRequests.renewal(parsed, old.id(), keys);
            return new Next(edit(r).step(RenewalStep.CSR_READY).csr(csr).build(), null);
        }
        if (!claimed.contains(r.requestId())) {
            // Left by another run, which may have stored a key under its request id (never sent: its CSR was
            // not recorded) or may still be about to: claim the record under a fresh request id first, so
            // that no two runs ever store keys under one id. The other run's key is dropped once the claim
            // is saved (next step), never before: until then that run may still win the record with it.
            String fresh = UUID.randomUUID().toString();
            claimed.add(fresh);
            claimedFrom.put(fresh, r.requestId());
            return new Next(new RenewalRecord(r.certificateId(), r.caConnector(), r.action(), RenewalStep.STARTED, fresh,
                    new byte[0], Optional.empty(), Optional.empty(), List.of(), Optional.empty(), r.failures(),
                    Optional.empty(), r.deadline(), context.clock().instant(), r.lastError(), r.version()), null);
        }
        String unclaimed = claimedFrom.remove(r.requestId());
        if (unclaimed != null && keys.hasPendingKey(unclaimed)) {
            keys.discardPendingKey(unclaimed); // the claim is saved: that run can no longer use it
        }
        CertificatePolicy policy = policies.map(p -> p.policyFor(old)).orElseGet(CertificatePolicy::baseline);
        CertificateRequests.NewKey fresh = CertificateRequests.regeneration(parsed, policy);
        byte[] pkcs8 = fresh.keys().getPrivate().getEncoded();
        try {
            keys.storePendingKey(r.requestId(), pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        return new Next(edit(r).step(RenewalStep.KEY_PENDING).csr(fresh.csr()).build(), null);
    }

    private Move submit(RenewalRecord r, InventoryCertificate old) {
        CaConnector connector = connector(r);
        CaOrder order = answerOf(connector.submit(new CertificateOrderRequest(r.requestId(), r.action(), old, r.csr())));
        if (order.state() == CaOrder.State.REJECTED) {
            return new Fail("CA connector '" + r.caConnector() + "' rejected the order: " + order.message());
        }
        Instant now = context.clock().instant();
        return new Next(edit(r).step(RenewalStep.SUBMITTED).orderId(order.orderId()).deadline(now.plus(pollDeadline))
                .build(), order.state() == CaOrder.State.ISSUED ? order : null);
    }

    private Move collect(RenewalRecord r, CaOrder order) {
        String where = "order " + order.orderId() + " at CA connector '" + r.caConnector() + "'";
        switch (order.state()) {
            case REJECTED:
                return new Fail(where + " was rejected: " + order.message());
            case PENDING:
                if (context.clock().instant().isAfter(r.deadline())) {
                    return new Fail(where + " was not issued by the deadline " + r.deadline() + " (still pending: "
                            + order.message() + ")");
                }
                return new Wait("certificate " + r.certificateId() + ": " + where + " is still pending ("
                        + order.message() + "); polling again later, until " + r.deadline());
            default:
                return checked(r, order, where);
        }
    }

    /** The issued certificate must parse, carry the requested key, and come with a chain that parses. */
    private Move checked(RenewalRecord r, CaOrder order, String where) {
        X509Certificate issued;
        try {
            issued = CertificateScan.parse(order.certificate().orElseThrow());
        } catch (CertificateException | RuntimeException e) {
            return new Fail(where + " returned an issued certificate that is not readable X.509 (" + e.getMessage()
                    + "); nothing stored");
        }
        byte[] requested;
        try {
            requested = new PKCS10CertificationRequest(r.csr()).getSubjectPublicKeyInfo().getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("the recorded CSR does not parse: " + e.getMessage(), e);
        }
        if (!Arrays.equals(requested, issued.getPublicKey().getEncoded())) {
            return new Fail(where + " issued a certificate for another public key than the one requested; nothing stored");
        }
        List<byte[]> chain = new ArrayList<>();
        int i = 0;
        for (byte[] element : order.chain()) {
            i++;
            try {
                chain.add(CertificateScan.parse(element).getEncoded());
            } catch (CertificateException | RuntimeException e) {
                return new Fail(where + " returned chain certificate " + i + " that is not readable X.509 ("
                        + e.getMessage() + "); nothing stored");
            }
        }
        try {
            return new Next(edit(r).step(RenewalStep.ISSUED).issued(issued.getEncoded()).chain(chain).build(), null);
        } catch (CertificateEncodingException e) {
            return new Fail(where + " returned a certificate that cannot be re-encoded; nothing stored");
        }
    }

    private CaConnector connector(RenewalRecord r) {
        CaConnector connector = connectors.find(r.caConnector()).orElseThrow(() -> new IllegalStateException(
                "the host has no CA connector named '" + r.caConnector() + "'"));
        if (!connector.supports(r.action().capability())) {
            throw new IllegalStateException("CA connector '" + r.caConnector() + "' does not support "
                    + r.action().capability());
        }
        return connector;
    }

    private static CaOrder answerOf(CaOrder order) {
        if (order == null) {
            throw new IllegalStateException("the CA connector answered with no order (null)");
        }
        return order;
    }

    private Outcome fail(RenewalRecord current, String reason) {
        int failures = current.failures() + 1;
        Instant retryAt = context.clock().instant().plus(backoff.after(failures));
        RenewalRecord failed = edit(current).step(RenewalStep.FAILED).failures(failures).retryAt(retryAt)
                .lastError(reason).build();
        if (!renewals.save(failed, current.version())) {
            return conflict(current);
        }
        failed = failed.withVersion(current.version() + 1);
        cleanUp(failed);
        auditFailure(failed, true);
        return new Outcome(Status.FAILED, failed, "certificate " + current.certificateId() + ": " + reason
                + "; a new attempt from " + retryAt);
    }

    private Outcome backOff(RenewalRecord current, String error) {
        int failures = current.failures() + 1;
        Instant retryAt = context.clock().instant().plus(backoff.after(failures));
        RenewalRecord backing = edit(current).failures(failures).retryAt(retryAt).lastError(error).build();
        if (!renewals.save(backing, current.version())) {
            return conflict(current);
        }
        backing = backing.withVersion(current.version() + 1);
        auditFailure(backing, false);
        return new Outcome(Status.BACKING_OFF, backing, "certificate " + current.certificateId() + " at "
                + current.step() + ": " + error + "; tried again from " + retryAt);
    }

    private static Outcome conflict(RenewalRecord current) {
        return new Outcome(Status.CONFLICT, current, "certificate " + current.certificateId()
                + ": another run changed its renewal record first; left to that run");
    }

    private void audit(RenewalRecord r) {
        if (r.step() == RenewalStep.SUBMITTED) {
            Map<String, String> details = details(r);
            if (r.action() == RenewalAction.REGENERATE) {
                details.put("newKey", describeKey(r.csr()));
            }
            context.audit(SUBMITTED_AUDIT, r.certificateId(), "success", details);
        } else if (r.step() == RenewalStep.DONE) {
            Map<String, String> details = details(r);
            details.put("newCertificateId", r.newCertificateId().orElseThrow());
            context.audit(RENEWED_AUDIT, r.certificateId(), "success", details);
            notify(Notification.Severity.INFO, RENEWED_TOPIC, "Certificate " + r.certificateId() + " "
                    + (r.action() == RenewalAction.RENEW ? "renewed" : "regenerated"), "Certificate "
                    + r.certificateId() + " was " + (r.action() == RenewalAction.RENEW ? "renewed" : "regenerated")
                    + " through CA connector '" + r.caConnector() + "' (order " + r.orderId().orElseThrow()
                    + "); the new certificate is " + r.newCertificateId().orElseThrow() + ".", details);
        }
    }

    private void notify(Notification.Severity severity, String topic, String subject, String body,
                        Map<String, String> attributes) {
        Optional<Notifier> notifier = context.findService(Notifier.class);
        if (notifier.isEmpty()) {
            return;
        }
        try {
            notifier.get().send(new Notification(severity, topic, subject, body, List.of(), attributes));
        } catch (RuntimeException e) {
            log.warn("Could not send the {} notification for certificate {}: {}", topic, attributes.get("certificateId"),
                    describe(e));
        }
    }

    private void auditFailure(RenewalRecord r, boolean attemptEnded) {
        Map<String, String> details = details(r);
        details.put("attemptEnded", String.valueOf(attemptEnded));
        details.put("failures", String.valueOf(r.failures()));
        r.retryAt().ifPresent(at -> details.put("retryAt", at.toString()));
        details.put("error", r.lastError().orElse(""));
        context.audit(FAILED_AUDIT, r.certificateId(), "failure", details);
        if (attemptEnded) {
            notify(Notification.Severity.WARNING, FAILED_TOPIC, "Certificate " + r.certificateId() + " not "
                    + (r.action() == RenewalAction.RENEW ? "renewed" : "regenerated"), "The "
                    + r.action().name().toLowerCase(java.util.Locale.ROOT) + " of certificate " + r.certificateId()
                    + " through CA connector '" + r.caConnector() + "' failed: " + r.lastError().orElse("")
                    + r.retryAt().map(at -> ". A new attempt may start from " + at + ".").orElse("."), details);
        }
    }

    private static Map<String, String> details(RenewalRecord r) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("certificateId", r.certificateId());
        details.put("action", r.action().name());
        details.put("caConnector", r.caConnector());
        details.put("requestId", r.requestId());
        details.put("step", r.step().name());
        r.orderId().ifPresent(o -> details.put("orderId", o));
        return details;
    }

    private static String describeKey(byte[] csr) {
        try {
            SubjectPublicKeyInfo key = new PKCS10CertificationRequest(csr).getSubjectPublicKeyInfo();
            return Linter.keyType(key.getAlgorithm().getAlgorithm()).name();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String describe(RuntimeException e) {
        return CertificateScan.failure(e);
    }

    private RecordEdit edit(RenewalRecord r) {
        return new RecordEdit(r);
    }

    /** Builds the next version of a record; a successful move clears the retry time. */
    private final class RecordEdit {
        private final RenewalRecord from;
        private RenewalStep step;
        private byte[] csr;
        private Optional<String> orderId;
        private Optional<byte[]> issued;
        private List<byte[]> chain;
        private Optional<String> newCertificateId;
        private int failures;
        private Optional<Instant> retryAt = Optional.empty();
        private Instant deadline;
        private Optional<String> lastError;

        RecordEdit(RenewalRecord from) {
            this.from = from;
            this.step = from.step();
            this.csr = from.csr();
            this.orderId = from.orderId();
            this.issued = from.issued();
            this.chain = from.chain();
            this.newCertificateId = from.newCertificateId();
            this.failures = from.failures();
            this.deadline = from.deadline();
            this.lastError = from.lastError();
        }

        RecordEdit step(RenewalStep value) {
            step = value;
            return this;
        }

        RecordEdit csr(byte[] value) {
            csr = value;
            return this;
        }

        RecordEdit orderId(String value) {
            orderId = Optional.of(value);
            return this;
        }

        RecordEdit issued(byte[] value) {
            issued = Optional.of(value);
            return this;
        }

        RecordEdit chain(List<byte[]> value) {
            chain = value;
            return this;
        }

        RecordEdit newCertificateId(String value) {
            newCertificateId = Optional.of(value);
            return this;
        }

        RecordEdit failures(int value) {
            failures = value;
            return this;
        }

        RecordEdit retryAt(Instant value) {
            retryAt = Optional.of(value);
            return this;
        }

        RecordEdit deadline(Instant value) {
            deadline = value;
            return this;
        }

        RecordEdit lastError(String value) {
            lastError = Optional.of(value);
            return this;
        }

        RenewalRecord build() {
            return new RenewalRecord(from.certificateId(), from.caConnector(), from.action(), step, from.requestId(), csr,
                    orderId, issued, chain, newCertificateId, failures, retryAt, deadline, context.clock().instant(),
                    lastError, from.version());
        }
    }
}
