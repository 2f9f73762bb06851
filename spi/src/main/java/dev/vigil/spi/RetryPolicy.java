package dev.vigil.spi;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * How a failed run is retried. Each retry is a new run (origin {@code RETRY}) due after an
 * exponential backoff: {@code initialDelay × multiplier^(attempt-1)}, capped at {@code maxDelay},
 * then spread by {@code ±jitter} so that a fleet does not retry in one instant.
 *
 * @param maxAttempts attempts in all, counting the first; 1 means no retry
 * @param initialDelay the delay before the first retry; positive
 * @param multiplier how much each delay grows; at least 1
 * @param maxDelay the largest delay; at least {@code initialDelay}
 * @param jitter the fraction by which a delay is spread, 0 to 1
 * @param retryOn which run outcomes are retried; not empty unless {@code maxAttempts} is 1
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay,
                          double jitter, Set<RetryOn> retryOn) {

    /** Which outcomes of a run lead to a retry. */
    public enum RetryOn {
        /** The job threw an exception or returned {@code FAILED}. */
        FAILED,
        /** The run passed its timeout. */
        TIMED_OUT,
        /** The node running it stopped heartbeating and the watchdog ended it. */
        ABANDONED
    }

    /** Validates the values. */
    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(retryOn, "retryOn");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive, was " + initialDelay);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than initialDelay " + initialDelay);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
    }

    /** @return a policy that never retries */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), 0.0, Set.of());
    }

    /**
     * Exponential backoff doubling from {@code initialDelay} up to {@code maxDelay}, 20 % jitter,
     * retrying failures, timeouts and abandoned runs.
     *
     * @param maxAttempts attempts in all, counting the first
     * @param initialDelay the first retry's delay
     * @param maxDelay the longest delay
     * @return the policy
     */
    public static RetryPolicy exponential(int maxAttempts, Duration initialDelay, Duration maxDelay) {
        return new RetryPolicy(maxAttempts, initialDelay, 2.0, maxDelay, 0.2, EnumSet.allOf(RetryOn.class));
    }

    /**
     * @param outcome what the run ended with
     * @param attempt the attempt that ended (1 for the first)
     * @return whether a further attempt is due
     */
    public boolean shouldRetry(RetryOn outcome, int attempt) {
        return attempt < maxAttempts && retryOn.contains(outcome);
    }

    /**
     * The delay before the attempt that follows {@code attempt}.
     *
     * @param attempt the attempt that failed (1 for the first)
     * @param random a source of uniform numbers in [0, 1)
     * @return the delay, jitter applied, never negative
     */
    public Duration delayAfter(int attempt, DoubleSupplier random) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, (double) maxDelay.toMillis());
        double spread = capped * jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(0L, Math.round(capped + spread)));
    }

    /** @return a text form such as {@code 3 PT10S x2.0 PT5M ~0.2 FAILED,TIMED_OUT} */
    public String toText() {
        StringBuilder on = new StringBuilder();
        for (RetryOn r : RetryOn.values()) {
            if (retryOn.contains(r)) {
                on.append(on.length() == 0 ? "" : ",").append(r.name());
            }
        }
        return maxAttempts + " " + initialDelay + " x" + multiplier + " " + maxDelay + " ~" + jitter + " "
                + (on.length() == 0 ? "-" : on);
    }

    /**
     * @param text as produced by {@link #toText()}
     * @return the policy
     * @throws IllegalArgumentException if the text is not a policy
     */
    public static RetryPolicy parse(String text) {
        String[] w = text.trim().split("\\s+");
        if (w.length != 6 || !w[2].startsWith("x") || !w[4].startsWith("~")) {
            throw new IllegalArgumentException("Retry policy '" + text
                    + "' is not 'ATTEMPTS INITIAL xMULTIPLIER MAX ~JITTER ON' such as '3 PT10S x2.0 PT5M ~0.2 FAILED'");
        }
        Set<RetryOn> on = EnumSet.noneOf(RetryOn.class);
        if (!w[5].equals("-")) {
            for (String s : w[5].split(",")) {
                on.add(RetryOn.valueOf(s.toUpperCase(Locale.ROOT)));
            }
        }
        return new RetryPolicy(Integer.parseInt(w[0]), Duration.parse(w[1]), Double.parseDouble(w[2].substring(1)),
                Duration.parse(w[3]), Double.parseDouble(w[4].substring(1)), on);
    }
}
