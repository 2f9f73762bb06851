package dev.vigil.spi;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What the engine does with scheduled fires it missed — because it was down, or because no worker
 * was free — once they are later than {@code threshold}. A fire less late than the threshold simply
 * runs late.
 *
 * @param kind the policy
 * @param maxCatchUp for {@link Kind#CATCH_UP}, the most missed fires to run (at least 1); 0 otherwise
 * @param threshold how late a fire may be and still count as on time; not negative
 */
public record MisfirePolicy(Kind kind, int maxCatchUp, Duration threshold) {

    /** The default lateness threshold: 60 seconds. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(60);

    /** The kinds of misfire handling. */
    public enum Kind {
        /** Run once for all missed fires, then continue with the next fire in the future. The default. */
        FIRE_ONCE,
        /** Run none of the missed fires; continue with the next fire in the future. */
        SKIP,
        /** Run the most recent {@code maxCatchUp} missed fires one after another, then continue. */
        CATCH_UP
    }

    /** Validates the combination. */
    public MisfirePolicy {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("Misfire threshold must not be negative, was " + threshold);
        }
        if (kind == Kind.CATCH_UP && maxCatchUp < 1) {
            throw new IllegalArgumentException("CATCH_UP needs a maximum of at least 1, was " + maxCatchUp);
        }
        if (kind != Kind.CATCH_UP && maxCatchUp != 0) {
            throw new IllegalArgumentException(kind + " takes no catch-up maximum, was " + maxCatchUp);
        }
    }

    /** @return {@code FIRE_ONCE} with the default threshold */
    public static MisfirePolicy fireOnce() {
        return new MisfirePolicy(Kind.FIRE_ONCE, 0, DEFAULT_THRESHOLD);
    }

    /** @return {@code SKIP} with the default threshold */
    public static MisfirePolicy skip() {
        return new MisfirePolicy(Kind.SKIP, 0, DEFAULT_THRESHOLD);
    }

    /**
     * @param max the most missed fires to run; at least 1
     * @return {@code CATCH_UP(max)} with the default threshold
     */
    public static MisfirePolicy catchUp(int max) {
        return new MisfirePolicy(Kind.CATCH_UP, max, DEFAULT_THRESHOLD);
    }

    /**
     * @param newThreshold how late a fire may be and still count as on time
     * @return a copy with that threshold
     */
    public MisfirePolicy withThreshold(Duration newThreshold) {
        return new MisfirePolicy(kind, maxCatchUp, newThreshold);
    }

    /** @return {@code FIRE_ONCE}, {@code SKIP} or {@code CATCH_UP(n)}, followed by {@code /PT60S} */
    public String toText() {
        return (kind == Kind.CATCH_UP ? "CATCH_UP(" + maxCatchUp + ")" : kind.name()) + "/" + threshold;
    }

    /**
     * @param text as produced by {@link #toText()}; the {@code /threshold} part is optional
     * @return the policy
     * @throws IllegalArgumentException if the text is not a policy
     */
    public static MisfirePolicy parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        Duration threshold = DEFAULT_THRESHOLD;
        int slash = t.indexOf('/');
        if (slash >= 0) {
            threshold = Duration.parse(t.substring(slash + 1));
            t = t.substring(0, slash);
        }
        if (t.startsWith("CATCH_UP(") && t.endsWith(")")) {
            return new MisfirePolicy(Kind.CATCH_UP, Integer.parseInt(t.substring(9, t.length() - 1)), threshold);
        }
        try {
            return new MisfirePolicy(Kind.valueOf(t), 0, threshold);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Misfire policy '" + text
                    + "' is not FIRE_ONCE, SKIP or CATCH_UP(n), optionally followed by /DURATION", e);
        }
    }
}
