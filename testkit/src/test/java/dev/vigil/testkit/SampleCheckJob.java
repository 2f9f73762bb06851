package dev.vigil.testkit;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.Progress;
import dev.vigil.spi.notify.Notification;
import dev.vigil.spi.notify.Notifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A small job shaped like the real ones: pages through a host inventory, checks cancellation per
 * item, records per-item failures, audits, notifies, reports progress, and optionally spawns one
 * child per item.
 */
final class SampleCheckJob implements Job {

    /** The host service the job needs: items with an expiry. */
    interface Inventory {
        List<Item> items();
    }

    /** One inventory item; a null expiry is bad input. */
    record Item(String name, Instant expires) {
    }

    static final JobDescriptor DESCRIPTOR = JobDescriptor.builder("test.expiry-check")
            .title("Expiry check")
            .parameter(ParameterSpec.optional("warnDays", ParameterType.INTEGER, "days of warning").withDefault("30")
                    .withRange(1, 365))
            .parameter(ParameterSpec.optional("spawn", ParameterType.BOOLEAN, "one child per item").withDefault("false"))
            .requires(Inventory.class)
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        Instant now = context.clock().instant();
        Instant warnBefore = now.plus(java.time.Duration.ofDays(context.parameters().integer("warnDays")));
        List<Item> items = context.service(Inventory.class).items();
        Notifier notifier = context.service(Notifier.class);
        JobResult.Builder result = JobResult.builder();
        int done = 0;
        for (Item item : items) {
            context.checkCancelled();
            if (item.expires() == null) {
                result.failed(item.name(), "no expiry date");
            } else if (item.expires().isBefore(warnBefore)) {
                try {
                    notifier.send(new Notification(Notification.Severity.WARNING, "item.expiring", item.name() + " expires",
                            "It expires at " + item.expires(), List.of(), Map.of("item", item.name())));
                    context.audit("item.warned", item.name(), "success", Map.of("expires", item.expires().toString()));
                    result.succeeded();
                } catch (RuntimeException e) {
                    result.failed(item.name(), "notification failed: " + e.getMessage());
                }
            } else {
                result.skipped();
            }
            context.progress(new Progress(++done, items.size(), "checked " + item.name()));
        }
        if (context.parameters().bool("spawn") && !items.isEmpty()) {
            context.spawnChildren(ChildBatch.of(items.stream()
                    .map(i -> ChildRun.of("test.item-check", Map.of("item", i.name()))).toList()).atMostParallel(2));
        }
        return result.message(done + " items checked").build();
    }
}
