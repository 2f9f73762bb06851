package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobsCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsValidAndListsTheBuiltInWatchdog() {
        CliRun run = CliRun.of("jobs", "--json");

        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(run.out());
        List<Map<String, Object>> types = (List<Map<String, Object>>) root.get("jobTypes");
        assertThat(types).extracting(t -> t.get("id")).contains("vigil.watchdog", "vigil.purge-history");
        Map<String, Object> watchdog = types.stream().filter(t -> t.get("id").equals("vigil.watchdog")).findFirst()
                .orElseThrow();
        assertThat(watchdog)
                .containsEntry("module", "vigil-core")
                .containsEntry("title", "Watchdog")
                .containsEntry("defaultSchedule", "cron quartz default 0 * * * * ?")
                .containsEntry("enabledByDefault", true)
                .containsEntry("usable", true)
                .containsEntry("disabledReason", null)
                .containsKeys("description", "defaultScheduleDescription", "parameters", "requiredServices");
        assertThat(root.get("discoveryProblems")).isEqualTo(List.of());
    }

    @Test
    void tableShowsEveryJobTypeInAlignedColumns() {
        CliRun run = CliRun.of("jobs");

        assertThat(run.status()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines.get(0)).startsWith("ID").contains("MODULE", "TITLE", "DEFAULT SCHEDULE", "WHEN", "ENABLED");
        String watchdog = lines.stream().filter(l -> l.startsWith("vigil.watchdog ")).findFirst().orElseThrow();
        String purge = lines.stream().filter(l -> l.startsWith("vigil.purge-history ")).findFirst().orElseThrow();
        int module = lines.get(0).indexOf("MODULE");
        int schedule = lines.get(0).indexOf("DEFAULT SCHEDULE");
        assertThat(watchdog.indexOf("vigil-core")).isEqualTo(module);
        assertThat(purge.indexOf("vigil-core")).isEqualTo(module);
        assertThat(watchdog.indexOf("cron quartz default 0 * * * * ?")).isEqualTo(schedule);
        assertThat(watchdog).contains("Every minute").endsWith("yes");
        assertThat(lines).last().asString().endsWith("job type(s)");
    }

    @Test
    void demoJobsAreNotDiscovered() {
        assertThat(CliRun.of("jobs").out()).doesNotContain("demo.");
    }
}
