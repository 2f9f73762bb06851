package dev.vigil.core.schedule;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Vigil's daylight-saving policy for turning a wall-clock time into an instant, shared by cron and
 * calendar-interval schedules.
 *
 * <ul>
 *   <li>A time inside a gap (clocks jump forward) happens at the first instant after the gap, the
 *       transition instant: a daily 02:30 job runs at 03:00 on the spring-forward day, never
 *       skipped, and several times inside one gap collapse to that one instant.
 *   <li>A time inside an overlap (clocks fall back) happens at its first occurrence, the earlier
 *       offset. Whether a cron expression fires again in the second pass is the caller's decision.
 * </ul>
 */
final class WallClock {
    private WallClock() {
    }

    /**
     * @param rules the zone's rules
     * @param local wall-clock time as local epoch seconds (seconds since 1970-01-01T00:00 read as UTC)
     * @return the epoch second it happens at under the policy above
     */
    static long firstInstant(ZoneRules rules, long local) {
        return firstInstant(rules, LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC));
    }

    /**
     * @param rules the zone's rules
     * @param local a wall-clock time; its nanoseconds are ignored
     * @return the epoch second it happens at under the policy above
     */
    static long firstInstant(ZoneRules rules, LocalDateTime local) {
        long seconds = local.toEpochSecond(ZoneOffset.UTC);
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.size() == 1) {
            return seconds - offsets.get(0).getTotalSeconds();
        }
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (transition.isGap()) {
            return transition.toEpochSecond();
        }
        return seconds - transition.getOffsetBefore().getTotalSeconds();
    }

    /** @return the wall-clock time as local epoch seconds */
    static long localSeconds(LocalDateTime local) {
        return local.toEpochSecond(ZoneOffset.UTC);
    }

    /** @return the overlap transition whose repeated wall-clock times include {@code local}, or null */
    static ZoneOffsetTransition overlapAt(ZoneRules rules, long local) {
        ZoneOffsetTransition transition = rules.getTransition(LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC));
        return transition != null && transition.isOverlap() ? transition : null;
    }
}
