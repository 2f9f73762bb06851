package dev.vigil.examples;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import java.time.Duration;

/**
 * Demo: the child of {@link DiscoverJob} that "discovers" one host. The work is simulated by
 * waiting (checking for cancellation every 100 ms); the host {@value #UNREACHABLE} never answers,
 * so the parent ends with one failed item. Not scheduled by itself: only spawned.
 */
final class DiscoverHostJob implements Job {
    static final String ID = "demo.discover-host";
    static final String UNREACHABLE = "db-02";

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(ID)
            .title("Discover one host")
            .description("Connects to one host and records what it finds (simulated).")
            .parameter(ParameterSpec.required("host", ParameterType.STRING, "the host name")
                    .withPattern("[a-z0-9][a-z0-9.-]*"))
            .parameter(ParameterSpec.optional("work", ParameterType.DURATION, "how long the simulated work takes")
                    .withDefault("PT1.5S"))
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) throws InterruptedException {
        String host = context.parameters().string("host");
        simulateWork(context, context.parameters().duration("work"));
        JobResult.Builder result = JobResult.builder();
        if (host.equals(UNREACHABLE)) {
            result.failed(host, "connection refused (simulated)");
        } else {
            result.succeeded();
        }
        return result.build();
    }

    private static void simulateWork(JobContext context, Duration work) throws InterruptedException {
        for (long left = work.toMillis(); left > 0; left -= 100) {
            context.checkCancelled();
            Thread.sleep(Math.min(100, left));
        }
    }
}
