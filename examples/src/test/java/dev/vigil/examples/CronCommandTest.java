package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CronCommandTest {

    @Test
    void dailyJobFiresAtThreeOnTheSpringForwardDayAndAtTwoThirtyAfter() {
        CliRun run = CliRun.of("cron", "0 30 2 * * ?", "--zone", "Europe/Berlin", "--from", "2027-03-27T12:00:00Z",
                "--count", "3");

        assertThat(run.status()).isZero();
        assertThat(run.outLines()).containsExactly(
                "2027-03-28T03:00+02:00",
                "2027-03-29T02:30+02:00",
                "2027-03-30T02:30+02:00");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void fixedHourFiresOnceAndStarHourFiresInBothPassesWhenClocksFallBack() {
        CliRun fixed = CliRun.of("cron", "0 30 2 * * ?", "--zone", "Europe/Berlin", "--from", "2027-10-30T12:00:00Z",
                "--count", "2");
        CliRun everyHalfHour = CliRun.of("cron", "0 0/30 * * * ?", "--zone", "Europe/Berlin",
                "--from", "2027-10-30T23:50:00Z", "--count", "5");

        assertThat(fixed.outLines()).containsExactly("2027-10-31T02:30+02:00", "2027-11-01T02:30+01:00");
        assertThat(everyHalfHour.outLines()).containsExactly(
                "2027-10-31T02:00+02:00",
                "2027-10-31T02:30+02:00",
                "2027-10-31T02:00+01:00",
                "2027-10-31T02:30+01:00",
                "2027-10-31T03:00+01:00");
    }

    @Test
    void invalidMinutesFieldExitsTwoWithOneLineNamingTheField() {
        CliRun run = CliRun.of("cron", "0 61 * * * ?");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("vigil cron: ")
                .contains("minutes")
                .contains("61");
    }

    @Test
    void wrongNumberOfFieldsForTheDialectExitsTwo() {
        CliRun run = CliRun.of("cron", "30 2 * * *");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString().contains("quartz");
    }

    @Test
    void unixDialectReadsFiveFieldsWithoutSeconds() {
        CliRun run = CliRun.of("cron", "30 2 * * 1-5", "--dialect", "unix", "--zone", "UTC",
                "--from", "2027-01-01T00:00:00Z", "--count", "3");

        assertThat(run.status()).isZero();
        // 2027-01-01 is a Friday: then Monday and Tuesday.
        assertThat(run.outLines()).containsExactly("2027-01-01T02:30Z", "2027-01-04T02:30Z", "2027-01-05T02:30Z");
    }

    @Test
    void springDialectCountsSundayAsZero() {
        CliRun run = CliRun.of("cron", "0 0 9 * * 0", "--dialect=spring", "--zone=UTC",
                "--from=2027-01-01T00:00:00Z", "--count=1");

        assertThat(run.outLines()).containsExactly("2027-01-03T09:00Z");
    }

    @Test
    void acceptsTheFieldsAsSeparateArguments() {
        CliRun run = CliRun.of("cron", "0", "30", "2", "*", "*", "?", "--zone", "Europe/Berlin",
                "--from", "2027-03-27T12:00:00Z", "--count", "1");

        assertThat(run.status()).isZero();
        assertThat(run.outLines()).containsExactly("2027-03-28T03:00+02:00");
    }

    @Test
    void fireTimesAreStrictlyAfterFrom() {
        CliRun run = CliRun.of("cron", "0 0 2 * * ?", "--zone", "UTC", "--from", "2027-01-01T02:00:00Z",
                "--count", "1");

        assertThat(run.outLines()).containsExactly("2027-01-02T02:00Z");
    }

    @Test
    void printsTenFireTimesAndNothingElseByDefault() {
        CliRun run = CliRun.of("cron", "0 */15 * * * ?", "--zone", "Asia/Kolkata");

        assertThat(run.status()).isZero();
        assertThat(run.outLines()).hasSize(10).allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d\\+05:30"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void rejectsAnUnknownDialectZoneOrInstantWithStatusTwo() {
        assertThat(CliRun.of("cron", "0 0 2 * * ?", "--dialect", "vixie").errLines()).singleElement().asString()
                .contains("not one of quartz, unix, spring");
        assertThat(CliRun.of("cron", "0 0 2 * * ?", "--zone", "Mars/Olympus").status()).isEqualTo(2);
        assertThat(CliRun.of("cron", "0 0 2 * * ?", "--from", "yesterday").status()).isEqualTo(2);
        assertThat(CliRun.of("cron", "0 0 2 * * ?", "--count", "0").status()).isEqualTo(2);
        assertThat(CliRun.of("cron").errLines()).singleElement().asString().contains("needs an expression");
    }
}
