package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void printsUsageOnStderrAndExitsTwoWithoutArguments() {
        CliRun run = CliRun.of();

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Usage: vigil COMMAND").contains("jobs", "cron", "demo", "runs");
    }

    @Test
    void printsUsageOnStdoutForHelp() {
        for (String help : new String[] {"--help", "-h", "help"}) {
            CliRun run = CliRun.of(help);

            assertThat(run.status()).isZero();
            assertThat(run.out()).startsWith("Usage: vigil COMMAND").contains("--data DIR", "--jdbc-url URL")
                    .doesNotContain("in memory");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void printsUsageForHelpAfterACommand() {
        CliRun run = CliRun.of("cron", "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("cron EXPR [--dialect quartz|unix|spring]");
    }

    @Test
    void rejectsAnUnknownCommandWithStatusTwoAndOneLineOnStderr() {
        CliRun run = CliRun.of("frobnicate");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().contains("unknown command 'frobnicate'");
    }

    @Test
    void rejectsAnUnknownOptionWithStatusTwoAndOneLineOnStderr() {
        CliRun run = CliRun.of("jobs", "--yaml");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly("vigil jobs: unknown option --yaml (see 'vigil --help')");
    }

    @Test
    void rejectsAnOptionWithoutItsValue() {
        CliRun run = CliRun.of("cron", "0 0 2 * * ?", "--count");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("vigil cron: --count needs a value");
    }

    @Test
    void rejectsAnUnexpectedArgument() {
        CliRun run = CliRun.of("runs", "everything");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("unexpected argument 'everything'");
    }
}
