package dev.vigil.bench;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import java.time.Instant;

/** The trivial job types the workloads run: the engine's cost is what is measured. */
final class BenchJobs {
    /** A one-shot run that does nothing; concurrency ALLOW, so every queued run of it runs. */
    static final String NOOP = "bench.noop";
    /** A per-host scan definition, as a security product registers one per host. */
    static final String SCAN = "bench.scan";
    /** A per-second job that records how late it started. */
    static final String TICK = "bench.tick";

    private static final JobResult DONE = JobResult.success();

    private BenchJobs() {
    }

    static Job noop() {
        JobDescriptor d = JobDescriptor.builder(NOOP).title("No-op").description("Does nothing; for the bench")
                .concurrency(ConcurrencyPolicy.ALLOW).build();
        return job(d);
    }

    static Job scan() {
        JobDescriptor d = JobDescriptor.builder(SCAN).title("Host scan").description("Stands for a per-host scan")
                .parameter(ParameterSpec.optional("host", ParameterType.STRING, "the host to scan")).build();
        return job(d);
    }

    /**
     * @param lag hears each run's start lag in nanoseconds (start minus scheduled time) and the
     *     scheduled time in epoch milliseconds
     */
    static Job tick(LagSink lag) {
        JobDescriptor d = JobDescriptor.builder(TICK).title("Tick").description("Records its start lag").build();
        return new Job() {
            @Override
            public JobDescriptor descriptor() {
                return d;
            }

            @Override
            public JobResult run(JobContext context) {
                Instant now = Instant.now();
                Instant scheduled = context.scheduledTime();
                long lagNanos = (now.getEpochSecond() - scheduled.getEpochSecond()) * 1_000_000_000L
                        + (now.getNano() - scheduled.getNano());
                lag.record(scheduled.toEpochMilli(), lagNanos);
                return DONE;
            }
        };
    }

    /** Receives start lags. */
    interface LagSink {
        void record(long scheduledEpochMillis, long lagNanos);
    }

    private static Job job(JobDescriptor d) {
        return new Job() {
            @Override
            public JobDescriptor descriptor() {
                return d;
            }

            @Override
            public JobResult run(JobContext context) {
                return DONE;
            }
        };
    }
}
