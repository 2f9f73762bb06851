package dev.vigil.examples;

import dev.vigil.core.schedule.CronSchedule;
import dev.vigil.spi.CronDialect;
import dev.vigil.spi.InvalidScheduleException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code vigil cron EXPR [--dialect D] [--zone Z] [--from INSTANT] [--count N]}: the next fire
 * times of a cron expression, one per line, as {@link java.time.OffsetDateTime} prints them in the
 * zone. Nothing else goes to stdout, so a script can read it; an invalid expression is one line on
 * stderr naming the field, and exit status 2.
 */
final class CronCommand {
    private CronCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err, Clock clock) {
        Arguments args = Arguments.parse("cron", words, Set.of(), Set.of("dialect", "zone", "from", "count"));
        if (args.positional().isEmpty()) {
            throw new UsageException("cron: needs an expression, e.g. vigil cron \"0 30 2 * * ?\"");
        }
        // The fields may come as one quoted argument or as several; options never look like a field.
        String expression = String.join(" ", args.positional());
        CronDialect dialect = dialect(args.option("dialect"));
        ZoneId zone = args.zoneOption("zone", clock.getZone());
        Instant from = args.instantOption("from", clock.instant());
        int count = args.intOption("count", 10, 1, 10_000);

        CronSchedule schedule;
        try {
            schedule = CronSchedule.compile(expression, dialect, zone);
        } catch (InvalidScheduleException e) {
            err.println("vigil cron: " + Main.oneLine(e.getMessage()));
            return Main.EXIT_USAGE;
        }
        Instant t = from;
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = schedule.nextAfter(t);
            if (next.isEmpty()) {
                break;
            }
            t = next.get();
            out.println(t.atZone(zone).toOffsetDateTime());
        }
        return Main.EXIT_OK;
    }

    private static CronDialect dialect(Optional<String> text) {
        if (text.isEmpty()) {
            return CronDialect.QUARTZ;
        }
        try {
            return CronDialect.valueOf(text.get().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("cron: --dialect '" + text.get() + "' is not one of quartz, unix, spring");
        }
    }
}
