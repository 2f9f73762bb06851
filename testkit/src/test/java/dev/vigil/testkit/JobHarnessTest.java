package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.ChildBatch;
import dev.vigil.spi.ChildRun;
import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobCancelledException;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.MissingServiceException;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.Progress;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunState;
import dev.vigil.spi.UnknownJobException;
import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.notify.Notification;
import dev.vigil.testkit.SampleCheckJob.Inventory;
import dev.vigil.testkit.SampleCheckJob.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JobHarnessTest {

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-06-01T12:00:00Z"));
    private final Instant soon = clock.instant().plus(Duration.ofDays(10));
    private final Instant later = clock.instant().plus(Duration.ofDays(300));
    private final Inventory threeItems = () -> List.of(new Item("a", soon), new Item("b", null), new Item("c", later));

    private JobHarness harness(Inventory inventory) {
        return JobHarness.forJob(new SampleCheckJob()).clock(clock).service(Inventory.class, inventory);
    }

    @Test
    void runCountsItemsAndKeepsPerItemErrors() {
        HarnessRun run = harness(threeItems).run();

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.thrown()).isEmpty();
        assertThat(run.counts()).isEqualTo(new RunCounts(3, 1, 1, 1));
        assertThat(run.result().itemErrors()).containsExactly(new ItemError("b", "no expiry date"));
        assertThat(run.result().message()).isEqualTo("3 items checked");
    }

    @Test
    void resultOutcomeBecomesTheRunState() {
        assertThat(harness(() -> List.of(new Item("a", later))).run().runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(harness(() -> List.of(new Item("b", null))).run().runState()).isEqualTo(RunState.FAILED);
    }

    @Test
    void auditEventsAreStampedWithTheClockTypeDefinitionAndRun() {
        HarnessRun run = harness(threeItems).definitionId("expiry-group-7").runId(42).run();

        assertThat(run.auditEvents()).containsExactly(new AuditEvent(clock.instant(), "test.expiry-check",
                "expiry-group-7", 42, "item.warned", "a", "success", Map.of("expires", soon.toString())));
        assertThat(run.auditEventsWithAction("item.warned")).hasSize(1);
        assertThat(run.auditEventsWithAction("item.renewed")).isEmpty();
    }

    @Test
    void definitionIdDefaultsToTheJobTypeAndRunIdToOne() {
        HarnessRun run = harness(threeItems).run();

        assertThat(run.auditEvents()).singleElement().satisfies(e -> {
            assertThat(e.definitionId()).isEqualTo("test.expiry-check");
            assertThat(e.runId()).isEqualTo(1);
        });
    }

    @Test
    void notificationsGoToADefaultRecordingNotifier() {
        HarnessRun run = harness(threeItems).run();

        assertThat(run.notifications()).extracting(Notification::topic, Notification::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("item.expiring", "a expires"));
    }

    @Test
    void suppliedRecordingNotifierReportsOnlyThisRunsNotifications() {
        RecordingNotifier notifier = new RecordingNotifier();
        JobHarness harness = harness(threeItems).service(dev.vigil.spi.notify.Notifier.class, notifier);

        harness.run();
        HarnessRun second = harness.run();

        assertThat(notifier.notifications()).hasSize(2);
        assertThat(second.notifications()).hasSize(1);
    }

    @Test
    void notifierOutageFailsOnlyTheItemThatNotified() {
        RecordingNotifier notifier = new RecordingNotifier().failWith(new IllegalStateException("SMTP down"));

        HarnessRun run = harness(threeItems).service(dev.vigil.spi.notify.Notifier.class, notifier).run();

        assertThat(run.counts()).isEqualTo(new RunCounts(3, 0, 2, 1));
        assertThat(run.result().itemErrors()).extracting(ItemError::message)
                .containsExactly("notification failed: SMTP down", "no expiry date");
        assertThat(run.notifications()).isEmpty();
        assertThat(notifier.refused()).hasSize(1);
        assertThat(run.auditEvents()).isEmpty();
    }

    @Test
    void parametersAreValidatedWithDefaultsFilledIn() {
        AtomicReference<JobContext> seen = new AtomicReference<>();
        Job job = recording(seen, SampleCheckJob.DESCRIPTOR);

        JobHarness.forJob(job).service(Inventory.class, threeItems).parameter("spawn", "true").run();

        assertThat(seen.get().parameters().asMap()).isEqualTo(Map.of("warnDays", "30", "spawn", "true"));
    }

    @Test
    void invalidParameterFailsTheRunBeforeTheJobStarts() {
        assertThatThrownBy(() -> harness(threeItems).parameter("warnDays", "1000").run())
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("warnDays");
        assertThatThrownBy(() -> harness(threeItems).parameter("warnDayz", "10").run())
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("warnDayz");
    }

    @Test
    void parameterChangesWhatTheJobDoes() {
        HarnessRun run = harness(threeItems).parameter("warnDays", "365").run();

        assertThat(run.counts()).isEqualTo(new RunCounts(3, 2, 1, 0));
    }

    @Test
    void missingRequiredServiceStopsTheRunNamingTheService() {
        assertThatThrownBy(() -> JobHarness.forJob(new SampleCheckJob()).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Inventory.class.getName());
    }

    @Test
    void lookingUpAnUnregisteredServiceThrowsMissingServiceException() {
        Job job = job(SampleCheckJob.DESCRIPTOR, context -> {
            assertThat(context.findService(Runnable.class)).isEmpty();
            context.service(Runnable.class);
            return JobResult.success();
        });

        HarnessRun run = JobHarness.forJob(job).service(Inventory.class, threeItems).run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.thrown()).containsInstanceOf(MissingServiceException.class);
        assertThat(run.thrown().orElseThrow()).hasMessageContaining(Runnable.class.getName());
    }

    @Test
    void cancelledRunStopsAtTheFirstCheck() {
        HarnessRun run = harness(threeItems).cancelled(true).run();

        assertThat(run.runState()).isEqualTo(RunState.CANCELLED);
        assertThat(run.thrown()).containsInstanceOf(JobCancelledException.class);
        assertThat(run.progress()).isEmpty();
        assertThat(run.cancellationChecks()).isEqualTo(1);
    }

    @Test
    void cancelAfterChecksLetsTheJobHandleThatManyItems() {
        HarnessRun run = harness(threeItems).cancelAfterChecks(2).run();

        assertThat(run.runState()).isEqualTo(RunState.CANCELLED);
        assertThat(run.progress()).extracting(Progress::done).containsExactly(1L, 2L);
        assertThat(run.notifications()).hasSize(1);
        assertThat(run.cancellationChecks()).isEqualTo(3);
    }

    @Test
    void cancelWhenCancelsOnceItsConditionHolds() {
        List<String> asked = new ArrayList<>();
        Inventory inventory = () -> {
            asked.add("items");
            return List.of(new Item("a", later), new Item("b", later));
        };
        int[] checks = {0};

        HarnessRun run = harness(inventory).cancelWhen(() -> ++checks[0] == 2).run();

        assertThat(run.runState()).isEqualTo(RunState.CANCELLED);
        assertThat(run.progress()).hasSize(1);
        assertThat(asked).containsExactly("items");
    }

    @Test
    void cancellationStaysOnceSeen() {
        int[] checks = {0};
        Job job = job(SampleCheckJob.DESCRIPTOR, context -> {
            boolean first = context.isCancelled();
            boolean second = context.isCancelled();
            boolean third = context.isCancelled();
            return JobResult.success(first + " " + second + " " + third);
        });

        HarnessRun run = JobHarness.forJob(job).service(Inventory.class, threeItems)
                .cancelWhen(() -> ++checks[0] == 2).run();

        assertThat(run.result().message()).isEqualTo("false true true");
    }

    @Test
    void spawnedChildrenAreRecordedWithAscendingIdsAndTheRunWaits() {
        HarnessRun run = harness(threeItems).parameter("spawn", "true").run();

        assertThat(run.runState()).isEqualTo(RunState.WAITING_FOR_CHILDREN);
        assertThat(run.result().outcome()).isEqualTo(JobResult.Outcome.PARTIAL);
        assertThat(run.childRunIds()).containsExactly(1001L, 1002L, 1003L);
        assertThat(run.children()).singleElement().extracting(ChildBatch::maxParallel).isEqualTo(2);
        assertThat(run.spawnedChildren()).extracting(c -> c.parameters().get("item")).containsExactly("a", "b", "c");
    }

    @Test
    void childIdsContinueAcrossBatches() {
        Job job = job(SampleCheckJob.DESCRIPTOR, context -> {
            List<Long> first = context.spawnChildren(ChildBatch.of(List.of(ChildRun.of("test.item-check", Map.of()))));
            List<Long> second = context.spawnChildren(ChildBatch.of(List.of(ChildRun.of("test.item-check", Map.of()),
                    ChildRun.of("test.item-check", Map.of()))));
            return JobResult.success(first + " " + second);
        });

        HarnessRun run = JobHarness.forJob(job).service(Inventory.class, threeItems).runId(7).run();

        assertThat(run.result().message()).isEqualTo("[1007] [1008, 1009]");
        assertThat(run.children()).hasSize(2);
    }

    @Test
    void childWithBlankJobTypeIsRejected() {
        Job job = job(SampleCheckJob.DESCRIPTOR, context -> {
            context.spawnChildren(ChildBatch.of(List.of(ChildRun.of(" ", Map.of()))));
            return JobResult.success();
        });

        HarnessRun run = JobHarness.forJob(job).service(Inventory.class, threeItems).run();

        assertThat(run.thrown()).containsInstanceOf(UnknownJobException.class);
        assertThat(run.children()).isEmpty();
    }

    @Test
    void declaredChildTypesCheckChildTypeAndParameters() {
        JobDescriptor itemCheck = JobDescriptor.builder("test.item-check").title("Item check")
                .parameter(ParameterSpec.required("item", ParameterType.STRING, "the item")).build();

        HarnessRun good = harness(threeItems).parameter("spawn", "true").childType(itemCheck).run();
        assertThat(good.childRunIds()).hasSize(3);

        JobDescriptor otherType = JobDescriptor.builder("test.other").title("Other").build();
        HarnessRun unknown = harness(threeItems).parameter("spawn", "true").childType(otherType).run();
        assertThat(unknown.thrown()).containsInstanceOf(UnknownJobException.class);

        JobDescriptor strictItemCheck = JobDescriptor.builder("test.item-check").title("Item check")
                .parameter(ParameterSpec.required("item", ParameterType.STRING, "the item").withPattern("[0-9]+")).build();
        HarnessRun invalid = harness(threeItems).parameter("spawn", "true").childType(strictItemCheck).run();
        assertThat(invalid.thrown()).containsInstanceOf(InvalidParameterException.class);
    }

    @Test
    void jobThatThrowsFailsAndResultExplainsWhy() {
        IllegalStateException boom = new IllegalStateException("inventory unreachable");
        HarnessRun run = harness(() -> {
            throw boom;
        }).run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.thrown()).contains(boom);
        assertThat(run.returned()).isEmpty();
        assertThatThrownBy(run::result).isInstanceOf(AssertionError.class)
                .hasMessageContaining("inventory unreachable").hasCause(boom);
    }

    @Test
    void jobThatReturnsNullFails() {
        HarnessRun run = JobHarness.forJob(job(SampleCheckJob.DESCRIPTOR, context -> null))
                .service(Inventory.class, threeItems).run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.thrown()).containsInstanceOf(IllegalStateException.class);
    }

    @Test
    void assertionErrorInAFakePropagatesToTheTest() {
        Inventory strict = () -> {
            throw new AssertionError("unexpected call");
        };

        assertThatThrownBy(() -> harness(strict).run()).isInstanceOf(AssertionError.class).hasMessage("unexpected call");
    }

    @Test
    void contextReportsTheRunItWasGiven() {
        AtomicReference<JobContext> seen = new AtomicReference<>();
        Instant fire = clock.instant().minus(Duration.ofMinutes(1));

        JobHarness.forJob(recording(seen, SampleCheckJob.DESCRIPTOR)).clock(clock).service(Inventory.class, threeItems)
                .runId(9).origin(RunOrigin.RETRY).attempt(3).scheduledTime(fire).run();

        JobContext context = seen.get();
        assertThat(context.runId()).isEqualTo(9);
        assertThat(context.definitionId()).isEqualTo("test.expiry-check");
        assertThat(context.jobType()).isEqualTo("test.expiry-check");
        assertThat(context.origin()).isEqualTo(RunOrigin.RETRY);
        assertThat(context.attempt()).isEqualTo(3);
        assertThat(context.scheduledTime()).isEqualTo(fire);
        assertThat(context.parentRunId()).isEmpty();
        assertThat(context.clock()).isSameAs(clock);
    }

    @Test
    void childOfMakesAChildRunAndOriginChildIsRefused() {
        AtomicReference<JobContext> seen = new AtomicReference<>();
        JobHarness harness = JobHarness.forJob(recording(seen, SampleCheckJob.DESCRIPTOR))
                .service(Inventory.class, threeItems);

        harness.childOf(500).run();

        assertThat(seen.get().origin()).isEqualTo(RunOrigin.CHILD);
        assertThat(seen.get().parentRunId()).contains(500L);
        assertThat(seen.get().scheduledTime()).isEqualTo(JobHarness.DEFAULT_TIME);
        assertThatThrownBy(() -> harness.origin(RunOrigin.CHILD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settingsAreVisibleToTheJob() {
        AtomicReference<JobContext> seen = new AtomicReference<>();
        JobHarness.forJob(recording(seen, SampleCheckJob.DESCRIPTOR)).service(Inventory.class, threeItems)
                .setting("MISC_SYNC_QUEUE_DELAY_IN_SEC", "30").run();

        assertThat(seen.get().settings().getLong("MISC_SYNC_QUEUE_DELAY_IN_SEC", 0)).isEqualTo(30);
        assertThat(seen.get().settings().get("OTHER")).isEmpty();
    }

    @Test
    void suppliedSettingsAndSingleSettingsDoNotMix() {
        MutableSettings settings = MutableSettings.of(Map.of("A", "1"));

        assertThatThrownBy(() -> harness(threeItems).settings(settings).setting("B", "2"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> harness(threeItems).setting("B", "2").settings(settings))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void progressIsRecordedInOrder() {
        HarnessRun run = harness(threeItems).run();

        assertThat(run.progress()).extracting(Progress::done).containsExactly(1L, 2L, 3L);
        assertThat(run.progress()).allSatisfy(p -> assertThat(p.total()).isEqualTo(3));
    }

    private static Job recording(AtomicReference<JobContext> seen, JobDescriptor descriptor) {
        return job(descriptor, context -> {
            seen.set(context);
            return JobResult.success();
        });
    }

    private interface Body {
        JobResult run(JobContext context) throws Exception;
    }

    private static Job job(JobDescriptor descriptor, Body body) {
        return new Job() {
            @Override
            public JobDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public JobResult run(JobContext context) throws Exception {
                return body.run(context);
            }
        };
    }
}
