package dev.vigil.core;

import dev.vigil.core.schedule.CompiledSchedule;
import dev.vigil.core.schedule.Schedules;
import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.MisfirePolicy;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.VigilListener;
import dev.vigil.spi.store.NewRun;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a definition's schedule into its next scheduled run, applying the misfire policy when that
 * fire is already late. Compiled schedules are cached per engine, keyed by the schedule value
 * itself (records compare by their fields), so a lookup builds no text.
 */
final class SchedulePlanner {

    /** The most missed fires walked one by one before jumping close to now. */
    private static final int WALK_LIMIT = 100_000;

    private final ZoneId zone;
    private final VigilListener listener;
    private final Map<Schedule, CompiledSchedule> compiled = new ConcurrentHashMap<>();

    SchedulePlanner(ZoneId zone, VigilListener listener) {
        this.zone = zone;
        this.listener = listener;
    }

    /** Validates and compiles; throws InvalidScheduleException. */
    CompiledSchedule compile(Schedule schedule) {
        CompiledSchedule c = compiled.get(schedule);
        if (c == null) {
            c = Schedules.compile(schedule, zone);
            if (compiled.size() < 100_000) {
                compiled.put(schedule, c);
            }
        }
        return c;
    }

    /**
     * The scheduled run that follows {@code after} (a fire time already handled, or the anchor),
     * or empty when the schedule has no further fire. A fire later than the misfire threshold is
     * resolved by the policy.
     */
    Optional<NewRun> nextRun(JobDefinition d, Instant after, Instant now) {
        if (!d.enabled() || d.schedule() instanceof Schedule.Manual) {
            return Optional.empty();
        }
        CompiledSchedule schedule = compile(d.schedule());
        // Fires at or after the anchor count; "after" is a fire already handled.
        Instant floor = d.scheduleAnchor().minusNanos(1);
        Instant from = after.isBefore(floor) ? floor : after;
        Optional<Instant> next = schedule.nextAfter(from);
        if (next.isEmpty()) {
            return Optional.empty();
        }
        MisfirePolicy policy = d.policies().misfire();
        if (!isLate(next.get(), now, policy)) {
            return Optional.of(run(d, RunOrigin.SCHEDULED, next.get(), next.get()));
        }
        Misfire m = resolve(schedule, policy, next.get(), now);
        listener.misfire(d.id(), next.get(), m.missed, policy);
        if (m.runAt != null) {
            return Optional.of(run(d, RunOrigin.MISFIRE, m.runAt, now));
        }
        return m.nextFuture == null ? Optional.empty() : Optional.of(run(d, RunOrigin.SCHEDULED, m.nextFuture, m.nextFuture));
    }

    static boolean isLate(Instant fire, Instant now, MisfirePolicy policy) {
        return Duration.between(fire, now).compareTo(policy.threshold()) > 0;
    }

    /**
     * What to do about fires from {@code firstMissed} up to {@code now}.
     *
     * @return a fire time to run as the one standing for the missed ones (null when the policy
     *     skips them), the first fire after now, and how many were missed
     */
    Misfire resolve(CompiledSchedule schedule, MisfirePolicy policy, Instant firstMissed, Instant now) {
        int keep = policy.kind() == MisfirePolicy.Kind.CATCH_UP ? policy.maxCatchUp() : 1;
        ArrayDeque<Instant> last = new ArrayDeque<>(Math.min(keep, 1024));
        long missed = 0;
        boolean jumped = false;
        Instant f = firstMissed;
        while (f != null && !f.isAfter(now)) {
            missed++;
            if (last.size() == keep) {
                last.removeFirst();
            }
            last.addLast(f);
            if (missed % WALK_LIMIT == 0 && !jumped) {
                // Too many to walk (a per-second schedule missed for days): jump to the last hour.
                jumped = true;
                Instant near = schedule.nextAfter(now.minus(Duration.ofHours(1))).orElse(null);
                if (near != null && near.isAfter(f)) {
                    f = near;
                    continue;
                }
            }
            f = schedule.nextAfter(f).orElse(null);
        }
        Instant runAt = switch (policy.kind()) {
            case FIRE_ONCE -> last.peekLast();
            case CATCH_UP -> last.peekFirst();
            case SKIP -> null;
        };
        return new Misfire(runAt, f, missed);
    }

    /** The outcome of {@link #resolve}. */
    record Misfire(Instant runAt, Instant nextFuture, long missed) {
    }

    private static NewRun run(JobDefinition d, RunOrigin origin, Instant scheduled, Instant due) {
        return new NewRun(d.id(), d.jobType(), origin, null, 1, scheduled, due, d.mutexKey(),
                d.policies().concurrency(), d.policies().timeout(), d.parameters());
    }
}
