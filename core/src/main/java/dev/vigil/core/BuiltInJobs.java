package dev.vigil.core;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobProvider;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.MisfirePolicy;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** The engine's own jobs: {@code vigil.watchdog} and {@code vigil.purge-history}. */
final class BuiltInJobs implements JobProvider {

    static final String WATCHDOG = "vigil.watchdog";
    static final String PURGE_HISTORY = "vigil.purge-history";

    private final Supplier<Engine> engine;

    BuiltInJobs(Supplier<Engine> engine) {
        this.engine = engine;
    }

    @Override
    public List<Job> jobs() {
        return List.of(new Watchdog(), new PurgeHistory());
    }

    @Override
    public String name() {
        return "vigil-core";
    }

    /** Ends runs whose node went away or overran, and finishes parents whose children all ended. */
    private final class Watchdog implements Job {
        private final JobDescriptor descriptor = JobDescriptor.builder(WATCHDOG)
                .title("Watchdog")
                .description("Ends runs whose lease expired (their node stopped heartbeating) as ABANDONED and "
                        + "retries them per their policy, ends runs far past their timeout, finishes parents whose "
                        + "children have all ended.")
                .cron("0 * * * * ?")
                .misfire(MisfirePolicy.skip())
                .parameter(ParameterSpec.optional("limit", ParameterType.INTEGER, "most runs looked at per kind")
                        .withRange(1, 100_000).withDefault("1000"))
                .build();

        @Override
        public JobDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public JobResult run(JobContext context) {
            int ended = engine.get().recover((int) context.parameters().integer("limit"));
            return JobResult.builder().add(new dev.vigil.spi.RunCounts(ended, ended, 0, 0))
                    .message(ended == 0 ? "nothing to recover" : ended + " run(s) ended").build();
        }
    }

    /** Deletes run history past its retention, in bounded batches. */
    private final class PurgeHistory implements Job {
        private final JobDescriptor descriptor = JobDescriptor.builder(PURGE_HISTORY)
                .title("Purge run history")
                .description("Deletes ended runs older than the retention, in bounded batches; never a run whose "
                        + "children have not all ended, never the newest scheduled run of a definition.")
                .cron("0 30 3 * * ?")
                .parameter(ParameterSpec.optional("retention", ParameterType.DURATION, "how long ended runs are kept")
                        .withDefault("P60D"))
                .parameter(ParameterSpec.optional("batchSize", ParameterType.INTEGER, "runs deleted per statement")
                        .withRange(1, 100_000).withDefault("1000"))
                .build();

        @Override
        public JobDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public JobResult run(JobContext context) {
            Duration retention = context.parameters().duration("retention");
            int batch = (int) context.parameters().integer("batchSize");
            Instant cutoff = context.clock().instant().minus(retention);
            long deleted = 0;
            int n;
            do {
                context.checkCancelled();
                n = engine.get().store.purge(cutoff, batch);
                deleted += n;
            } while (n == batch);
            return JobResult.builder().add(new dev.vigil.spi.RunCounts(deleted, deleted, 0, 0))
                    .message("deleted " + deleted + " run(s) ended before " + cutoff).build();
        }
    }
}
