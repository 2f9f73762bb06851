package dev.vigil.core.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A zone's offsets as flat arrays, and Vigil's daylight-saving policy for turning a wall-clock
 * time into an instant, shared by cron and calendar-interval schedules:
 * <ul>
 *   <li>a time inside a gap (clocks jump forward) happens at the first instant after the gap, the
 *       transition instant; several times inside one gap collapse to that instant;
 *   <li>a time inside an overlap (clocks fall back) happens at its first occurrence, the earlier
 *       offset. Whether a cron expression fires again in the second pass is its own decision,
 *       made with {@link #overlapAt(long)}.
 * </ul>
 *
 * <p>The transitions of 1900-2400 are read once per zone into sorted arrays, so that a lookup is
 * a binary search without allocation (the JDK's {@code ZoneRules} computes rule-based years on
 * the fly and boxes the year for its cache). Outside that range, or for a zone whose transitions
 * come too close together for the arrays, the lookups go to {@code ZoneRules} directly.
 * Wall-clock times are "local epoch seconds": seconds since 1970-01-01T00:00 read as UTC.
 *
 * <p>Immutable and thread-safe; instances are shared per zone.
 */
final class ZoneTimeline {
    private static final ConcurrentMap<ZoneId, ZoneTimeline> TIMELINES = new ConcurrentHashMap<>();
    private static final long TABLE_START = LocalDate.of(1900, 1, 1).toEpochDay() * 86_400;
    private static final long TABLE_END = LocalDate.of(2400, 1, 1).toEpochDay() * 86_400;
    /** More than any offset, so that a wall-clock time this far inside the table is covered. */
    private static final long MARGIN = 2 * 86_400;
    /** With many transitions, lookups start from a per-bucket index; a bucket is 2^22 s (48.5 days). */
    private static final int BUCKET_SHIFT = 22;
    private static final int BUCKETS_FROM_TRANSITIONS = 64;

    /** The repeated wall-clock times of one fall-back transition. */
    record Overlap(long startLocal, long endLocal, int laterOffset) {
    }

    private final ZoneRules rules;
    private final boolean fixed;
    private final int fixedOffset;
    /** Null when the table is not used (fixed offset or irregular transitions). */
    private final long[] instants;
    private final int[] offsetsBefore;
    private final int[] offsetsAfter;
    /** Per transition: the wall-clock window that is skipped or repeated, [low, high). */
    private final long[] localLow;
    private final long[] localHigh;
    private final Overlap[] overlaps;
    /**
     * Per bucket: the index of the last transition (or window) starting at or before the bucket;
     * null when there are few transitions.
     */
    private final int[] instantBuckets;
    private final int[] localBuckets;

    private ZoneTimeline(ZoneRules rules) {
        this.rules = rules;
        this.fixed = rules.isFixedOffset();
        this.fixedOffset = fixed ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : 0;
        List<ZoneOffsetTransition> transitions = fixed ? List.of() : transitions(rules);
        int n = transitions.size();
        long[] at = new long[n];
        int[] before = new int[n];
        int[] after = new int[n];
        long[] low = new long[n];
        long[] high = new long[n];
        Overlap[] repeated = new Overlap[n];
        boolean regular = !fixed && n > 0;
        for (int i = 0; i < n; i++) {
            ZoneOffsetTransition t = transitions.get(i);
            at[i] = t.toEpochSecond();
            before[i] = t.getOffsetBefore().getTotalSeconds();
            after[i] = t.getOffsetAfter().getTotalSeconds();
            low[i] = at[i] + Math.min(before[i], after[i]);
            high[i] = at[i] + Math.max(before[i], after[i]);
            if (t.isOverlap()) {
                repeated[i] = new Overlap(low[i], high[i], after[i]);
            }
            if (i > 0 && low[i] < high[i - 1]) {
                regular = false; // windows touch: leave this zone to ZoneRules
            }
        }
        this.instants = regular ? at : null;
        this.offsetsBefore = before;
        this.offsetsAfter = after;
        this.localLow = low;
        this.localHigh = high;
        this.overlaps = repeated;
        boolean bucketed = regular && n >= BUCKETS_FROM_TRANSITIONS;
        this.instantBuckets = bucketed ? buckets(at) : null;
        this.localBuckets = bucketed ? buckets(low) : null;
    }

    private static int[] buckets(long[] sorted) {
        int[] buckets = new int[(int) ((TABLE_END - TABLE_START) >>> BUCKET_SHIFT) + 1];
        for (int b = 0; b < buckets.length; b++) {
            buckets[b] = lastAtOrBefore(sorted, TABLE_START + ((long) b << BUCKET_SHIFT));
        }
        return buckets;
    }

    /** @return the index of the last element {@code <= key}, or -1; {@code key} is inside the table */
    private static int lastAtOrBefore(long[] sorted, int[] buckets, long key) {
        if (buckets == null) {
            return lastAtOrBefore(sorted, key);
        }
        int i = buckets[(int) ((key - TABLE_START) >>> BUCKET_SHIFT)];
        while (i + 1 < sorted.length && sorted[i + 1] <= key) {
            i++;
        }
        return i;
    }

    /** @return the timeline of {@code zone}, shared */
    static ZoneTimeline of(ZoneId zone) {
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            return new ZoneTimeline(rules);
        }
        return TIMELINES.computeIfAbsent(zone, z -> new ZoneTimeline(rules));
    }

    private static List<ZoneOffsetTransition> transitions(ZoneRules rules) {
        List<ZoneOffsetTransition> list = new ArrayList<>();
        ZoneOffsetTransition t = rules.nextTransition(Instant.ofEpochSecond(TABLE_START));
        while (t != null && t.toEpochSecond() < TABLE_END) {
            list.add(t);
            t = rules.nextTransition(t.getInstant());
        }
        return list;
    }

    boolean isFixedOffset() {
        return fixed;
    }

    /** @return the offset in force at an epoch second, in seconds */
    int offsetAt(long epochSecond) {
        if (fixed) {
            return fixedOffset;
        }
        if (instants == null || epochSecond < TABLE_START || epochSecond >= TABLE_END) {
            return rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        }
        int i = lastAtOrBefore(instants, instantBuckets, epochSecond);
        return i < 0 ? offsetsBefore[0] : offsetsAfter[i];
    }

    /**
     * @param local a wall-clock time in local epoch seconds
     * @return the epoch second it happens at under Vigil's policy: its only occurrence, the
     *     transition instant if it falls in a gap, or its first occurrence if it falls in an overlap
     */
    long firstInstant(long local) {
        if (fixed) {
            return local - fixedOffset;
        }
        if (!covers(local)) {
            return firstInstantByRules(local);
        }
        int i = lastAtOrBefore(localLow, localBuckets, local);
        if (i < 0) {
            return local - offsetsBefore[0];
        }
        if (local < localHigh[i]) {
            return overlaps[i] == null ? instants[i] : local - offsetsBefore[i];
        }
        return local - offsetsAfter[i];
    }

    /** @return the overlap whose repeated wall-clock times include {@code local}, or null */
    Overlap overlapAt(long local) {
        if (fixed) {
            return null;
        }
        if (!covers(local)) {
            ZoneOffsetTransition t = rules.getTransition(LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC));
            if (t == null || !t.isOverlap()) {
                return null;
            }
            return new Overlap(t.getDateTimeAfter().toEpochSecond(ZoneOffset.UTC),
                    t.getDateTimeBefore().toEpochSecond(ZoneOffset.UTC), t.getOffsetAfter().getTotalSeconds());
        }
        int i = lastAtOrBefore(localLow, localBuckets, local);
        return i >= 0 && local < localHigh[i] ? overlaps[i] : null;
    }

    private boolean covers(long local) {
        return instants != null && local >= TABLE_START + MARGIN && local < TABLE_END - MARGIN;
    }

    private long firstInstantByRules(long local) {
        LocalDateTime dateTime = LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC);
        List<ZoneOffset> offsets = rules.getValidOffsets(dateTime);
        if (offsets.size() == 1) {
            return local - offsets.get(0).getTotalSeconds();
        }
        ZoneOffsetTransition transition = rules.getTransition(dateTime);
        return transition.isGap() ? transition.toEpochSecond() : local - transition.getOffsetBefore().getTotalSeconds();
    }

    /** @return the index of the last element {@code <= key}, or -1 */
    private static int lastAtOrBefore(long[] sorted, long key) {
        int low = 0;
        int high = sorted.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= key) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high;
    }
}
