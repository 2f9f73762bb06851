package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.cert.RenewalAction;

/**
 * {@code cert.auto-regenerate}: replaces, with a new key pair, the managed certificates whose CA
 * connector has "regenerate automatically" on ({@code RenewalSettings.autoRegenerate}) and supports
 * {@code CaCapability.REGENERATE}, once their renewal point has come (as {@link AutoRenewJob}).
 * The new key has the old one's type and size (EC: curve) unless the host's
 * {@code CertificatePolicySource} policy disallows it: RSA below the policy's minimum grows to it, a
 * type not allowed gives way to the first allowed one. The private key is stored pending at the host
 * ({@code CertificateKeys.storePendingKey}) before its CSR leaves, and promoted to the new certificate
 * once it is in the inventory; a failed attempt's pending key is discarded. Daily at 02:00.
 */
public final class AutoRegenerateJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.auto-regenerate";

    private static final JobDescriptor DESCRIPTOR = RenewalSweep.descriptor(TYPE, "Auto-regenerate certificates",
            "Regenerates (new key) the managed certificates whose CA connector has auto-regenerate on, once their "
                    + "renewal point has come, and hands each order to cert.polling-request.",
            "0 0 2 * * ?");

    /** Public, with no arguments, for {@link CertificateJobs} and hosts that register it themselves. */
    public AutoRegenerateJob() {
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        return RenewalSweep.run(context, RenewalAction.REGENERATE);
    }
}
