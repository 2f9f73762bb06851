package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Vigil;
import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.spi.MisfirePolicy;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.store.RunQuery;
import dev.vigil.testkit.EngineDriver;
import dev.vigil.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run listing and the run printer, on an engine driven through time by the testkit. */
class RunsCommandTest {
    /** Retry jitter in the middle of its range: the 1 s retry delay stays 1 s. */
    private static final RandomGenerator NO_JITTER = () -> Long.MIN_VALUE;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private List<RunRecord> runs;

    @BeforeEach
    void runFlakySyncUntilItsRetrySucceeds() {
        ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T09:00:30Z"));
        InMemoryJobStore store = new InMemoryJobStore(clock);
        try (Vigil vigil = Vigil.builder().clock(clock).store(store).discoverJobs(false).random(NO_JITTER)
                .register(new FlakySyncJob())
                .listener(new RunPrinter(new PrintStream(printed, true, StandardCharsets.UTF_8), clock))
                .build()) {
            EngineDriver driver = new EngineDriver(clock, store, vigil::runDue);
            vigil.trigger(FlakySyncJob.ID);

            driver.advance(Duration.ofSeconds(10));
            runs = vigil.runs(RunQuery.forDefinition(FlakySyncJob.ID));
        }
        assertThat(runs).hasSize(2);
    }

    /** The built-in jobs run on the same engine; the watchdog, for one, fires every minute. */
    private List<String> printedLinesOf(String jobType) {
        return printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("  " + jobType + " ")).toList();
    }

    @Test
    void printerShowsEachRunStartingAndEndingWithCountsAndTheRetry() {
        List<String> lines = printedLinesOf(FlakySyncJob.ID);
        long first = runs.get(1).id();
        long retry = runs.get(0).id();

        assertThat(lines).containsExactly(
                "09:00:30.000  START  run " + first + "  demo.flaky-sync (MANUAL)",
                "09:00:30.000  END    run " + first + "  demo.flaky-sync  FAILED  processed=0 succeeded=0 failed=0"
                        + " skipped=0  (0.0 s)  the directory did not answer (simulated: a first attempt always fails);"
                        + " attempt 2 due 2026-01-01T09:00:31Z",
                "09:00:31.000  START  run " + retry + "  demo.flaky-sync (RETRY, attempt 2)",
                "09:00:31.000  END    run " + retry + "  demo.flaky-sync  SUCCEEDED on attempt 2  processed=12"
                        + " succeeded=12 failed=0 skipped=0  (0.0 s)  accounts synchronised");
    }

    @Test
    void printerShowsFiresMissedWhileNoEngineRan() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Clock clock = Clock.fixed(Instant.parse("2026-01-05T14:05:00.012Z"), ZoneOffset.UTC);

        new RunPrinter(new PrintStream(out, true, StandardCharsets.UTF_8), clock)
                .misfire(HeartbeatJob.ID, Instant.parse("2026-01-05T14:02:15Z"), 36, MisfirePolicy.fireOnce());

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("14:05:00.012  MISSED demo.heartbeat  36 fire(s)"
                + " from 2026-01-05 14:02:15 on, misfire policy FIRE_ONCE/PT1M" + System.lineSeparator());
    }

    @Test
    void tableListsRunsNewestFirst() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunsCommand.table(runs, ZoneOffset.UTC, new PrintStream(out, true, StandardCharsets.UTF_8));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("RUN").contains("DEFINITION", "ORIGIN", "ATTEMPT", "STATE", "COUNTS");
        assertThat(lines.get(1)).contains("demo.flaky-sync", "RETRY", "SUCCEEDED", "2026-01-01 09:00:31",
                "processed=12 succeeded=12");
        assertThat(lines.get(2)).contains("MANUAL", "FAILED", "the directory did not answer");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsValidAndCarriesAttemptsAndCounts() {
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(RunsCommand.json(runs));
        List<Map<String, Object>> listed = (List<Map<String, Object>>) root.get("runs");

        assertThat(listed).extracting(r -> r.get("state")).containsExactly("SUCCEEDED", "FAILED");
        assertThat(listed.get(0))
                .containsEntry("origin", "RETRY")
                .containsEntry("attempt", 2L)
                .containsEntry("parentRunId", null)
                .containsEntry("startedAt", "2026-01-01T09:00:31Z")
                .containsEntry("counts", Map.of("processed", 12L, "succeeded", 12L, "failed", 0L, "skipped", 0L));
    }

    @Test
    void emptyDataFolderHasNoRunsAndExitsZero(@TempDir Path data) {
        CliRun run = CliRun.of("runs", "--data", data.toString());
        CliRun json = CliRun.of("runs", "--json", "--limit", "5", "--data", data.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.outLines()).containsExactly("No runs in the store (H2 database in " + data.toAbsolutePath() + ").");
        assertThat(json.status()).as(json.err()).isZero();
        assertThat(MiniJson.parse(json.out())).isEqualTo(Map.of("runs", List.of()));
    }

    @Test
    void missingDataFolderHasNoRunsAndIsNotCreated(@TempDir Path parent) {
        Path data = parent.resolve("not-yet");

        CliRun run = CliRun.of("runs", "--data", data.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("No runs: there is no data folder " + data.toAbsolutePath() + " yet");
        assertThat(data).doesNotExist();
    }
}
