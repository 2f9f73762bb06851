package dev.vigil.jobs.cert;

import dev.vigil.spi.JobCancelledException;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectorSettings;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateKeys;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CertificateRenewals;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.RenewalAction;
import dev.vigil.spi.cert.RenewalRecord;
import dev.vigil.spi.cert.RenewalSettings;
import dev.vigil.spi.cert.RenewalStep;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code cert.auto-renew} and {@code cert.auto-regenerate} share: page through the managed
 * certificates of the inventory, pick those whose CA connector has the action turned on
 * ({@link CaConnectorSettings#renewalSettings}) and supported ({@link RenewalAction#capability()}) and
 * whose {@link RenewalPoint} has come, and take each to submission with {@link CertificateRenewal},
 * then hand each certificate submitted to a {@code cert.polling-request} run of its own
 * ({@link JobContext#trigger}, mutex key {@code certificate:ID}), which polls the CA under its own
 * retry policy for as long as the order takes, while this run ends.
 *
 * <p>A certificate's renewal record decides: none, or a {@code FAILED} one whose retry time has
 * come, starts a new attempt; a {@code DONE} one means it was replaced (skipped); an unfinished one
 * of this action, left by a run that died or backed off, is resumed once its retry time has come
 * (up to submission here, and a poller for the rest); one already submitted goes to a new poller only
 * if no poll has touched it for {@link #POLLER_STALE_AFTER} (its poller's retries ran out, or the
 * host dropped the run), so pollers never pile up; an unfinished one of the other action is skipped,
 * so the two jobs never work on one certificate. Counts: succeeded = submitted (or handed to a new
 * poller), failed, skipped.
 */
final class RenewalSweep {
    static final String INITIAL_BACKOFF = "initialBackoff";
    static final String MAX_BACKOFF = "maxBackoff";
    static final String POLL_DEADLINE = "pollDeadline";
    /**
     * How long a submitted record may go without a poll before a sweep hands it to a new poller:
     * twice the poller's longest default retry delay (1 hour, plus its jitter).
     */
    static final Duration POLLER_STALE_AFTER = Duration.ofHours(3);

    static final ParameterSpec INITIAL_BACKOFF_PARAMETER = ParameterSpec.optional(INITIAL_BACKOFF,
            ParameterType.DURATION, "a certificate's wait after its first failure; doubles with each further one")
            .withDefault("PT1H");
    static final ParameterSpec MAX_BACKOFF_PARAMETER = ParameterSpec.optional(MAX_BACKOFF, ParameterType.DURATION,
            "the longest wait after a certificate's failures").withDefault("PT24H");
    static final ParameterSpec POLL_DEADLINE_PARAMETER = ParameterSpec.optional(POLL_DEADLINE, ParameterType.DURATION,
            "how long after submission an order still pending at the CA is given up").withDefault("P7D");

    private static final Logger log = LoggerFactory.getLogger(RenewalSweep.class);

    private RenewalSweep() {
    }

    static JobDescriptor descriptor(String type, String title, String description, String cron) {
        return JobDescriptor.builder(type).title(title).description(description).cron(cron)
                .parameter(INITIAL_BACKOFF_PARAMETER).parameter(MAX_BACKOFF_PARAMETER)
                .parameter(POLL_DEADLINE_PARAMETER)
                .requires(CertificateInventory.class).requires(CaConnectors.class).requires(CaConnectorSettings.class)
                .requires(CertificateRenewals.class).requires(CertificateKeys.class)
                .build();
    }

    /** @throws IllegalArgumentException if a duration parameter is not positive */
    static CertificateRenewal.Backoff backoff(JobContext context) {
        return new CertificateRenewal.Backoff(context.parameters().duration(INITIAL_BACKOFF),
                context.parameters().duration(MAX_BACKOFF));
    }

    /** @throws IllegalArgumentException if not positive */
    static Duration pollDeadline(JobContext context) {
        Duration deadline = context.parameters().duration(POLL_DEADLINE);
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("parameter " + POLL_DEADLINE + " must be positive, was " + deadline);
        }
        return deadline;
    }

    /** The parameters a polling request gets from its parent: the certificate and the backoff. */
    static Map<String, String> pollerParameters(JobContext context, String certificateId) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(PollingRequestJob.CERTIFICATE_ID, certificateId);
        parameters.put(INITIAL_BACKOFF, context.parameters().string(INITIAL_BACKOFF));
        parameters.put(MAX_BACKOFF, context.parameters().string(MAX_BACKOFF));
        parameters.put(POLL_DEADLINE, context.parameters().string(POLL_DEADLINE));
        return parameters;
    }

    static JobResult run(JobContext context, RenewalAction action) {
        Sweep sweep = new Sweep(context, action);
        CertificateScan.forEach(context, CertificateQuery.all().statuses(Set.of(ManagementStatus.MANAGED)), entry -> {
            try {
                sweep.one(entry);
            } catch (JobCancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                log.debug("Renewal of certificate {} failed", entry.id(), e);
                sweep.result.failed(entry.id(), CertificateRenewal.describe(e));
            }
        });
        var counts = sweep.result.counts();
        return sweep.result.message(counts.processed() + " certificates: " + counts.succeeded() + " submitted, "
                + counts.failed() + " failed, " + counts.skipped() + " skipped; " + sweep.pollers
                + " polling requests triggered").build();
    }

    /** One run's sweep. */
    private static final class Sweep {
        final JobContext context;
        final RenewalAction action;
        final CertificateRenewal machine;
        final CertificateRenewals renewals;
        final CaConnectors connectors;
        final CaConnectorSettings settings;
        final Map<String, Optional<RenewalSettings>> eligible = new HashMap<>();
        final JobResult.Builder result = JobResult.builder();
        int pollers;

        Sweep(JobContext context, RenewalAction action) {
            this.context = context;
            this.action = action;
            this.machine = new CertificateRenewal(context, backoff(context), pollDeadline(context));
            this.renewals = context.service(CertificateRenewals.class);
            this.connectors = context.service(CaConnectors.class);
            this.settings = context.service(CaConnectorSettings.class);
        }

        void one(InventoryCertificate entry) {
            Optional<String> connector = entry.caConnector();
            Optional<RenewalSettings> renewal = connector.flatMap(this::eligibility);
            if (renewal.isEmpty()) {
                result.skipped(); // no connector, or the action is off or unsupported for it
                return;
            }
            X509Certificate parsed;
            try {
                parsed = CertificateScan.parse(entry.der());
            } catch (CertificateException | RuntimeException e) {
                result.failed(entry.id(), "not a readable X.509 certificate: " + e.getMessage());
                return;
            }
            Instant now = context.clock().instant();
            Instant due = RenewalPoint.due(entry.id(), parsed.getNotBefore().toInstant(),
                    parsed.getNotAfter().toInstant(), renewal.get().thresholdDays());
            if (now.isBefore(due)) {
                result.skipped();
                return;
            }
            Optional<RenewalRecord> found = renewals.find(entry.id());
            if (found.isPresent()) {
                RenewalRecord r = found.get();
                machine.cleanUp(r);
                boolean waiting = r.retryAt().isPresent() && now.isBefore(r.retryAt().get());
                if (r.step() == RenewalStep.DONE || waiting || !r.step().terminal() && r.action() != action) {
                    result.skipped(); // replaced already, backing off, or the other action's
                    return;
                }
                if (r.step().ordinal() >= RenewalStep.SUBMITTED.ordinal() && !r.step().terminal()
                        && now.isBefore(r.updatedAt().plus(POLLER_STALE_AFTER))) {
                    result.skipped(); // its poller is at work
                    return;
                }
                if (!r.step().terminal()) {
                    handle(machine.advance(r, Optional.of(entry), RenewalStep.SUBMITTED));
                    return;
                }
            }
            CertificateRenewal.Outcome started = machine.start(entry, connector.get(), action, found);
            if (started.status() != CertificateRenewal.Status.REACHED) {
                handle(started);
                return;
            }
            handle(machine.advance(started.record(), Optional.of(entry), RenewalStep.SUBMITTED));
        }

        private void handle(CertificateRenewal.Outcome outcome) {
            String id = outcome.record().certificateId();
            switch (outcome.status()) {
                case REACHED, PENDING -> {
                    context.trigger(PollingRequestJob.TYPE, pollerParameters(context, id), "certificate:" + id);
                    pollers++;
                    result.succeeded();
                }
                case CONFLICT -> result.skipped();
                case FAILED, BACKING_OFF -> result.failed(id, outcome.message());
            }
        }

        private Optional<RenewalSettings> eligibility(String name) {
            return eligible.computeIfAbsent(name, n -> {
                Optional<CaConnector> connector = connectors.find(n);
                if (connector.isEmpty() || !connector.get().supports(action.capability())) {
                    return Optional.empty();
                }
                RenewalSettings s = settings.renewalSettings(n);
                return s != null && s.enables(action) ? Optional.of(s) : Optional.empty();
            });
        }
    }
}
