package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void readsShortAndIsoDurations() {
        assertThat(Arguments.parseDuration("30s")).contains(Duration.ofSeconds(30));
        assertThat(Arguments.parseDuration("2m")).contains(Duration.ofMinutes(2));
        assertThat(Arguments.parseDuration("500ms")).contains(Duration.ofMillis(500));
        assertThat(Arguments.parseDuration("1h")).contains(Duration.ofHours(1));
        assertThat(Arguments.parseDuration("PT30S")).contains(Duration.ofSeconds(30));
        assertThat(Arguments.parseDuration("pt1m30s")).contains(Duration.ofSeconds(90));
    }

    @Test
    void rejectsDurationsWithoutAUnitOrWithAnUnknownOne() {
        assertThat(Arguments.parseDuration("30")).isEmpty();
        assertThat(Arguments.parseDuration("30d")).isEmpty();
        assertThat(Arguments.parseDuration("-5s")).isEmpty();
        assertThat(Arguments.parseDuration("P")).isEmpty();
        assertThat(Arguments.parseDuration("99999999999999999999s")).isEmpty();
    }

    @Test
    void readsOptionsWithASpaceOrAnEqualsSignAndFlags() {
        Arguments args = Arguments.parse("x", List.of("a", "--count", "3", "--zone=UTC", "--json", "b"),
                Set.of("json"), Set.of("count", "zone"));

        assertThat(args.positional()).containsExactly("a", "b");
        assertThat(args.intOption("count", 10, 1, 5)).isEqualTo(3);
        assertThat(args.option("zone")).isEqualTo(Optional.of("UTC"));
        assertThat(args.flag("json")).isTrue();
    }

    @Test
    void doubleDashEndsTheOptions() {
        Arguments args = Arguments.parse("x", List.of("--", "--json"), Set.of("json"), Set.of());

        assertThat(args.positional()).containsExactly("--json");
        assertThat(args.flag("json")).isFalse();
    }

    @Test
    void rejectsRepeatedOptionsAndFlagsWithValues() {
        assertThatThrownBy(() -> Arguments.parse("x", List.of("--count", "1", "--count", "2"), Set.of(), Set.of("count")))
                .isInstanceOf(UsageException.class).hasMessage("x: --count is given twice");
        assertThatThrownBy(() -> Arguments.parse("x", List.of("--json=yes"), Set.of("json"), Set.of()))
                .isInstanceOf(UsageException.class).hasMessage("x: --json takes no value");
    }

    @Test
    void repeatableOptionKeepsEveryValueInOrder() {
        Arguments args = Arguments.parse("x", List.of("--crl", "a.crl", "p", "--crl=b.crl"), Set.of(), Set.of(),
                Set.of("crl"));

        assertThat(args.options("crl")).containsExactly("a.crl", "b.crl");
        assertThat(args.options("other")).isEmpty();
        assertThat(args.positional()).containsExactly("p");
    }
}
