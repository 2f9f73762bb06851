package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void shortDemoPrintsRunsStartingAndEndingAndARetrySucceedingOnAttemptTwo() {
        CliRun run = CliRun.of("demo", "--duration", "3s");

        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines.get(0)).startsWith("Vigil demo for 3.0 s");
        assertThat(lines).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  START  run \\d+  demo\\.discover \\(MANUAL\\)"));
        assertThat(lines).anyMatch(l -> l.contains("  START  run ") && l.contains("demo.discover-host (CHILD of run"));
        assertThat(lines).anyMatch(l -> l.contains("  WAIT   run ") && l.contains("demo.discover  WAITING_FOR_CHILDREN"));
        assertThat(lines).anyMatch(l -> l.contains("  END    run ") && l.contains("demo.discover-host  SUCCEEDED"));
        assertThat(lines).anyMatch(l -> l.contains("  END    run ") && l.contains("demo.flaky-sync  FAILED"));
        assertThat(lines).anyMatch(l -> l.contains("  START  run ") && l.contains("demo.flaky-sync (RETRY, attempt 2)"));
        assertThat(lines).anyMatch(l -> l.matches(".*  END    run \\d+  demo\\.flaky-sync  SUCCEEDED on attempt 2  "
                + "processed=12 succeeded=12 failed=0 skipped=0  \\(\\d+\\.\\d s\\).*"));
        assertThat(lines).last().asString().startsWith("Demo done: ").endsWith("; engine closed.");
    }

    @Test
    void rejectsAMalformedDuration() {
        CliRun run = CliRun.of("demo", "--duration", "soon");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().contains("not a positive duration");
    }
}
