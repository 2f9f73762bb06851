package dev.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.JobPolicies;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunState;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.store.RunQuery;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SPI values every definition goes through, checked against the regular expressions they replace. */
class DefinitionValuesTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void cronExpressionWhitespaceIsNormalizedAsTheRegularExpressionDid() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "0 *?\t\n\u000B\f\r\u0001/";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder("5");
            int n = random.nextInt(12);
            for (int j = 0; j < n; j++) {
                text.insert(random.nextInt(text.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String expected = text.toString().trim().replaceAll("\\s+", " ");
            assertThat(Schedule.cron(text.toString()).expression()).as("'%s'", text).isEqualTo(expected);
        }
    }

    @Test
    void aNormalCronExpressionIsKeptAsItIs() {
        String expression = "0 30 10 * * ?";

        assertThat(Schedule.cron(expression).expression()).isSameAs(expression);
        assertThat(Schedule.cron(" 0  30\t10 * * ? ").expression()).isEqualTo(expression);
        assertThatThrownBy(() -> Schedule.cron(" \t ")).hasMessageContaining("blank");
    }

    @Test
    void definitionIdsAreCheckedAsTheRegularExpressionDid() {
        Pattern id = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.:-]*");
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "aZ09_.:-/ é\u0000";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int n = random.nextInt(6);
            for (int j = 0; j < n; j++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            boolean valid = id.matcher(candidate).matches();
            if (valid) {
                assertThat(definition(candidate).id()).isEqualTo(candidate);
            } else {
                assertThatThrownBy(() -> definition(candidate)).as("'%s'", candidate)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("Definition id '" + candidate + "' must match " + id.pattern()
                                + " and be at most 200 characters");
            }
        }
        assertThat(definition("a".repeat(200)).id()).hasSize(200);
        assertThatThrownBy(() -> definition("a".repeat(201))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runQueryStepsKeepTheirFiltersAndCopyAMutableSet() {
        RunQuery q = RunQuery.forDefinition("scan-1").states(RunState.QUEUED, RunState.RUNNING)
                .origins(RunOrigin.SCHEDULED).childrenOf(7).before(99).limit(5);

        assertThat(q).isEqualTo(new RunQuery("scan-1", null, Set.of(RunState.RUNNING, RunState.QUEUED),
                Set.of(RunOrigin.SCHEDULED), 7L, 99, 5));
        EnumSet<RunState> mutable = EnumSet.of(RunState.FAILED);
        RunQuery copied = new RunQuery(null, null, mutable, Set.of(), null, 0, 10);
        mutable.add(RunState.SUCCEEDED);
        assertThat(copied.states()).containsExactly(RunState.FAILED);
        assertThatThrownBy(() -> copied.states().add(RunState.SKIPPED)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(RunQuery.all().limit()).isEqualTo(100);
    }

    private static JobDefinition definition(String id) {
        return new JobDefinition(id, "test.scan", Schedule.manual(), Map.of(), true, JobPolicies.defaults(), null, T0);
    }
}
