/**
 * Vigil's certificate jobs (seed 000 and the discovery import of seed 003). Only the job classes'
 * package is exported; the engines behind them (weak keys, CRLs, chains, CT, CAA, lints, TLS
 * probes) are internal.
 */
module dev.vigil.jobs.cert {
    requires transitive dev.vigil.spi;
    requires org.slf4j;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires org.dnsjava;
    requires java.net.http;

    exports dev.vigil.jobs.cert;

    provides dev.vigil.spi.JobProvider with dev.vigil.jobs.cert.CertificateJobs;
}
