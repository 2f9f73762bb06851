package dev.vigil.jobs.cert.tlsprobe;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for one probe of one endpoint.
 *
 * @param connectTimeout longest wait for the TCP connection; positive, at most {@link #MAX_TIMEOUT}
 * @param readTimeout longest wait for the server's whole answer to each thing the probe sends (its
 *     first flight after the ClientHello, its heartbeat response); a patched Heartbleed server costs
 *     this much, because it answers a malformed heartbeat with silence; positive, at most
 *     {@link #MAX_TIMEOUT}
 * @param maxBytes most bytes read from the server in one probe; more is an {@link ProbeOutcome#ERROR};
 *     from {@link #MIN_BYTES} to {@link #MAX_BYTES}
 */
public record ProbeSettings(Duration connectTimeout, Duration readTimeout, int maxBytes) {
    /** Longest timeout accepted. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    /** Smallest byte cap accepted. */
    public static final int MIN_BYTES = 1024;
    /** Largest byte cap accepted. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final ProbeSettings DEFAULTS = new ProbeSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
            64 * 1024);

    /** Validates the limits. */
    public ProbeSettings {
        checkTimeout(connectTimeout, "connectTimeout");
        checkTimeout(readTimeout, "readTimeout");
        if (maxBytes < MIN_BYTES || maxBytes > MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be from " + MIN_BYTES + " to " + MAX_BYTES
                    + ", got " + maxBytes);
        }
    }

    private static void checkTimeout(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most " + MAX_TIMEOUT
                    + ", got " + value);
        }
        if (value.toMillis() == 0) {
            throw new IllegalArgumentException(name + " must be at least one millisecond, got " + value);
        }
    }

    /** @return 5 s to connect, 5 s to answer, 64 KiB read per probe */
    public static ProbeSettings defaults() {
        return DEFAULTS;
    }

    /** @return these settings with another connect timeout @throws IllegalArgumentException if out of range */
    public ProbeSettings withConnectTimeout(Duration value) {
        return new ProbeSettings(value, readTimeout, maxBytes);
    }

    /** @return these settings with another read timeout @throws IllegalArgumentException if out of range */
    public ProbeSettings withReadTimeout(Duration value) {
        return new ProbeSettings(connectTimeout, value, maxBytes);
    }

    /** @return these settings with another byte cap @throws IllegalArgumentException if out of range */
    public ProbeSettings withMaxBytes(int value) {
        return new ProbeSettings(connectTimeout, readTimeout, value);
    }
}
