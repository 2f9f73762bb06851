package dev.vigil.spi;

import java.time.Instant;
import java.util.Objects;

/** When an {@link Schedule.Interval} ends. */
public sealed interface IntervalEnd permits IntervalEnd.Never, IntervalEnd.AfterOccurrences, IntervalEnd.At {

    /** @return an end that never comes */
    static Never never() {
        return Never.INSTANCE;
    }

    /**
     * @param occurrences how many occurrences in all, counting the start; at least 1
     * @return an end after that many occurrences
     */
    static AfterOccurrences after(long occurrences) {
        return new AfterOccurrences(occurrences);
    }

    /**
     * @param instant the last instant an occurrence may fall on (inclusive); not null
     * @return an end at that instant
     */
    static At at(Instant instant) {
        return new At(instant);
    }

    /** @return {@code never}, {@code after N} or {@code at INSTANT} */
    String toText();

    /**
     * @param text {@code never}, {@code after N} or {@code at INSTANT}
     * @return the end
     * @throws InvalidScheduleException if the text is none of those
     */
    static IntervalEnd parse(String text) {
        String[] w = text.trim().split("\\s+");
        if (w.length == 1 && w[0].equals("never")) {
            return never();
        }
        if (w.length == 2 && w[0].equals("after")) {
            try {
                return after(Long.parseLong(w[1]));
            } catch (NumberFormatException e) {
                throw new InvalidScheduleException("Occurrence count '" + w[1] + "' is not a whole number");
            }
        }
        if (w.length == 2 && w[0].equals("at")) {
            try {
                return at(Instant.parse(w[1]));
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidScheduleException("Interval end '" + w[1]
                        + "' is not an ISO-8601 instant such as 2027-01-01T00:00:00Z", e);
            }
        }
        throw new InvalidScheduleException("Interval end '" + text + "' is not 'never', 'after N' or 'at INSTANT'");
    }

    /** The schedule goes on for ever. */
    final class Never implements IntervalEnd {
        static final Never INSTANCE = new Never();

        private Never() {
        }

        @Override
        public String toText() {
            return "never";
        }

        @Override
        public String toString() {
            return toText();
        }
    }

    /**
     * The schedule ends after a number of occurrences, counting the start.
     *
     * @param occurrences at least 1
     */
    record AfterOccurrences(long occurrences) implements IntervalEnd {
        /** Validates the count. */
        public AfterOccurrences {
            if (occurrences < 1) {
                throw new InvalidScheduleException("An interval must end after at least 1 occurrence, was " + occurrences);
            }
        }

        @Override
        public String toText() {
            return "after " + occurrences;
        }
    }

    /**
     * The schedule ends at an instant; an occurrence exactly at it still fires.
     *
     * @param instant not null
     */
    record At(Instant instant) implements IntervalEnd {
        /** Validates that the instant is present. */
        public At {
            Objects.requireNonNull(instant, "instant");
        }

        @Override
        public String toText() {
            return "at " + instant;
        }
    }
}
