package dev.vigil.jobs.cert.ct;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One CT log from the log list.
 *
 * @param operator the name of the organisation running it; not blank
 * @param description its description, e.g. {@code Google 'Argon2026h1' log}; not blank
 * @param logId the base64 SHA-256 of its key, as the list and SCTs name it; not null
 * @param publicKey the key it signs SCTs with (EC or RSA); not null
 * @param state its current state; not null
 * @param stateSince when it entered that state; not null
 * @param temporalInterval the expiry dates of the certificates it accepts, or empty when it accepts any
 * @param previousOperators who ran it before {@code operator}, oldest first; empty for most logs
 */
public record CtLog(String operator, String description, String logId, PublicKey publicKey, CtLogState state,
        Instant stateSince, Optional<TemporalInterval> temporalInterval, List<PreviousOperator> previousOperators) {

    /** Checks that every value is present and that {@code logId} is the SHA-256 of the key. */
    public CtLog {
        requireText(operator, "operator");
        requireText(description, "description");
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateSince, "stateSince");
        Objects.requireNonNull(temporalInterval, "temporalInterval");
        previousOperators = previousOperators.stream().sorted(Comparator.comparing(PreviousOperator::endTime)).toList();
        String expected = idOf(publicKey);
        if (!expected.equals(logId)) {
            throw new IllegalArgumentException("log '" + description + "': log_id " + logId
                    + " is not the SHA-256 of its key, which is " + expected);
        }
    }

    /** @return the log id as the 32 bytes an SCT carries */
    public byte[] logIdBytes() {
        return Base64.getDecoder().decode(logId);
    }

    /** A log without previous operators. */
    public CtLog(String operator, String description, String logId, PublicKey publicKey, CtLogState state,
            Instant stateSince, Optional<TemporalInterval> temporalInterval) {
        this(operator, description, logId, publicKey, state, stateSince, temporalInterval, List.of());
    }

    /**
     * @return the operator that ran the log when it issued an SCT at {@code timestamp}: the earliest previous
     *         operator whose end time is after it, else the current operator
     */
    public String operatorAt(Instant timestamp) {
        for (PreviousOperator previous : previousOperators) {
            if (timestamp.isBefore(previous.endTime())) {
                return previous.name();
            }
        }
        return operator;
    }

    /**
     * @return whether the log's shard accepts a certificate expiring at {@code notAfter}; always true when
     *         the log has no temporal interval
     */
    public boolean acceptsExpiry(Instant notAfter) {
        return temporalInterval.map(i -> i.contains(notAfter)).orElse(true);
    }

    static String idOf(PublicKey key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /**
     * An operator that ran the log before the current one.
     *
     * @param name its name; not blank
     * @param endTime the last instant it ran the log; not null
     */
    public record PreviousOperator(String name, Instant endTime) {
        /** Checks that the values are present. */
        public PreviousOperator {
            requireText(name, "name");
            Objects.requireNonNull(endTime, "endTime");
        }
    }

    /**
     * The expiry dates a sharded log accepts: certificates whose notAfter is at or after the start and
     * before the end.
     *
     * @param startInclusive not null
     * @param endExclusive not null, after the start
     */
    public record TemporalInterval(Instant startInclusive, Instant endExclusive) {
        /** Checks that the interval is not empty. */
        public TemporalInterval {
            Objects.requireNonNull(startInclusive, "startInclusive");
            Objects.requireNonNull(endExclusive, "endExclusive");
            if (!endExclusive.isAfter(startInclusive)) {
                throw new IllegalArgumentException("temporal interval end " + endExclusive + " is not after its start "
                        + startInclusive);
            }
        }

        /** @return whether {@code instant} lies in the interval */
        public boolean contains(Instant instant) {
            return !instant.isBefore(startInclusive) && instant.isBefore(endExclusive);
        }
    }
}
