package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.ocsp.OcspClient;
import dev.vigil.jobs.cert.ocsp.OcspStatus;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CaRevocationStatus;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckRecord;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cert.revoke-status-check}: asks, for every certificate of the inventory, whether it was
 * revoked, and records its revocation status. The certificate's CA connector is asked first, if the
 * inventory names one and the host's {@link CaConnectors} has it with
 * {@link CaCapability#REVOCATION_STATUS} (the seed names DigiCert); its good or revoked answer
 * decides. Otherwise, or when the CA cannot tell or cannot be reached, the OCSP responder the
 * certificate names (AIA id-ad-ocsp) is asked, with a nonce, and only a verified, fresh answer for
 * this certificate is believed (see {@link OcspClient}); the issuer, needed for the request and the
 * signature, is found as {@code cert.crl-revocation-check} finds it.
 *
 * <p>Statuses: {@code GOOD}; {@code REVOKED} with a finding giving the date and reason;
 * {@code UNKNOWN} with findings {@code OCSP_<problem>} (stale, bad signature, nonce mismatch,
 * fetch failed...) and {@code CA_*} when the CA was asked. A certificate with neither a capable
 * connector nor a responder is {@code UNKNOWN} ({@code NO_REVOCATION_SOURCE}) only if it has no
 * revocation status yet: the CRL jobs' answer is kept. Status changes are audited and new
 * revocations notified by the rules of {@link RevocationRecorder}. A connector that fails three
 * times in a row, or an OCSP responder that cannot be reached, is not asked again in the run.
 * Every fifteen minutes.
 */
public final class RevokeStatusCheckJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.revoke-status-check";
    static final String OCSP_MAX_AGE = "ocspMaxAge";
    static final String REQUIRE_OCSP_NONCE = "requireOcspNonce";
    private static final String OCSP = "ocsp";
    private static final String CA_QUERY_FAILED = "CA_QUERY_FAILED";

    private static final Logger log = LoggerFactory.getLogger(RevokeStatusCheckJob.class);

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Certificate revoke status check")
            .description("Asks the certificate's CA (where its connector supports it) or its OCSP responder "
                    + "whether it was revoked, and sets its revocation status: GOOD, REVOKED or UNKNOWN.")
            .cron("0 0/15 * * * ?")
            .parameter(ParameterSpec.optional(OCSP_MAX_AGE, ParameterType.DURATION,
                    "how long after its thisUpdate an OCSP answer without nextUpdate is believed")
                    .withDefault(OcspClient.DEFAULT_MAX_AGE.toString()))
            .parameter(ParameterSpec.optional(REQUIRE_OCSP_NONCE, ParameterType.BOOLEAN,
                    "refuse OCSP answers that do not echo the request's nonce (pre-signed answers never do)")
                    .withDefault("false"))
            .requires(CertificateInventory.class)
            .build();

    private final CrlCaches shared;

    /** With a default fetcher of its own; {@link CertificateJobs} gives it the one the other jobs share. */
    public RevokeStatusCheckJob() {
        this(new CrlCaches());
    }

    RevokeStatusCheckJob(CrlCaches shared) {
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        var maxAge = context.parameters().duration(OCSP_MAX_AGE);
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("parameter " + OCSP_MAX_AGE + " must be positive, was " + maxAge);
        }
        OcspClient ocsp = OcspClient.builder(shared.fetcher(context),
                context.clock()).maxAge(maxAge).requireNonce(context.parameters().bool(REQUIRE_OCSP_NONCE)).build();
        CaCalls ca = new CaCalls(context.findService(CaConnectors.class));
        IssuerLookup issuers = IssuerLookup.forRun(context);
        RevocationRecorder recorder = new RevocationRecorder(context);
        return recorder.withTally(CertificateScan.run(context, CertificateQuery.all(),
                scanned -> check(scanned, ca, ocsp, issuers, recorder)));
    }

    private static Optional<CheckRecord> check(ScannedCertificate scanned, CaCalls ca, OcspClient ocsp,
                                               IssuerLookup issuers, RevocationRecorder recorder) {
        List<CheckFinding> caNotes = new ArrayList<>();
        RevocationVerdict verdict = ca.ask(scanned, caNotes)
                .orElseGet(() -> askOcsp(scanned, ocsp, issuers, caNotes));
        return recorder.record(scanned, verdict);
    }

    private static RevocationVerdict askOcsp(ScannedCertificate scanned, OcspClient ocsp, IssuerLookup issuers,
                                             List<CheckFinding> caNotes) {
        List<URI> responders;
        try {
            responders = OcspClient.responders(scanned.certificate());
        } catch (IllegalArgumentException e) {
            return RevocationVerdict.unknown(OCSP, prepend(new CheckFinding("OCSP_MALFORMED",
                    CheckFinding.Severity.WARNING, "the certificate's " + e.getMessage()), caNotes));
        }
        if (responders.isEmpty()) {
            return withoutAnswer(scanned, new CheckFinding("NO_REVOCATION_SOURCE", CheckFinding.Severity.WARNING,
                    "no CA connector reports this certificate's revocation status and it names no OCSP responder"),
                    caNotes);
        }
        IssuerLookup.Found issuer = issuers.issuerOf(scanned);
        if (issuer.issuer().isEmpty()) {
            return withoutAnswer(scanned, new CheckFinding("NO_ISSUER", CheckFinding.Severity.WARNING,
                    issuer.why() + "; OCSP needs it"), caNotes);
        }
        OcspStatus status = ocsp.check(scanned.certificate(), issuer.issuer().get());
        return switch (status.state()) {
            case GOOD -> RevocationVerdict.good(OCSP, caNotes);
            case REVOKED -> RevocationVerdict.revoked(OCSP, status.revokedAt().orElseThrow(), status.reason(),
                    status.detail());
            case UNKNOWN -> RevocationVerdict.unknown(OCSP, prepend(new CheckFinding(
                    "OCSP_" + status.problem().orElseThrow().name(), CheckFinding.Severity.WARNING, status.detail()),
                    caNotes));
        };
    }

    /**
     * Nothing could be asked: unknown, which replaces a status another source recorded only if the
     * CA was asked and failed (a check that failed); a CA that does not know the certificate is no source.
     */
    private static RevocationVerdict withoutAnswer(ScannedCertificate scanned, CheckFinding why,
                                                   List<CheckFinding> caNotes) {
        List<CheckFinding> findings = prepend(why, caNotes);
        boolean caFailed = caNotes.stream().anyMatch(f -> f.id().equals(CA_QUERY_FAILED));
        return caFailed ? RevocationVerdict.unknown("ca:" + scanned.entry().caConnector().orElseThrow(), findings)
                : RevocationVerdict.notCheckable(OCSP, findings);
    }

    /**
     * The run's calls to the host's CA connectors. A connector that fails
     * {@value CaOutages#GIVE_UP_AFTER} times in a row is not asked again in the run (its certificates
     * go to OCSP, noting why).
     */
    private static final class CaCalls {
        private final Optional<CaConnectors> connectors;
        private final CaOutages outages = new CaOutages();

        CaCalls(Optional<CaConnectors> connectors) {
            this.connectors = connectors;
        }

        /**
         * @return the CA's verdict when it is good or revoked; empty when the CA was not asked, could
         *     not tell or failed, with why in {@code notes}
         */
        Optional<RevocationVerdict> ask(ScannedCertificate scanned, List<CheckFinding> notes) {
            Optional<String> name = scanned.entry().caConnector();
            if (name.isEmpty() || connectors.isEmpty()) {
                return Optional.empty();
            }
            Optional<CaConnector> connector = connectors.get().find(name.get());
            if (connector.isEmpty()) {
                notes.add(new CheckFinding("CA_CONNECTOR_MISSING", CheckFinding.Severity.NOTICE,
                        "the host has no CA connector named '" + name.get() + "'"));
                return Optional.empty();
            }
            if (!connector.get().supports(CaCapability.REVOCATION_STATUS)) {
                return Optional.empty();
            }
            String where = "CA connector '" + name.get() + "'";
            Optional<String> givenUp = outages.givenUp(name.get());
            if (givenUp.isPresent()) {
                notes.add(new CheckFinding(CA_QUERY_FAILED, CheckFinding.Severity.WARNING, givenUp.get()));
                return Optional.empty();
            }
            CaRevocationStatus answer;
            try {
                answer = connector.get().revocationStatus(scanned.entry());
                if (answer == null) {
                    throw new IllegalStateException("no answer (null)");
                }
            } catch (RuntimeException e) {
                log.debug("CA connector {} failed on certificate {}", name.get(), scanned.id(), e);
                String failure = outages.failed(name.get(), e);
                notes.add(new CheckFinding(CA_QUERY_FAILED, CheckFinding.Severity.WARNING, where + " failed: " + failure));
                return Optional.empty();
            }
            outages.answered(name.get());
            String source = "ca:" + name.get();
            return switch (answer.state()) {
                case GOOD -> Optional.of(RevocationVerdict.good(source, List.of()));
                case REVOKED -> Optional.of(RevocationVerdict.revoked(source, answer.revokedAt().orElseThrow(),
                        answer.reason(), "revoked " + answer.revokedAt().get()
                                + answer.reason().map(r -> " (" + r + ")").orElse("") + " according to " + where + ": "
                                + answer.detail()));
                case UNKNOWN -> {
                    notes.add(new CheckFinding("CA_UNKNOWN", CheckFinding.Severity.WARNING, where + " cannot tell: "
                            + answer.detail()));
                    yield Optional.empty();
                }
            };
        }
    }

    private static List<CheckFinding> prepend(CheckFinding first, List<CheckFinding> rest) {
        List<CheckFinding> out = new ArrayList<>(rest.size() + 1);
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
