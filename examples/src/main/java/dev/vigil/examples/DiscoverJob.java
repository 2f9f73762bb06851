package dev.vigil.examples;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Demo: a parent that discovers a list of hosts by spawning one {@link DiscoverHostJob} child per
 * host, one second apart, at most two at once, each holding the mutex key {@code host:NAME}. The
 * parent returns at once; the engine ends it when its last child ends, with the children's counts.
 */
final class DiscoverJob implements Job {
    static final String ID = "demo.discover";

    /** The delay between two children's due times. */
    static final Duration STAGGER = Duration.ofSeconds(1);
    /** The most children running at once. */
    static final int MAX_PARALLEL = 2;

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(ID)
            .title("Discover hosts")
            .description("Spawns one host discovery per host, staggered by one second, at most two at a time.")
            .parameter(ParameterSpec.optional("hosts", ParameterType.LIST, "the hosts to discover")
                    .withDefault("web-01,web-02,db-01,db-02,mail-01"))
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        List<ChildRun> children = new ArrayList<>();
        for (String host : context.parameters().list("hosts")) {
            children.add(ChildRun.of(DiscoverHostJob.ID, Map.of("host", host)).withMutexKey("host:" + host));
        }
        if (children.isEmpty()) {
            return JobResult.success("no hosts to discover");
        }
        context.spawnChildren(ChildBatch.of(children).staggeredBy(STAGGER).atMostParallel(MAX_PARALLEL));
        return JobResult.builder().message("spawned " + children.size() + " host discoveries").build();
    }
}
