package dev.vigil.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The run policies of a job type's defaults or of one definition.
 *
 * @param concurrency what happens when runs of one definition meet; not null
 * @param misfire what happens with missed fires; not null
 * @param retry how failures are retried; not null
 * @param timeout how long a run may take; {@link Duration#ZERO} means no limit; not negative
 */
public record JobPolicies(ConcurrencyPolicy concurrency, MisfirePolicy misfire, RetryPolicy retry, Duration timeout) {

    /** No timeout. */
    public static final Duration NO_TIMEOUT = Duration.ZERO;

    /** Validates the values. */
    public JobPolicies {
        Objects.requireNonNull(concurrency, "concurrency");
        Objects.requireNonNull(misfire, "misfire");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
    }

    /** @return {@code SKIP_IF_RUNNING}, {@code FIRE_ONCE}, no retry, no timeout */
    public static JobPolicies defaults() {
        return new JobPolicies(ConcurrencyPolicy.SKIP_IF_RUNNING, MisfirePolicy.fireOnce(), RetryPolicy.none(), NO_TIMEOUT);
    }

    /** @param value the concurrency policy @return a copy with it */
    public JobPolicies withConcurrency(ConcurrencyPolicy value) {
        return new JobPolicies(value, misfire, retry, timeout);
    }

    /** @param value the misfire policy @return a copy with it */
    public JobPolicies withMisfire(MisfirePolicy value) {
        return new JobPolicies(concurrency, value, retry, timeout);
    }

    /** @param value the retry policy @return a copy with it */
    public JobPolicies withRetry(RetryPolicy value) {
        return new JobPolicies(concurrency, misfire, value, timeout);
    }

    /** @param value the timeout, {@link Duration#ZERO} for none @return a copy with it */
    public JobPolicies withTimeout(Duration value) {
        return new JobPolicies(concurrency, misfire, retry, value);
    }

    /** @return whether runs have a time limit */
    public boolean hasTimeout() {
        return !timeout.isZero();
    }
}
