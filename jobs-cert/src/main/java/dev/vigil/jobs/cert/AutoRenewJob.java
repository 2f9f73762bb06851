package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.cert.RenewalAction;

/**
 * {@code cert.auto-renew}: renews, keeping their key, the managed certificates whose CA connector
 * has "renew automatically" on ({@code RenewalSettings.autoRenew}) and supports
 * {@code CaCapability.RENEW}, once their renewal point has come (the connector's threshold in days
 * before notAfter, else two thirds into the lifetime, moved earlier by a per-certificate jitter).
 * The CSR carries the certificate's subject, names and public key and is signed by the host with
 * the existing key ({@code CertificateKeys.sign}); the private key never crosses the SPI. Each
 * submitted certificate is handed to a {@code cert.polling-request} run of its own (mutex
 * {@code certificate:ID}), which collects and stores the new certificate. Failures back off per
 * certificate (parameters {@code initialBackoff} 1 h, doubling to {@code maxBackoff} 24 h) and are
 * audited. Every six hours.
 * The selection and the resumption rules are {@link RenewalSweep}'s, the steps {@link CertificateRenewal}'s.
 */
public final class AutoRenewJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.auto-renew";

    private static final JobDescriptor DESCRIPTOR = RenewalSweep.descriptor(TYPE, "Auto-renew certificates",
            "Renews (same key) the managed certificates whose CA connector has auto-renew on, once their renewal "
                    + "point has come, and hands each order to cert.polling-request.",
            "0 0 0/6 * * ?");

    /** Public, with no arguments, for {@link CertificateJobs} and hosts that register it themselves. */
    public AutoRenewJob() {
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        return RenewalSweep.run(context, RenewalAction.RENEW);
    }
}
