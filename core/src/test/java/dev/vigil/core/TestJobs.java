package dev.vigil.core;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Small jobs for engine tests, built from lambdas. */
final class TestJobs {
    private TestJobs() {
    }

    /** What a test job does in one run. */
    @FunctionalInterface
    interface Body {
        JobResult run(JobContext context) throws Exception;
    }

    /** A job that records each context it ran with. */
    static final class RecordingJob implements Job {
        final List<JobContext> runs = new CopyOnWriteArrayList<>();
        private final JobDescriptor descriptor;
        private final Body body;

        RecordingJob(JobDescriptor descriptor, Body body) {
            this.descriptor = descriptor;
            this.body = body;
        }

        @Override
        public JobDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public JobResult run(JobContext context) throws Exception {
            runs.add(context);
            return body.run(context);
        }

        int count() {
            return runs.size();
        }
    }

    static RecordingJob job(String id, UnaryOperator<JobDescriptor.Builder> describe, Body body) {
        return new RecordingJob(describe.apply(JobDescriptor.builder(id).title(id)).build(), body);
    }

    static RecordingJob succeeding(String id, UnaryOperator<JobDescriptor.Builder> describe) {
        return job(id, describe, c -> JobResult.builder().succeeded().build());
    }
}
