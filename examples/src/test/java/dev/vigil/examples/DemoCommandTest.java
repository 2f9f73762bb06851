package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path data;

    @Test
    void shortDemoPrintsRunsStartingAndEndingAndARetrySucceedingOnAttemptTwo() {
        CliRun run = CliRun.of("demo", "--duration", "5s", "--data", data.toString());

        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines.get(0)).startsWith("Vigil demo for 5.0 s");
        assertThat(lines.get(1)).isEqualTo("Store: H2 database in " + data.toAbsolutePath()
                + "; it keeps definitions, settings and run history.");
        assertThat(lines.get(2)).isEqualTo("Demo number 1 on this store (setting demo.demos-started).");
        assertThat(lines).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  START  run \\d+  demo\\.discover \\(MANUAL\\)"));
        assertThat(lines).anyMatch(l -> l.contains("  START  run ") && l.contains("demo.discover-host (CHILD of run"));
        assertThat(lines).anyMatch(l -> l.contains("  WAIT   run ") && l.contains("demo.discover  WAITING_FOR_CHILDREN"));
        assertThat(lines).anyMatch(l -> l.contains("  END    run ") && l.contains("demo.discover-host  SUCCEEDED"));
        assertThat(lines).anyMatch(l -> l.contains("  END    run ") && l.contains("demo.flaky-sync  FAILED"));
        assertThat(lines).anyMatch(l -> l.contains("  START  run ") && l.contains("demo.flaky-sync (RETRY, attempt 2)"));
        assertThat(lines).anyMatch(l -> l.matches(".*  END    run \\d+  demo\\.flaky-sync  SUCCEEDED on attempt 2  "
                + "processed=12 succeeded=12 failed=0 skipped=0  \\(\\d+\\.\\d s\\).*"));
        assertThat(lines).last().asString().startsWith("Demo done: ").endsWith("; engine closed.");

        // The device synchronisation's children start MISC_SYNC_QUEUE_DELAY_IN_SEC (3 s) apart.
        LocalTime first = startOfChild(lines, "bigip-01");
        LocalTime second = startOfChild(lines, "bigip-02");
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
        assertThat(lines).anyMatch(l -> l.contains("  WAIT   run ") && l.contains("cert.device-sync  WAITING_FOR_CHILDREN"
                + "  4 children") && l.contains("3 s apart"));
        assertThat(lines).anyMatch(l -> l.matches("imported-\\d+ +CN=shop\\.example\\.com +\\S+ +MONITORED +bigip-01, bigip-02 +-"));

        // Auto-renew submits portal.example.com to the demo CA and a polling request collects the new certificate.
        assertThat(lines).anyMatch(l -> l.contains("  END    run ") && l.contains("cert.auto-renew  SUCCEEDED")
                && l.contains("1 submitted") && l.contains("1 polling requests triggered"));
        assertThat(lines).anyMatch(l -> l.contains("  END    run ") && l.contains("cert.polling-request  SUCCEEDED")
                && l.contains("certificate portal-2026 renewed as renewed-00001"));
        assertThat(lines).anyMatch(l -> l.matches("portal-2026 +CN=portal\\.example\\.com +\\S+ +MANAGED +- +renewed-00001"));
        assertThat(lines).anyMatch(l -> l.matches("renewed-00001 +CN=portal\\.example\\.com +\\S+ +MANAGED +- +-"));
    }

    /** @return when the demo printed the start of the device synchronisation's child for a device */
    private static LocalTime startOfChild(List<String> lines, String deviceId) {
        String line = lines.stream().filter(l -> l.contains("  START  run ") && l.contains("cert.device-sync (CHILD of run")
                && l.contains("deviceId=" + deviceId)).findFirst().orElseThrow(() -> new AssertionError(
                        "no child started for " + deviceId + " in:\n" + String.join("\n", lines)));
        return LocalTime.parse(line.substring(0, 12));
    }

    @Test
    @SuppressWarnings("unchecked")
    void secondDemoOnOneDataFolderKeepsDefinitionsSettingsAndHistory() {
        CliRun first = CliRun.of("demo", "--duration", "1s", "--data", data.toString());
        CliRun second = CliRun.of("demo", "--duration", "1s", "--data", data.toString());

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(second.status()).as(second.err()).isZero();
        // A setting the host changed survives the restart.
        assertThat(first.outLines()).contains("Demo number 1 on this store (setting demo.demos-started).");
        assertThat(second.outLines()).contains("Demo number 2 on this store (setting demo.demos-started).");
        // The interval schedule is the first demo's, not moved by the second start.
        assertThat(scheduleOf(IntervalScanJob.ID, second)).isEqualTo(scheduleOf(IntervalScanJob.ID, first))
                .startsWith("every minute from ");

        CliRun history = CliRun.of("runs", "--job", FlakySyncJob.ID, "--json", "--data", data.toString());
        assertThat(history.status()).as(history.err()).isZero();
        List<Map<String, Object>> runs = (List<Map<String, Object>>) ((Map<String, Object>) MiniJson.parse(history.out()))
                .get("runs");
        // Each demo triggered demo.flaky-sync once; both manual runs are in the history.
        assertThat(runs).filteredOn(r -> r.get("origin").equals("MANUAL")).hasSize(2)
                .allSatisfy(r -> assertThat(r.get("state")).isEqualTo("FAILED"));
    }

    /** @return the SCHEDULE cell of a definition's row in the demo's header table */
    private static String scheduleOf(String definition, CliRun demo) {
        List<String> lines = demo.outLines();
        String header = lines.stream().filter(l -> l.startsWith("DEFINITION ")).findFirst().orElseThrow();
        String row = lines.stream().filter(l -> l.startsWith(definition + " ")).findFirst().orElseThrow();
        return row.substring(header.indexOf("SCHEDULE"), header.indexOf("NEXT FIRE")).strip();
    }

    @Test
    void rejectsAMalformedDuration() {
        CliRun run = CliRun.of("demo", "--duration", "soon", "--data", data.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().contains("not a positive duration");
    }
}
