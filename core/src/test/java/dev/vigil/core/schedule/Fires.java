package dev.vigil.core.schedule;

import dev.vigil.spi.CronDialect;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lists fire times the way a test reads them best: wall-clock time with its offset. */
final class Fires {
    private Fires() {
    }

    /**
     * @return up to {@code count} fire times strictly after {@code after}, as offset date-times in
     *     the schedule's zone, e.g. {@code 2026-03-29T03:00+02:00}
     */
    static List<String> of(String expression, CronDialect dialect, String zone, String after, int count) {
        CronSchedule schedule = CronSchedule.compile(expression, dialect, ZoneId.of(zone));
        return of(schedule, ZoneId.of(zone), Instant.parse(after), count);
    }

    static List<String> quartz(String expression, String zone, String after, int count) {
        return of(expression, CronDialect.QUARTZ, zone, after, count);
    }

    static List<String> of(CompiledSchedule schedule, ZoneId zone, Instant after, int count) {
        List<String> fires = new ArrayList<>();
        Instant t = after;
        for (int i = 0; i < count; i++) {
            Optional<Instant> next = schedule.nextAfter(t);
            if (next.isEmpty()) {
                break;
            }
            t = next.get();
            fires.add(t.atZone(zone).toOffsetDateTime().toString());
        }
        return fires;
    }
}
