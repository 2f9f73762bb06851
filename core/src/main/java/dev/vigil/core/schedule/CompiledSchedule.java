package dev.vigil.core.schedule;

import dev.vigil.spi.Schedule;
import java.time.Instant;
import java.util.Optional;

/**
 * The compiled, immutable, thread-safe form of a {@link Schedule}: it answers when the schedule
 * fires next. Obtain one from {@link Schedules#compile(Schedule, java.time.ZoneId)}.
 */
public interface CompiledSchedule {

    /**
     * @param after the instant to look after; not null
     * @return the next fire instant strictly after {@code after}, or empty when the schedule fires
     *     no more
     * @throws NullPointerException if {@code after} is null
     */
    Optional<Instant> nextAfter(Instant after);

    /**
     * @return an English description for people, e.g. "At 02:00" for a cron expression,
     *     "every 15 minutes from 2026-01-01T00:00:00Z until 2027-01-01T00:00:00Z" for an interval,
     *     "once at 2026-12-24T18:00:00Z", "manually triggered only"; never null
     */
    String describe();

    /** @return the schedule this was compiled from; never null */
    Schedule schedule();
}
