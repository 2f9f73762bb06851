package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.chain.CaIssuersCache;
import dev.vigil.jobs.cert.chain.ChainProblem;
import dev.vigil.jobs.cert.chain.ChainValidation;
import dev.vigil.jobs.cert.chain.ChainValidator;
import dev.vigil.jobs.cert.chain.RevocationSource;
import dev.vigil.jobs.cert.crl.CrlRevocationChecker;
import dev.vigil.jobs.cert.crl.RevocationStatus;
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
import dev.vigil.spi.cert.TrustAnchorSource;
import dev.vigil.spi.cert.UrlFetcher;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code cert.chain-validation-check}: builds and validates (PKIX) the path of every certificate to the
 * host's trust anchors ({@link TrustAnchorSource}, required), with the intermediates the inventory holds
 * for it, and records its chain status: {@code VALID} or the most important problem found —
 * {@code MALFORMED_CERTIFICATE} (an inventory intermediate that does not decode), {@code REVOKED},
 * {@code INVALID_SIGNATURE}, {@code INCOMPLETE_CHAIN}, {@code EXPIRED}, {@code NOT_YET_VALID},
 * {@code NOT_CA_CERT}, {@code PATH_TOO_LONG}, {@code NAME_CONSTRAINTS}, {@code KEY_USAGE} or {@code OTHER}.
 * Every problem is kept as a finding with that id, naming the certificate of the path it concerns.
 *
 * <p>Missing issuers are fetched from the certificates' authorityInformationAccess caIssuers URLs through the
 * host's {@link UrlFetcher} (or {@link HttpUrlFetcher#create()} when the host registers none): at most
 * 64 KiB per answer, at most {@code maxAiaFetches} fetches per certificate, each URL
 * fetched at most once per run. With {@code checkRevocation} set, every certificate of the path below the
 * anchor is checked against the CRLs of its distribution points, through the same fetcher and the CRL
 * cache the CRL jobs share (a CRL is downloaded again only after its nextUpdate); without it {@code REVOKED} is never reported, and a CRL that cannot be had leaves the revocation
 * unknown (a notice), never revoked. A status change is audited. Runs on Mondays at 01:00.
 */
public final class ChainValidationCheckJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.chain-validation-check";
    static final String CHECK_REVOCATION = "checkRevocation";
    static final String MAX_AIA_FETCHES = "maxAiaFetches";
    /** The largest caIssuers answer read: a certificate or a small bundle fits many times over. */
    static final int MAX_AIA_BYTES = 64 << 10;

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Certificate chain validation check")
            .description("Builds and validates each certificate's path to the host's trust anchors and reports"
                    + " every problem: signatures, completeness, validity, CA flags, path length, name constraints,"
                    + " key usage and, opt-in, revocation.")
            .cron("0 0 1 ? * MON")
            .parameter(ParameterSpec.optional(CHECK_REVOCATION, ParameterType.BOOLEAN,
                    "also check the CRLs of every certificate of the path; REVOKED is reported only then")
                    .withDefault("false"))
            .parameter(ParameterSpec.optional(MAX_AIA_FETCHES, ParameterType.INTEGER,
                    "the most caIssuers URLs fetched for one certificate (answers cached in the run are free)")
                    .withDefault("4").withRange(0, 32))
            .requires(CertificateInventory.class)
            .requires(TrustAnchorSource.class)
            .build();

    private final CrlCaches shared;

    /**
     * With a default fetcher and CRL cache of its own; {@link CertificateJobs} gives it those the CRL
     * jobs share.
     */
    public ChainValidationCheckJob() {
        this(new CrlCaches());
    }

    ChainValidationCheckJob(CrlCaches shared) {
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        Instant now = context.clock().instant();
        UrlFetcher fetcher = shared.fetcher(context);
        List<X509Certificate> anchors = context.service(TrustAnchorSource.class).trustAnchors();
        if (anchors.isEmpty()) {
            throw new IllegalStateException("the host's TrustAnchorSource gave no trust anchor, so no chain can"
                    + " validate; give it the root certificates to trust");
        }
        CrlRevocation revocation = context.parameters().bool(CHECK_REVOCATION)
                ? new CrlRevocation(new CrlRevocationChecker(
                        shared.cache(fetcher, context.clock(), CrlCheck.DEFAULT_MAX_CRL_BYTES)))
                : null;
        ChainValidator.Builder builder = ChainValidator.builder(anchors).issuerFetcher(fetcher)
                .maxFetches((int) context.parameters().integer(MAX_AIA_FETCHES)).maxResponseBytes(MAX_AIA_BYTES);
        if (revocation != null) {
            builder.revocationSource(revocation);
        }
        ChainValidator validator = builder.build();
        CaIssuersCache caIssuers = CaIssuersCache.create();
        return CertificateScan.run(context, CertificateQuery.all(), scanned -> {
            List<CheckFinding> findings = new ArrayList<>();
            if (revocation != null) {
                revocation.unknown = findings;
            }
            ChainValidation validation = validator.validateEncoded(scanned.entry().der(), scanned.entry().chain(),
                    now, caIssuers);
            List<CheckFinding> problems = new ArrayList<>(validation.problems().stream()
                    .map(ChainValidationCheckJob::finding).toList());
            problems.addAll(findings);
            String status = validation.status().name();
            Optional<String> before = scanned.entry().status(CheckKind.CHAIN);
            if (before.isPresent() && !before.get().equals(status)) {
                context.audit("certificate.chain-status-changed", scanned.id(), status, Map.of("from", before.get(),
                        "problems", String.join(",", validation.problems().stream().map(p -> p.id().name())
                                .distinct().toList())));
            }
            return Optional.of(new CheckRecord(CheckKind.CHAIN, status, problems, now));
        });
    }

    private static CheckFinding finding(ChainProblem problem) {
        String where = problem.position() == ChainProblem.NOT_IN_PATH ? problem.certificate()
                : problem.certificate() + " (path position " + problem.position() + ")";
        return new CheckFinding(problem.id().name(), CheckFinding.Severity.ERROR, where + ": " + problem.detail());
    }

    /**
     * The run's CRL checks as the validator's revocation source; an unknown answer becomes a notice of the
     * certificate being checked (the scan checks one certificate at a time, on one thread).
     */
    private static final class CrlRevocation implements RevocationSource {
        private final CrlRevocationChecker checker;
        private List<CheckFinding> unknown = new ArrayList<>();

        CrlRevocation(CrlRevocationChecker checker) {
            this.checker = checker;
        }

        @Override
        public Optional<Boolean> isRevoked(X509Certificate certificate, X509Certificate issuer) {
            RevocationStatus status = checker.check(certificate, issuer);
            return switch (status.state()) {
                case GOOD -> Optional.of(false);
                case REVOKED -> Optional.of(true);
                case UNKNOWN -> {
                    unknown.add(new CheckFinding("REVOCATION_UNKNOWN", CheckFinding.Severity.NOTICE,
                            certificate.getSubjectX500Principal().getName() + ": " + status.detail()));
                    yield Optional.empty();
                }
            };
        }
    }
}
