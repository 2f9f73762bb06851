/**
 * Vigil's example host: the {@code vigil} command line with its demo jobs. Runs from the shaded
 * jar on the class path; the descriptor keeps its dependencies honest.
 */
module dev.vigil.examples {
    requires dev.vigil.core;
    requires dev.vigil.jobs.cert;
    requires dev.vigil.testkit;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires java.sql;

    uses dev.vigil.spi.JobProvider;
}
