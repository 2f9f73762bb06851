package dev.vigil.jobs.cert;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.RetryPolicy;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CertificateKeys;
import dev.vigil.spi.cert.CertificateRenewals;
import dev.vigil.spi.cert.RenewalAction;
import dev.vigil.spi.cert.RenewalRecord;
import dev.vigil.spi.cert.RenewalStep;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code cert.polling-request}: collects one certificate's renewed or regenerated certificate from
 * its CA. Triggered by {@link AutoRenewJob} and {@link AutoRegenerateJob} as a run of its own (mutex
 * {@code certificate:ID}, so runs for different certificates go on side by side and never two for
 * one), or by the host with the parameter {@value #CERTIFICATE_ID}. It
 * takes the certificate's renewal record from whatever step it is at to the end
 * ({@link CertificateRenewal}): submits it if a run died before, polls the CA, checks and stores the
 * issued certificate with its chain and the old → new link, and for a regeneration promotes the
 * pending key.
 *
 * <p>An order still pending is recorded as polled (the record's time) and makes the run
 * {@code FAILED} with a message saying so, and its retry policy brings it back (default: up to 200
 * attempts, 1 minute doubling to 1 hour, about eight days). Should the retries run out first, the
 * next sweep of the parent jobs hands the order to a new poller. Past the record's deadline (parameter {@code pollDeadline} of the parent, 7 days from submission)
 * the attempt is {@code FAILED} with the certificate's backoff, and later runs find nothing to poll
 * and succeed. Manual schedule: it only runs when triggered.
 */
public final class PollingRequestJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.polling-request";
    /** The parameter naming the certificate whose renewal to collect. */
    public static final String CERTIFICATE_ID = "certificateId";

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Certificate polling request")
            .description("Polls the CA for one certificate's renewal order until it is issued or its deadline "
                    + "passes, then stores the new certificate with its chain and links it to the old one.")
            .parameter(ParameterSpec.required(CERTIFICATE_ID, ParameterType.STRING,
                    "the inventory id of the certificate whose renewal to collect").withPattern("\\S+"))
            .parameter(RenewalSweep.INITIAL_BACKOFF_PARAMETER)
            .parameter(RenewalSweep.MAX_BACKOFF_PARAMETER)
            .parameter(RenewalSweep.POLL_DEADLINE_PARAMETER)
            .concurrency(ConcurrencyPolicy.ALLOW)
            .retry(RetryPolicy.exponential(200, Duration.ofMinutes(1), Duration.ofHours(1)))
            .requires(CaConnectors.class).requires(CertificateRenewals.class).requires(CertificateKeys.class)
            .build();

    /** Public, with no arguments, for {@link CertificateJobs} and hosts that register it themselves. */
    public PollingRequestJob() {
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        String id = context.parameters().string(CERTIFICATE_ID);
        CertificateRenewal machine = new CertificateRenewal(context, RenewalSweep.backoff(context),
                RenewalSweep.pollDeadline(context));
        Optional<RenewalRecord> found = context.service(CertificateRenewals.class).find(id);
        if (found.isEmpty()) {
            return JobResult.success("nothing pending: certificate " + id + " has no renewal record");
        }
        RenewalRecord record = found.get();
        if (record.step() == RenewalStep.DONE) {
            return JobResult.success("nothing pending: certificate " + id + " was replaced by "
                    + record.newCertificateId().orElseThrow());
        }
        if (record.step() == RenewalStep.FAILED) {
            machine.cleanUp(record);
            return JobResult.success("nothing pending: the last attempt for certificate " + id + " failed ("
                    + record.lastError().orElse("") + ")" + record.retryAt().map(at -> "; a new one may start from " + at)
                    .orElse(""));
        }
        CertificateRenewal.Outcome outcome = machine.advance(record, Optional.empty(), RenewalStep.DONE);
        return switch (outcome.status()) {
            case REACHED -> JobResult.builder().succeeded().message("certificate " + id + " "
                    + (outcome.record().action() == RenewalAction.RENEW ? "renewed" : "regenerated") + " as "
                    + outcome.record().newCertificateId().orElseThrow() + " (order "
                    + outcome.record().orderId().orElseThrow() + ")").build();
            case PENDING -> JobResult.failure(outcome.message());
            case CONFLICT -> JobResult.builder().skipped().message(outcome.message()).build();
            case FAILED, BACKING_OFF -> JobResult.builder().failed(id, outcome.message()).message(outcome.message())
                    .build();
        };
    }
}
