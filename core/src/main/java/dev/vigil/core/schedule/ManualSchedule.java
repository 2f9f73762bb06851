package dev.vigil.core.schedule;

import dev.vigil.spi.Schedule;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Never fires by itself; runs happen only when triggered. */
final class ManualSchedule implements CompiledSchedule {
    static final ManualSchedule INSTANCE = new ManualSchedule();

    private ManualSchedule() {
    }

    @Override
    public Optional<Instant> nextAfter(Instant after) {
        Objects.requireNonNull(after, "after");
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "manually triggered only";
    }

    @Override
    public Schedule.Manual schedule() {
        return Schedule.manual();
    }

    @Override
    public String toString() {
        return "ManualSchedule";
    }
}
