package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.crl.CrlRevocationChecker;
import dev.vigil.jobs.cert.crl.RevocationStatus;
import dev.vigil.jobs.cert.crl.UnknownCause;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckRecord;
import dev.vigil.spi.cert.RevocationReason;
import java.util.List;
import java.util.Optional;

/**
 * The CRL check of one certificate, shared by {@code cert.crl-revocation-check} and
 * {@code cert.crl-download-monitor}: find the issuer, ask the CRLs at the certificate's distribution
 * points (downloaded, verified, with delta CRLs applied, through the jobs' shared cache), and turn
 * the answer into a status with findings. One per run.
 */
final class CrlCheck {
    static final String MAX_CRL_BYTES = "maxCrlBytes";
    /** 50 MiB: over a million entries, while bounding what one download may hold in memory. */
    static final long DEFAULT_MAX_CRL_BYTES = 50L << 20;
    static final String SOURCE = "crl";

    private final IssuerLookup issuers;
    private final CrlRevocationChecker checker;
    private final RevocationRecorder recorder;

    CrlCheck(JobContext context, CrlCaches caches) {
        this.issuers = IssuerLookup.forRun(context);
        this.checker = new CrlRevocationChecker(caches.cache(context, context.parameters().integer(MAX_CRL_BYTES)));
        this.recorder = new RevocationRecorder(context);
    }

    static ParameterSpec maxCrlBytesParameter() {
        return ParameterSpec.optional(MAX_CRL_BYTES, ParameterType.INTEGER,
                "the largest CRL downloaded, in bytes; a larger one leaves its certificates UNKNOWN")
                .withDefault(Long.toString(DEFAULT_MAX_CRL_BYTES)).withRange(1024, Integer.MAX_VALUE - 16);
    }

    RevocationRecorder recorder() {
        return recorder;
    }

    Optional<CheckRecord> check(ScannedCertificate scanned) {
        return recorder.record(scanned, verdict(scanned));
    }

    private RevocationVerdict verdict(ScannedCertificate scanned) {
        IssuerLookup.Found found = issuers.issuerOf(scanned);
        if (found.issuer().isEmpty()) {
            return RevocationVerdict.notCheckable(SOURCE, List.of(new CheckFinding("NO_ISSUER",
                    CheckFinding.Severity.WARNING, found.why())));
        }
        RevocationStatus status = checker.check(scanned.certificate(), found.issuer().get());
        return switch (status.state()) {
            case GOOD -> RevocationVerdict.good(SOURCE, List.of());
            case REVOKED -> RevocationVerdict.revoked(SOURCE, status.revocationDate().orElseThrow(),
                    status.reason().map(RevocationReason::rfcName), status.detail());
            case UNKNOWN -> unknown(status.cause().orElseThrow(), status.detail());
        };
    }

    private static RevocationVerdict unknown(UnknownCause cause, String detail) {
        CheckFinding finding = new CheckFinding("CRL_" + cause.name(), CheckFinding.Severity.WARNING, detail);
        if (cause == UnknownCause.NO_DISTRIBUTION_POINT || cause == UnknownCause.UNSUPPORTED_SCHEME) {
            return RevocationVerdict.notCheckable(SOURCE, List.of(finding));
        }
        return RevocationVerdict.unknown(SOURCE, List.of(finding));
    }
}
