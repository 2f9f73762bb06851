package dev.vigil.jobs.cert.ct;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a certificate's embedded SCTs against a CT log list and Chrome's CT policy.
 *
 * <p>Each SCT is looked up in the log list by log id, its signature verified over the precertificate
 * entry rebuilt from the certificate (see RFC 6962 §3.2), its timestamp compared with the instant of the
 * check, and its log's state judged: SCTs from {@code qualified}, {@code usable} and {@code readonly} logs
 * count; SCTs from {@code retired} logs count when the certificate's earliest valid SCT predates the
 * retirement (Chrome uses the earliest SCT, for certificates logged while a log retired); a log with a
 * temporal interval counts only for certificates whose notAfter lies in it (as the log list defines the
 * interval). An SCT's operator is the log's operator at the SCT's timestamp ({@code previous_operators}).
 * The certificate is compliant when
 * <ul>
 *   <li>the valid SCTs come from at least 2 distinct logs if its lifetime (notAfter − notBefore) is at
 *       most 180 days, 3 if longer;</li>
 *   <li>those logs belong to at least 2 distinct operators; and</li>
 *   <li>at least one of them is not retired.</li>
 * </ul>
 *
 * <p>Only embedded SCTs are considered; SCTs delivered in a TLS extension or an OCSP response are not.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * CtChecker checker = new CtChecker(CtLogList.parse(json));
 * CtReport report = checker.check(leaf, issuer, clock.instant());
 * }</pre>
 */
public final class CtChecker {
    private static final Logger LOG = LoggerFactory.getLogger(CtChecker.class);
    private static final Duration SHORT_LIVED = Duration.ofDays(180);

    private final CtLogList logs;

    /** @param logs the logs to trust; not null */
    public CtChecker(CtLogList logs) {
        this.logs = Objects.requireNonNull(logs, "logs");
    }

    /**
     * @param leaf the certificate to check; not null
     * @param issuer the certificate of the CA that issued {@code leaf}; not null
     * @param at the instant of the check: SCTs timestamped after it do not count; not null
     * @return the verdict; a malformed SCT list gives a non-compliant report saying where it is malformed
     * @throws IllegalArgumentException when {@code issuer}'s subject is not {@code leaf}'s issuer
     * @throws CtFormatException when the certificate itself cannot be re-encoded
     */
    public CtReport check(X509Certificate leaf, X509Certificate issuer, Instant at) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(at, "at");
        if (!issuer.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
            throw new IllegalArgumentException("the issuer given, " + issuer.getSubjectX500Principal()
                    + ", is not the certificate's issuer " + leaf.getIssuerX500Principal());
        }
        List<EmbeddedSct> embedded;
        try {
            Optional<byte[]> tls = EmbeddedSctList.tlsBytes(leaf);
            if (tls.isEmpty()) {
                return notCompliant(0, List.of(), List.of(new CtReason(CtReason.Kind.NO_EMBEDDED_SCTS,
                        "the certificate has no embedded SCTs")));
            }
            embedded = EmbeddedSctList.parse(tls.get());
        } catch (CtFormatException e) {
            LOG.debug("certificate serial {} has a malformed SCT list: {}", leaf.getSerialNumber(), e.getMessage());
            return notCompliant(0, List.of(), List.of(new CtReason(CtReason.Kind.MALFORMED_SCT_LIST, e.getMessage())));
        }
        byte[] tbs = SctSignatures.precertificateTbs(leaf);
        byte[] issuerKeyHash = SctSignatures.issuerKeyHash(issuer);
        Instant notAfter = leaf.getNotAfter().toInstant();
        List<SctResult> verified = new ArrayList<>();
        for (EmbeddedSct sct : embedded) {
            verified.add(verify(sct, issuerKeyHash, tbs, at));
        }
        // Chrome compares retirement with the earliest SCT presented, for certificates logged while a log retired
        Optional<Instant> earliest = verified.stream().filter(r -> r.status() == SctStatus.VALID)
                .map(SctResult::timestamp).min(Instant::compareTo);
        List<SctResult> results = verified.stream()
                .map(r -> r.status() == SctStatus.VALID ? judgeLog(r, earliest.orElseThrow(), notAfter) : r).toList();
        Duration lifetime = Duration.between(leaf.getNotBefore().toInstant(), notAfter);
        List<CtReason> reasons = policyReasons(results, lifetime);
        if (!reasons.isEmpty()) {
            results.stream().filter(r -> r.status() != SctStatus.VALID).map(CtChecker::reasonFor).forEach(reasons::add);
        }
        CtReport report = new CtReport(embedded.size(), results,
                reasons.isEmpty() ? CtCompliance.COMPLIANT : CtCompliance.NOT_COMPLIANT, reasons);
        LOG.debug("certificate serial {}: {} SCTs, {}", leaf.getSerialNumber(), embedded.size(), report.policy());
        return report;
    }

    /**
     * @return the SCT's result when its log is unknown, its signature bad or its timestamp later than
     *         {@code at}; else VALID so far, its log's state not yet judged
     */
    private SctResult verify(EmbeddedSct sct, byte[] issuerKeyHash, byte[] tbs, Instant at) {
        String logId = Base64.getEncoder().encodeToString(sct.logId());
        Instant timestamp = sct.instant();
        Optional<CtLog> found = logs.byLogId(sct.logId());
        if (found.isEmpty()) {
            return new SctResult(sct.position(), logId, found, timestamp, SctStatus.UNKNOWN_LOG,
                    "no log in the log list has the id " + logId);
        }
        Optional<String> badSignature = SctSignatures.verify(sct, found.get().publicKey(),
                SctSignatures.signedData(sct, issuerKeyHash, tbs));
        if (badSignature.isPresent()) {
            return new SctResult(sct.position(), logId, found, timestamp, SctStatus.INVALID_SIGNATURE,
                    badSignature.get());
        }
        if (timestamp.isAfter(at)) {
            return new SctResult(sct.position(), logId, found, timestamp, SctStatus.FUTURE_TIMESTAMP,
                    "timestamp " + timestamp + " is after the check at " + at);
        }
        return new SctResult(sct.position(), logId, found, timestamp, SctStatus.VALID, "");
    }

    private static SctResult judgeLog(SctResult verified, Instant earliest, Instant notAfter) {
        return notAcceptable(verified.log().orElseThrow(), earliest, notAfter)
                .map(why -> new SctResult(verified.position(), verified.logId(), verified.log(), verified.timestamp(),
                        SctStatus.LOG_NOT_ACCEPTABLE, why))
                .orElse(verified);
    }

    private static Optional<String> notAcceptable(CtLog log, Instant earliest, Instant notAfter) {
        switch (log.state()) {
            case PENDING, REJECTED:
                return Optional.of("the log is " + log.state().jsonName() + " since " + log.stateSince());
            case RETIRED:
                if (!earliest.isBefore(log.stateSince())) {
                    return Optional.of("the log retired at " + log.stateSince() + ", not after the certificate's"
                            + " earliest SCT at " + earliest);
                }
                break;
            default:
                break;
        }
        if (!log.acceptsExpiry(notAfter)) {
            CtLog.TemporalInterval i = log.temporalInterval().orElseThrow();
            return Optional.of("the certificate expires at " + notAfter + ", outside the log's temporal interval ["
                    + i.startInclusive() + ", " + i.endExclusive() + ")");
        }
        return Optional.empty();
    }

    private static List<CtReason> policyReasons(List<SctResult> results, Duration lifetime) {
        Map<String, CtLog> validLogs = new LinkedHashMap<>();
        Set<String> operators = new TreeSet<>();
        for (SctResult r : results) {
            if (r.status() == SctStatus.VALID && validLogs.putIfAbsent(r.logId(), r.log().orElseThrow()) == null) {
                operators.add(r.log().orElseThrow().operatorAt(r.timestamp()));
            }
        }
        int required = lifetime.compareTo(SHORT_LIVED) > 0 ? 3 : 2;
        List<CtReason> reasons = new ArrayList<>();
        if (validLogs.size() < required) {
            reasons.add(new CtReason(CtReason.Kind.TOO_FEW_SCTS, "valid SCTs from " + validLogs.size()
                    + " distinct logs, but a certificate with a lifetime of " + lifetime.toDays() + " days needs "
                    + required));
        }
        if (operators.size() == 1) {
            reasons.add(new CtReason(CtReason.Kind.TOO_FEW_OPERATORS,
                    "every valid SCT comes from logs of one operator, "
                    + operators.iterator().next() + "; at least 2 operators are needed"));
        } else if (operators.isEmpty() && !results.isEmpty()) {
            reasons.add(new CtReason(CtReason.Kind.TOO_FEW_OPERATORS,
                    "no valid SCT, so no operator; at least 2 operators are needed"));
        }
        if (!validLogs.isEmpty() && validLogs.values().stream().allMatch(l -> l.state() == CtLogState.RETIRED)) {
            reasons.add(new CtReason(CtReason.Kind.NO_LOG_IN_SERVICE,
                    "every valid SCT comes from a retired log; at least one must come from a log still in service"));
        }
        return reasons;
    }

    private static CtReason reasonFor(SctResult r) {
        CtReason.Kind kind = switch (r.status()) {
            case INVALID_SIGNATURE -> CtReason.Kind.INVALID_SIGNATURE;
            case UNKNOWN_LOG -> CtReason.Kind.UNKNOWN_LOG;
            case LOG_NOT_ACCEPTABLE -> CtReason.Kind.LOG_NOT_ACCEPTABLE;
            case FUTURE_TIMESTAMP -> CtReason.Kind.FUTURE_TIMESTAMP;
            case VALID -> throw new IllegalArgumentException("a valid SCT is no reason");
        };
        return new CtReason(kind, "SCT " + r.position() + " from log " + r.logName() + ": " + r.detail());
    }

    private static CtReport notCompliant(int sctCount, List<SctResult> scts, List<CtReason> reasons) {
        return new CtReport(sctCount, scts, CtCompliance.NOT_COMPLIANT, reasons);
    }
}
