package dev.vigil.examples;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;

/** Demo: a cron job every five seconds that only says it is alive. */
final class HeartbeatJob implements Job {
    static final String ID = "demo.heartbeat";

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(ID)
            .title("Heartbeat")
            .description("Says the scheduler is alive; a Quartz cron job every five seconds.")
            .cron("*/5 * * * * ?")
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        return JobResult.success("alive; due at " + context.scheduledTime());
    }
}
