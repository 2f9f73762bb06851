package dev.vigil.core.schedule;

import dev.vigil.spi.Schedule;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Fires once, at its instant. */
final class OnceSchedule implements CompiledSchedule {
    private final Schedule.Once schedule;

    OnceSchedule(Schedule.Once schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        Objects.requireNonNull(after, "after");
        return schedule.at().isAfter(after) ? Optional.of(schedule.at()) : Optional.empty();
    }

    @Override
    public String describe() {
        return "once at " + schedule.at();
    }

    @Override
    public Schedule.Once schedule() {
        return schedule;
    }

    @Override
    public String toString() {
        return "OnceSchedule[" + schedule.at() + "]";
    }
}
