package dev.vigil.core.schedule;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.CronDialect;
import dev.vigil.spi.InvalidScheduleException;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid expressions are rejected when compiled, with the field, the value and what is allowed. */
class CronValidationTest {

    private static void compile(String expression, CronDialect dialect) {
        CronSchedule.compile(expression, dialect, ZoneOffset.UTC);
    }

    @Test
    void outOfRangeValueNamesFieldValueAndRange() {
        assertThatThrownBy(() -> compile("0 61 * * * ?", CronDialect.QUARTZ))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("Invalid cron expression '0 61 * * * ?' (quartz): minutes field value 61 is outside 0-59");
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "60 0 0 * * ?        | QUARTZ | seconds field value 60 is outside 0-59",
        "0 0 24 * * ?        | QUARTZ | hours field value 24 is outside 0-23",
        "0 0 0 32 * ?        | QUARTZ | day-of-month field value 32 is outside 1-31",
        "0 0 0 ? 13 *        | QUARTZ | month field value 13 is outside 1-12",
        "0 0 0 ? * 8         | QUARTZ | day-of-week field value 8 is outside 1-7",
        "0 0 0 ? * 0         | QUARTZ | day-of-week field value 0 is outside 1-7",
        "0 0 0 1 1 ? 2300    | QUARTZ | year field value 2300 is outside 1970-2299",
        "0 0 0 1 1 ? 1969    | QUARTZ | year field value 1969 is outside 1970-2299",
        "0 0 0 * * 8         | SPRING | day-of-week field value 8 is outside 0-7",
        "0 0 32 * *          | UNIX   | day-of-month field value 32 is outside 1-31",
    })
    void outOfRangeValuesInEveryField(String expression, CronDialect dialect, String detail) {
        assertThatThrownBy(() -> compile(expression.trim(), dialect))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("Invalid cron expression '" + expression.trim() + "' ("
                        + dialect.name().toLowerCase(java.util.Locale.ROOT) + "): " + detail);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "0 0/60 * * * ?      | QUARTZ | minutes field step 60 in '0/60' is outside 1-59",
        "0 0 0 */0 * ?       | QUARTZ | day-of-month field step 0 in '*/0' is outside 1-31",
        "0 0 * * *           | QUARTZ | expected 6 or 7 fields (seconds minutes hours day-of-month month day-of-week [year]) but found 5",
        "0 0 0 * * * *       | SPRING | expected 6 fields (seconds minutes hours day-of-month month day-of-week) but found 7",
        "0 0 0 * * ?         | UNIX   | expected 5 fields (minutes hours day-of-month month day-of-week) but found 6",
        "0 0 0 * * *         | QUARTZ | day-of-month '*' and day-of-week '*': Quartz needs '?' in exactly one of them",
        "0 0 0 ? * ?         | QUARTZ | day-of-month '?' and day-of-week '?': Quartz needs '?' in exactly one of them",
        "0 0 0 ? * MON#6     | QUARTZ | day-of-week field 'MON#6' needs a number 1-5 after '#'",
        "0 0 0 ? * FOO       | QUARTZ | day-of-week field 'FOO' contains 'FOO', which is not allowed here; allowed: 1-7 (1 = Sunday) or SUN-SAT",
        "0 0 0 L-31 * ?      | QUARTZ | day-of-month field 'L-31' offsets the last day by more than 30 days",
        "0 0 0 5L * ?        | QUARTZ | day-of-month field '5L' puts a day before 'L'",
        "0 0 0 1-L * ?       | QUARTZ | day-of-month field '1-L' has a range bound that is not a number or a name",
        "0 0 0 ? * MON,6L    | QUARTZ | day-of-week field 'MON,6L' mixes 'nL' or 'n#k' with other days",
        "0 0 0 ? * 2#1,3#2   | QUARTZ | day-of-week field '2#1,3#2' mixes 'nL' or 'n#k' with other days",
        "0 0 0 1 1 ? 2030-2020 | QUARTZ | year field '2030-2020' is a range that runs backwards (2030-2020)",
        "0 0 22-2 * * *      | SPRING | hours field '22-2' is a range that runs backwards (22-2); spring ranges go from low to high",
        "0 0 0 * * FRI-MON   | SPRING | day-of-week field 'FRI-MON' is a range that runs backwards",
        "0 0 0 * * L         | SPRING | day-of-week field 'L' needs a day before 'L', e.g. 5L for the last Friday",
        "0 0 ? * *           | UNIX   | day-of-month field '?' is not a valid day-of-month value; allowed: 1-31 with * , - /",
        "0 0 L * *           | UNIX   | day-of-month field 'L'",
        "0 0 0 1,,2 * ?      | QUARTZ | day-of-month field '1,,2' has an empty list entry",
        "0 0 0 5x * ?        | QUARTZ | day-of-month field '5x' contains 'X', which is not allowed here",
        "@reboot             | UNIX   | unknown macro '@reboot'; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly",
    })
    void invalidSyntaxSaysWhatIsWrong(String expression, CronDialect dialect, String detail) {
        assertThatThrownBy(() -> compile(expression.trim(), dialect))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageStartingWith("Invalid cron expression '" + expression.trim() + "' ("
                        + dialect.name().toLowerCase(java.util.Locale.ROOT) + "): ")
                .hasMessageContaining(detail);
    }

    @Test
    void severalExpressionsInOneAreRejected() {
        assertThatThrownBy(() -> compile("0 0 1 * * ? || 0 0 2 * * ?", CronDialect.QUARTZ))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("'|' (several expressions in one) is not supported");
    }

    @Test
    void blankExpressionIsRejectedByTheSchedule() {
        assertThatThrownBy(() -> compile("  ", CronDialect.QUARTZ))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("must not be blank");
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "0 0 0 ? * 1-7/3         | QUARTZ",
        "0 0 0 LW,15W,L-2 * ?    | QUARTZ",
        "0 0 0 ? * sun           | QUARTZ",
        "0 0 0 1 1 ? 1970-2299   | QUARTZ",
        "0 0 0 * * 0-7           | SPRING",
        "0 0 0 ? * ?             | SPRING",
        "0 0 0 * * MON#2,FRI#1,5L | SPRING",
        "@DAILY                  | QUARTZ",
        "0 0 * * 0-7             | UNIX",
        "0 0 1-31/2 jan-dec mon-fri | UNIX",
    })
    void acceptsEverythingItsDialectAccepts(String expression, CronDialect dialect) {
        assertThatCode(() -> compile(expression.trim(), dialect)).doesNotThrowAnyException();
    }
}
