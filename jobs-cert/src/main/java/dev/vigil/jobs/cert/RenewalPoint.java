package dev.vigil.jobs.cert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * When a certificate's renewal is due. The plain point is its notAfter minus the connector's
 * threshold in days, if the connector sets one, else two thirds into its lifetime. The due point is
 * the plain point moved earlier by a jitter taken from the SHA-256 of the certificate's id: up to
 * 5 % of the lifetime and at most 24 hours, the same for one certificate in every run and node, so
 * that a fleet issued in one minute is not renewed in one minute, and never later than the plain point.
 */
final class RenewalPoint {
    static final Duration MAX_JITTER = Duration.ofHours(24);

    private RenewalPoint() {
    }

    /**
     * @param certificateId the inventory id, whose hash gives the jitter
     * @param notBefore the certificate's notBefore
     * @param notAfter its notAfter
     * @param thresholdDays days before notAfter, if the connector sets them
     * @return when its renewal is due, jitter applied
     */
    static Instant due(String certificateId, Instant notBefore, Instant notAfter, OptionalInt thresholdDays) {
        Duration lifetime = lifetime(notBefore, notAfter);
        return plain(notBefore, notAfter, thresholdDays).minus(jitter(certificateId, lifetime));
    }

    /** @return the point before jitter */
    static Instant plain(Instant notBefore, Instant notAfter, OptionalInt thresholdDays) {
        if (thresholdDays.isPresent()) {
            return notAfter.minus(Duration.ofDays(thresholdDays.getAsInt()));
        }
        return notBefore.plus(lifetime(notBefore, notAfter).multipliedBy(2).dividedBy(3));
    }

    /** @return the jitter for this id and lifetime: 0 up to min(5 % of the lifetime, 24 h), in milliseconds */
    static Duration jitter(String certificateId, Duration lifetime) {
        long bound = Math.min(lifetime.dividedBy(20).toMillis(), MAX_JITTER.toMillis());
        if (bound <= 0) {
            return Duration.ZERO;
        }
        byte[] hash = sha256(certificateId);
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = value << 8 | (hash[i] & 0xFF);
        }
        return Duration.ofMillis(Long.remainderUnsigned(value, bound + 1));
    }

    private static Duration lifetime(Instant notBefore, Instant notAfter) {
        Duration lifetime = Duration.between(notBefore, notAfter);
        return lifetime.isNegative() ? Duration.ZERO : lifetime;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
