package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobProvider;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.RunState;
import dev.vigil.spi.VigilException;
import dev.vigil.spi.notify.Notifier;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest extends EngineTestBase {

    /** A provider found by ServiceLoader in the test's services file. */
    public static final class GoodProvider implements JobProvider {
        @Override
        public List<Job> jobs() {
            return List.of(TestJobs.succeeding("test.discovered", d -> d.cron("0 0 1 * * ?")));
        }

        @Override
        public String name() {
            return "jobs-test";
        }
    }

    /** A provider whose constructor fails, as one with a missing dependency would. */
    public static final class BrokenProvider implements JobProvider {
        public BrokenProvider() {
            throw new IllegalStateException("missing dependency");
        }

        @Override
        public List<Job> jobs() {
            return List.of();
        }
    }

    private static ClassLoader loaderListing(Path dir, String... providerClasses) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(JobProvider.class.getName()), String.join("\n", providerClasses) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, RegistryTest.class.getClassLoader());
    }

    @Test
    void providersAreDiscoveredWithServiceLoader(@TempDir Path dir) throws IOException {
        Vigil v = Vigil.builder().clock(clock).store(store).classLoader(loaderListing(dir, GoodProvider.class.getName()))
                .build();
        vigil = v;

        assertThat(v.jobType("test.discovered")).hasValueSatisfying(t -> {
            assertThat(t.provider()).isEqualTo("jobs-test");
            assertThat(t.usable()).isTrue();
        });
        assertThat(v.definition("test.discovered").nextFireTime()).isPresent();
    }

    @Test
    void aProviderThatFailsToLoadIsReportedAndSkipped(@TempDir Path dir) throws IOException {
        Vigil v = Vigil.builder().clock(clock).store(store).classLoader(loaderListing(dir,
                BrokenProvider.class.getName(), "dev.vigil.core.NoSuchProvider", GoodProvider.class.getName())).build();
        vigil = v;

        assertThat(v.jobType("test.discovered")).isPresent();
        assertThat(v.discoveryProblems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("BrokenProvider"))
                .anySatisfy(p -> assertThat(p).contains("NoSuchProvider"));
    }

    @Test
    void aDuplicateIdFailsTheBuildNamingBothClasses() {
        Job first = TestJobs.succeeding("test.same", d -> d);
        Job second = new Job() {
            @Override
            public dev.vigil.spi.JobDescriptor descriptor() {
                return first.descriptor();
            }

            @Override
            public JobResult run(dev.vigil.spi.JobContext context) {
                return JobResult.success();
            }
        };

        assertThatThrownBy(() -> Vigil.builder().clock(clock).store(new InMemoryJobStore(clock)).discoverJobs(false)
                .register(first).register(second).build())
                .isInstanceOf(DuplicateJobTypeException.class)
                .hasMessageContaining("test.same")
                .hasMessageContaining(TestJobs.RecordingJob.class.getName())
                .hasMessageContaining(second.getClass().getName());
    }

    @Test
    void aJobWhoseServiceIsMissingIsRegisteredButDisabledWithTheReason() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.needs-notifier", d -> d.cron("0 * * * * ?")
                .requires(Notifier.class));
        build(job);

        JobTypeInfo type = vigil.jobType("test.needs-notifier").orElseThrow();
        assertThat(type.usable()).isFalse();
        assertThat(type.disabledReason()).hasValueSatisfying(r -> assertThat(r).contains(Notifier.class.getName()));
        assertThat(vigil.definition("test.needs-notifier").active()).isFalse();
        assertThatThrownBy(() -> vigil.trigger("test.needs-notifier")).isInstanceOf(VigilException.class)
                .hasMessageContaining("disabled").hasMessageContaining("Notifier");

        driver.advance(Duration.ofMinutes(5));
        assertThat(job.count()).isZero();
    }

    @Test
    void theSameJobRunsOnceTheHostRegistersTheService() {
        TestJobs.RecordingJob job = TestJobs.succeeding("test.needs-notifier", d -> d.cron("0 * * * * ?")
                .requires(Notifier.class));
        build(b -> b.service(Notifier.class, n -> { }), job);

        driver.advance(Duration.ofMinutes(2));

        assertThat(job.count()).isEqualTo(2);
        assertThat(history("test.needs-notifier").get(0).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void builderRejectsASettingMadeTwiceAndBadValues() {
        assertThatThrownBy(() -> Vigil.builder().workers(2).workers(3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("workers");
        assertThatThrownBy(() -> Vigil.builder().leaseDuration(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseDuration");
        assertThatThrownBy(() -> Vigil.builder().executor(java.util.concurrent.Executors.newSingleThreadExecutor())
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("workers");
    }

    @Test
    void hostChangesToADefinitionSurviveARebuildOnTheSameStore() {
        build(TestJobs.succeeding("test.kept", d -> d.cron("0 0 2 * * ?")));
        vigil.reschedule("test.kept", dev.vigil.spi.Schedule.cron("0 0 4 * * ?"));
        vigil.putSetting("MISC_SYNC_QUEUE_DELAY_IN_SEC", "30");
        vigil.close();

        Vigil again = Vigil.builder().clock(clock).store(store).discoverJobs(false)
                .register(TestJobs.succeeding("test.kept", d -> d.cron("0 0 2 * * ?")))
                .setting("MISC_SYNC_QUEUE_DELAY_IN_SEC", "5").build();
        vigil = again;

        assertThat(again.definition("test.kept").definition().schedule().toText()).endsWith("0 0 4 * * ?");
        assertThat(again.settings().getLong("MISC_SYNC_QUEUE_DELAY_IN_SEC", 0)).isEqualTo(30);
    }
}
