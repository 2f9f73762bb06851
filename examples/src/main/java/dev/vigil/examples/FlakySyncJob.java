package dev.vigil.examples;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.RetryPolicy;
import java.time.Duration;

/**
 * Demo: a directory synchronisation whose first attempt always fails, so the engine retries it as
 * a new run (origin {@code RETRY}, attempt 2) about a second later, and that one succeeds. The job
 * decides from {@link JobContext#attempt()}; a job keeps no state of its own between runs.
 */
final class FlakySyncJob implements Job {
    static final String ID = "demo.flaky-sync";
    static final int ACCOUNTS = 12;

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(ID)
            .title("Synchronise accounts")
            .description("Copies accounts from a directory that does not answer the first time (simulated).")
            .retry(RetryPolicy.exponential(3, Duration.ofSeconds(1), Duration.ofSeconds(10)))
            // A demo that starts while the last one's retry is still due triggers a run of its own
            // beside that retry, instead of having it skipped.
            .concurrency(ConcurrencyPolicy.ALLOW)
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        if (context.attempt() == 1) {
            return JobResult.failure("the directory did not answer (simulated: a first attempt always fails)");
        }
        JobResult.Builder result = JobResult.builder();
        for (int i = 0; i < ACCOUNTS; i++) {
            context.checkCancelled();
            result.succeeded();
        }
        return result.message("accounts synchronised").build();
    }
}
