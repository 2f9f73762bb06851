package dev.vigil.examples;

import dev.vigil.spi.IntervalUnit;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.Schedule;
import java.time.Instant;
import java.util.List;

/**
 * Demo: an interval job that checks a list of TLS endpoints every minute from a start instant,
 * skipping those in maintenance. Shows {@code Schedule.every(..).from(..)}, a list parameter with a
 * default, item counting and cancellation checks between items.
 */
final class IntervalScanJob implements Job {
    static final String ID = "demo.interval-scan";

    private final JobDescriptor descriptor;

    /** @param firstRun the first occurrence; later ones follow every minute */
    IntervalScanJob(Instant firstRun) {
        this.descriptor = JobDescriptor.builder(ID)
                .title("Scan TLS endpoints")
                .description("Checks each endpoint of the list (simulated), skipping those under maintenance.")
                .schedule(Schedule.every(1, IntervalUnit.MINUTES).from(firstRun))
                .parameter(ParameterSpec.optional("endpoints", ParameterType.LIST, "host:port of each endpoint")
                        .withDefault("www.example.test:443,mail.example.test:465,vpn.example.test:443,"
                                + "legacy.example.test:443"))
                .parameter(ParameterSpec.optional("maintenance", ParameterType.LIST, "endpoints not to touch")
                        .withDefault("legacy.example.test:443"))
                .build();
    }

    @Override
    public JobDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public JobResult run(JobContext context) {
        List<String> maintenance = context.parameters().list("maintenance");
        JobResult.Builder result = JobResult.builder();
        for (String endpoint : context.parameters().list("endpoints")) {
            context.checkCancelled();
            if (maintenance.contains(endpoint)) {
                result.skipped();
            } else {
                result.succeeded();
            }
        }
        return result.message("endpoints checked").build();
    }
}
