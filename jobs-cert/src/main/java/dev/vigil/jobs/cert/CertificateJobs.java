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
        CrlCaches crlCaches = new CrlCaches(); // CRL caches and the default fetcher these jobs share
        return List.of(
                new ExpiryStatusCheckJob(),
                new ComplianceCheckJob(),
                new VulnerabilityCheckJob(),
                new DeleteExpiredJob(),
                new ChainValidationCheckJob(crlCaches),
                new TransparencyCheckJob(),
                new CaaCheckJob(),
                new CrlRevocationCheckJob(crlCaches),
                new CrlDownloadMonitorJob(crlCaches),
                new RevokeStatusCheckJob(crlCaches),
                new CrlPublishJob(),
                new DiscoveryImportJob(),
                new CaAttributesSyncJob(),
                new CaValidityUpdateJob(),
                new DeviceSyncJob(),
                new DeviceStatusSyncJob(),
                new AutoRenewJob(),
                new AutoRegenerateJob(),
                new PollingRequestJob(),
                new CredentialRotationJob());
    }

    @Override
    public String name() {
        return "jobs-cert";
    }
}
