package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.TrustAnchorSource;
import dev.vigil.spi.cert.UrlFetcher;
import java.util.Objects;

/**
 * {@code cert.crl-revocation-check}: checks every certificate of the inventory against the CRLs of
 * its issuer and records its revocation status: {@code GOOD} when a fresh, verified CRL from one of
 * its distribution points does not list it, {@code REVOKED} (finding with the date and reason) when
 * one does, {@code UNKNOWN} (finding {@code CRL_<cause>}: no distribution point, fetch failed, too
 * large, stale, bad signature...) when none can say; a stale CRL never gives {@code GOOD}. The
 * issuer is the first certificate of the inventory's chain, or a trust anchor of the host's
 * {@link TrustAnchorSource}, whichever signed the certificate; without one the certificate is
 * {@code UNKNOWN} with finding {@code NO_ISSUER}, not an error.
 *
 * <p>CRLs are downloaded through the host's {@link UrlFetcher} if it registered one (else over
 * HTTP with timeouts), capped at {@value CrlCheck#MAX_CRL_BYTES} bytes, verified against the issuer,
 * indexed once per (issuer, CRL number) with delta CRLs applied, and kept until their nextUpdate in a
 * cache that outlives the run and is shared with {@code cert.crl-download-monitor}. Status changes
 * are audited and new revocations notified, by the rules of {@link RevocationRecorder} (a recorded
 * {@code REVOKED} is final). Every six hours.
 */
public final class CrlRevocationCheckJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.crl-revocation-check";

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("CRL revocation check")
            .description("Checks every certificate against its issuer's CRLs and sets its revocation status: "
                    + "GOOD, REVOKED or UNKNOWN.")
            .cron("0 0 0/6 * * ?")
            .parameter(CrlCheck.maxCrlBytesParameter())
            .requires(CertificateInventory.class)
            .build();

    private final CrlCaches caches;

    /** With a CRL cache of its own; {@link CertificateJobs} gives it one shared with the download monitor. */
    public CrlRevocationCheckJob() {
        this(new CrlCaches());
    }

    CrlRevocationCheckJob(CrlCaches caches) {
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        CrlCheck check = new CrlCheck(context, caches);
        return check.recorder().withTally(CertificateScan.run(context, CertificateQuery.all(), check::check));
    }
}
