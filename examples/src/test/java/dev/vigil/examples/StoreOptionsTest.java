package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the store from the command line, and keeping the password out of everything printed. */
class StoreOptionsTest {
    private static final String PASSWORD = "correct-horse-battery";

    private static StoreOptions parse(Map<String, String> env, String... words) {
        Arguments args = Arguments.parse("demo", List.of(words), Set.of(), StoreOptions.NAMES);
        return StoreOptions.from("demo", args, env);
    }

    @Test
    void defaultIsAnH2DatabaseInVigilDataUnderTheWorkingDirectory() {
        StoreOptions options = parse(Map.of());

        Path expected = Path.of("vigil-data").toAbsolutePath().normalize();
        assertThat(options.dataFolder()).contains(expected);
        assertThat(options.url()).isEqualTo("jdbc:h2:file:" + expected.resolve("vigil") + ";AUTO_SERVER=TRUE");
        assertThat(options.description()).isEqualTo("H2 database in " + expected);
    }

    @Test
    void jdbcUrlReplacesTheDataFolder() {
        StoreOptions options = parse(Map.of(), "--jdbc-url", "jdbc:postgresql://db:5432/vigil", "--jdbc-user", "vigil",
                "--table-prefix", "acme_");

        assertThat(options.dataFolder()).isEmpty();
        assertThat(options.url()).isEqualTo("jdbc:postgresql://db:5432/vigil");
        assertThat(options.user()).isEqualTo("vigil");
        assertThat(options.tablePrefix()).contains("acme_");
        assertThat(options.description()).isEqualTo("jdbc:postgresql://db:5432/vigil as vigil, tables acme_*");
    }

    @Test
    void passwordComesFromTheOptionOrElseTheEnvironment() {
        Map<String, String> env = Map.of(StoreOptions.PASSWORD_VARIABLE, "from-env");

        assertThat(parse(env, "--jdbc-url", "jdbc:postgresql://db/vigil").password()).isEqualTo("from-env");
        assertThat(parse(env, "--jdbc-url", "jdbc:postgresql://db/vigil", "--jdbc-password", PASSWORD).password())
                .isEqualTo(PASSWORD);
        assertThat(parse(Map.of(), "--jdbc-url", "jdbc:postgresql://db/vigil").password()).isNull();
    }

    @Test
    void descriptionAndRedactedMessagesNeverHoldThePassword() {
        StoreOptions options = parse(Map.of(), "--jdbc-url", "jdbc:postgresql://db/vigil?user=me&password=url-secret",
                "--jdbc-password", PASSWORD);

        assertThat(options.description()).isEqualTo("jdbc:postgresql://db/vigil?user=me&password=***");
        assertThat(options.redact("FATAL: no login for me with " + PASSWORD + " at jdbc:h2:mem:x;PASSWORD=abc;X=1"))
                .isEqualTo("FATAL: no login for me with *** at jdbc:h2:mem:x;PASSWORD=***;X=1");
    }

    @Test
    void rejectsContradictingOrIncompleteOptions() {
        assertThatThrownBy(() -> parse(Map.of(), "--data", "d", "--jdbc-url", "jdbc:postgresql://db/vigil"))
                .isInstanceOf(UsageException.class).hasMessageContaining("either --data DIR");
        assertThatThrownBy(() -> parse(Map.of(), "--jdbc-user", "me"))
                .isInstanceOf(UsageException.class).hasMessage("demo: --jdbc-user goes with --jdbc-url; without it the"
                        + " store is the H2 database in --data DIR");
        assertThatThrownBy(() -> parse(Map.of(), "--jdbc-password", PASSWORD))
                .isInstanceOf(UsageException.class).hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> parse(Map.of(), "--data", "a;b"))
                .isInstanceOf(UsageException.class).hasMessageContaining("must not contain ';'");
    }

    @Test
    void rejectsADatabaseTheStoreDoesNotSupportWithoutShowingItsPassword() {
        assertThatThrownBy(() -> parse(Map.of(), "--jdbc-url", "jdbc:mysql://db/vigil?password=" + PASSWORD))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("must be a PostgreSQL URL")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void unreachableDatabaseFailsWithStatusOneAndNeverPrintsThePassword() {
        CliRun run = CliRun.withEnvironment(Map.of(StoreOptions.PASSWORD_VARIABLE, PASSWORD), "demo", "--duration", "1s",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/vigil?connectTimeout=5&password=url-secret",
                "--jdbc-user", "vigil");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("vigil demo: ")
                .endsWith(" (store: jdbc:postgresql://127.0.0.1:1/vigil?connectTimeout=5&password=*** as vigil)");
        assertThat(run.out() + run.err()).doesNotContain(PASSWORD).doesNotContain("url-secret");
    }

    @Test
    void malformedTablePrefixIsAUsageError(@TempDir Path data) {
        CliRun run = CliRun.of("runs", "--data", data.toString(), "--table-prefix", "Acme-");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("vigil runs: --table-prefix 'Acme-': ");
    }

    @Test
    void dataThatIsAFileIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "not a folder");

        CliRun run = CliRun.of("demo", "--duration", "1s", "--data", file.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("is a file");
    }

    @Test
    void tablePrefixKeepsTwoHostsApartInOneDatabase(@TempDir Path data) {
        CliRun.of("demo", "--duration", "1s", "--data", data.toString(), "--table-prefix", "one_");

        CliRun one = CliRun.of("runs", "--data", data.toString(), "--table-prefix", "one_");
        CliRun two = CliRun.of("runs", "--data", data.toString(), "--table-prefix", "two_");

        assertThat(one.status()).as(one.err()).isZero();
        assertThat(one.outLines().get(0)).startsWith("RUN ");
        assertThat(two.status()).as(two.err()).isZero();
        assertThat(two.outLines()).containsExactly("No runs in the store (H2 database in " + data.toAbsolutePath()
                + ", tables two_*).");
    }
}
