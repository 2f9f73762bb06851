package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CheckKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cert.crl-download-monitor}: the CRL check of {@link CrlRevocationCheckJob}, only for
 * certificates newly added to the inventory, so that they get a revocation status (and their CRLs
 * are downloaded) within minutes rather than at the next six-hourly check. Every five minutes.
 *
 * <p>Which certificates are new: a run has no record of the previous one, so it selects those added
 * since its scheduled time minus {@value #LOOKBACK} (default {@code PT10M}, two intervals: a run
 * that is late or failed is covered by the next), and of those skips the ones that already have a
 * known revocation status ({@code GOOD} or {@code REVOKED}, whoever recorded it). A certificate that
 * is still {@code UNKNOWN}, e.g. because its CRL could not be downloaded, is tried again while it is
 * in the window; the shared cache limits downloads of a failing URL to one per five minutes. The
 * choice is stateless, so it survives restarts and works in a cluster; a certificate added while the
 * engine was down for longer than the look-back is checked by the six-hourly job. A certificate
 * added with a known status (an import from another tool) is left to that job too.
 */
public final class CrlDownloadMonitorJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.crl-download-monitor";
    static final String LOOKBACK = "lookback";
    private static final Set<String> KNOWN = Set.of("GOOD", "REVOKED");

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("CRL download monitor")
            .description("Downloads the CRLs of newly added certificates and sets their revocation status.")
            .cron("0 0/5 * * * ?")
            .parameter(ParameterSpec.optional(LOOKBACK, ParameterType.DURATION,
                    "certificates added this long before the run's scheduled time are new; at least the interval")
                    .withDefault("PT10M"))
            .parameter(CrlCheck.maxCrlBytesParameter())
            .requires(CertificateInventory.class)
            .build();

    private final CrlCaches caches;

    /** With a CRL cache of its own; {@link CertificateJobs} gives it one shared with the revocation check. */
    public CrlDownloadMonitorJob() {
        this(new CrlCaches());
    }

    CrlDownloadMonitorJob(CrlCaches caches) {
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        Duration lookback = context.parameters().duration(LOOKBACK);
        if (lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("parameter " + LOOKBACK + " must be positive, was " + lookback);
        }
        Instant since = context.scheduledTime().minus(lookback);
        CrlCheck check = new CrlCheck(context, caches);
        JobResult result = CertificateScan.run(context, CertificateQuery.all().addedSince(since), scanned ->
                scanned.entry().status(CheckKind.REVOCATION).filter(KNOWN::contains).isPresent()
                        ? Optional.empty() : check.check(scanned));
        return check.recorder().withTally(result);
    }
}
