package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobProvider;
import java.util.List;

/** The certificate jobs of {@code jobs-cert}, found by {@link java.util.ServiceLoader}. */
public final class CertificateJobs implements JobProvider {

    /** Public, with no arguments, for {@link java.util.ServiceLoader}. */
    public CertificateJobs() {
    }

    @Override
    public List<Job> jobs() {
        CrlCaches crlCaches = new CrlCaches(); // one CRL cache for both CRL jobs of this provider
        return List.of(
                new ExpiryStatusCheckJob(),
                new ComplianceCheckJob(),
                new VulnerabilityCheckJob(),
                new DeleteExpiredJob(),
                new ChainValidationCheckJob(),
                new TransparencyCheckJob(),
                new CaaCheckJob(),
                new CrlRevocationCheckJob(crlCaches),
                new CrlDownloadMonitorJob(crlCaches),
                new RevokeStatusCheckJob());
    }

    @Override
    public String name() {
        return "jobs-cert";
    }
}
