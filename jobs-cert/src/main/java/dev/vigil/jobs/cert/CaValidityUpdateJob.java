package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectorSettings;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.CertificatePolicySource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cert.ca-validity-update}: reads the longest validity each CA offers now and updates the
 * connector's stored maximum and the policy tied to the connector. Weekly, Sunday 06:00.
 *
 * <p>For each connector of the host's {@link CaConnectorSettings}: one whose {@link CaConnectors}
 * entry lacks {@link CaCapability#VALIDITY} is skipped; one the host has not registered, one whose CA
 * fails, and one whose CA answers with no duration, a zero or negative one, or one under a day (a
 * policy counts whole days) fail alone, changing nothing. When the CA's maximum equals the stored one
 * nothing happens (skipped, no audit). When it differs, the policy tied to the connector
 * ({@link CertificatePolicySource#connectorPolicy(String)}, if the host has a source and one is tied)
 * is lowered to the CA's maximum in whole days if its own maximum is above it or absent (no limit),
 * and then the new maximum is stored; the policy goes first so that a failure leaves the stored
 * value unchanged and the next run tries again. A policy is never raised: a shorter policy limit is
 * the host's deliberate choice, and a CA offering longer certificates is no reason to accept them.
 * Each update is audited ({@value #AUDIT_ACTION}) with the old and new values of both.
 *
 * <p>Counts: succeeded = connectors updated, failed, skipped.
 */
public final class CaValidityUpdateJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.ca-validity-update";
    /** The audit action of one connector's update. */
    public static final String AUDIT_ACTION = "ca-connector.validity-updated";
    private static final String NONE = "none";

    private static final Logger log = LoggerFactory.getLogger(CaValidityUpdateJob.class);

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("CA connector validity updater")
            .description("Reads the longest validity each CA offers, stores it in the CA connector's settings and "
                    + "lowers the connector's certificate policy to it when the policy allows longer.")
            .cron("0 0 6 ? * SUN")
            .requires(CaConnectors.class)
            .requires(CaConnectorSettings.class)
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        CaConnectors connectors = context.service(CaConnectors.class);
        CaConnectorSettings settings = context.service(CaConnectorSettings.class);
        Optional<CertificatePolicySource> policies = context.findService(CertificatePolicySource.class);
        JobResult.Builder result = JobResult.builder();
        for (String name : new TreeSet<>(settings.connectorNames())) {
            context.checkCancelled();
            try {
                updateOne(context, connectors, settings, policies, name, result);
            } catch (RuntimeException e) {
                log.debug("Validity update of CA connector {} failed", name, e);
                result.failed(name, CertificateScan.failure(e));
            }
        }
        var counts = result.counts();
        return result.message(counts.processed() + " CA connectors: " + counts.succeeded() + " updated, "
                + counts.failed() + " failed, " + counts.skipped() + " unchanged or without the capability").build();
    }

    private static void updateOne(JobContext context, CaConnectors connectors, CaConnectorSettings settings,
                                  Optional<CertificatePolicySource> policies, String name, JobResult.Builder result) {
        Optional<CaConnector> found = connectors.find(name);
        if (found.isEmpty()) {
            result.failed(name, "the host has no CA connector named '" + name + "'");
            return;
        }
        if (!found.get().supports(CaCapability.VALIDITY)) {
            result.skipped();
            return;
        }
        Duration offered = found.get().maximumValidity();
        if (offered == null || offered.isNegative() || offered.isZero()) {
            result.failed(name, "CA connector '" + name + "' answered with an invalid maximum validity: " + offered);
            return;
        }
        long offeredDays = offered.toDays();
        if (offeredDays < 1) {
            result.failed(name, "CA connector '" + name + "' answered with a maximum validity under a day ("
                    + offered + "), which no policy can express");
            return;
        }
        Optional<Duration> stored = settings.maximumValidity(name);
        if (stored.isPresent() && stored.get().equals(offered)) {
            result.skipped();
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("oldMaximumValidity", stored.map(CaValidityUpdateJob::text).orElse(NONE));
        details.put("newMaximumValidity", text(offered));
        Optional<CertificatePolicy> policy = policies.flatMap(p -> p.connectorPolicy(name));
        if (policy.isEmpty()) {
            details.put("policy", "none tied to the connector");
        } else {
            String oldDays = policy.get().maxValidityDays().isPresent()
                    ? String.valueOf(policy.get().maxValidityDays().getAsInt()) : "no limit";
            details.put("oldPolicyMaxValidityDays", oldDays);
            if (policy.get().maxValidityDays().isEmpty() || policy.get().maxValidityDays().getAsInt() > offeredDays) {
                int newDays = (int) Math.min(Integer.MAX_VALUE, offeredDays);
                policies.get().updateConnectorPolicy(name, policy.get().maxValidityDays(newDays));
                details.put("newPolicyMaxValidityDays", String.valueOf(newDays));
            } else {
                details.put("newPolicyMaxValidityDays", oldDays);
            }
        }
        settings.setMaximumValidity(name, offered);
        result.succeeded();
        context.audit(AUDIT_ACTION, name, "success", details);
    }

    /**
     * @return ISO-8601 in whole days when it is ({@code P397D}, which {@link Duration#parse} reads),
     *     else as {@link Duration#toString()} prints it
     */
    static String text(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 && duration.getNano() == 0 ? "P" + duration.toDays() + "D"
                : duration.toString();
    }
}
