package dev.vigil.spi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When a job definition fires. One of four forms:
 *
 * <ul>
 *   <li>{@link Cron} — a cron expression in a dialect and a time zone;
 *   <li>{@link Interval} — every N units from a start, ending never, after N occurrences, or at an
 *       instant;
 *   <li>{@link Once} — a single instant;
 *   <li>{@link Manual} — never by itself; only triggered.
 * </ul>
 *
 * <p>Every schedule has a stable text form ({@link #toText()}, {@link #parse(String)}) used in
 * storage and on the command line:
 *
 * <pre>
 * cron quartz default 0 20 0/5 * * ?
 * cron unix Europe/Berlin 30 2 * * *
 * every 15 minutes from 2026-01-01T00:00:00Z zone default end never
 * every 1 months from 2026-01-31T09:00:00Z zone Europe/Berlin end after 12
 * every 2 days from 2026-01-01T06:00:00Z zone UTC end at 2027-01-01T00:00:00Z
 * once 2026-12-24T18:00:00Z
 * manual
 * </pre>
 *
 * <p>{@code default} stands for the engine's time zone (the zone of its {@link java.time.Clock}).
 * Construction checks structure only; a cron expression's fields are validated by the engine when
 * the schedule is defined.
 */
public sealed interface Schedule permits Schedule.Cron, Schedule.Interval, Schedule.Once, Schedule.Manual {

    /** The text used for "the engine's zone" in the text form. */
    String DEFAULT_ZONE = "default";

    /**
     * A Quartz cron expression in the engine's zone.
     *
     * @param expression e.g. {@code 0 20 0/5 * * ?}; not null or blank
     * @return the schedule
     */
    static Cron cron(String expression) {
        return new Cron(expression, CronDialect.QUARTZ, null);
    }

    /**
     * @param expression the expression in the given dialect; not null or blank
     * @param dialect the dialect; not null
     * @param zone the zone the expression is read in, or null for the engine's zone
     * @return the schedule
     */
    static Cron cron(String expression, CronDialect dialect, ZoneId zone) {
        return new Cron(expression, dialect, zone);
    }

    /**
     * Starts an interval schedule: {@code Schedule.every(15, IntervalUnit.MINUTES).from(start)}.
     *
     * @param step how many units between occurrences; at least 1
     * @param unit the unit; not null
     * @return a builder that needs a start
     */
    static IntervalBuilder every(long step, IntervalUnit unit) {
        return new IntervalBuilder(step, unit);
    }

    /**
     * @param at the instant to fire at; not null
     * @return a schedule that fires once
     */
    static Once once(Instant at) {
        return new Once(at);
    }

    /** @return a schedule that never fires by itself */
    static Manual manual() {
        return Manual.INSTANCE;
    }

    /** @return the stable text form, accepted by {@link #parse(String)} */
    String toText();

    /**
     * Parses the text form described on this interface.
     *
     * @param text the text form; not null
     * @return the schedule
     * @throws InvalidScheduleException if the text is not a schedule, naming the part that is wrong
     */
    static Schedule parse(String text) {
        return ScheduleText.parse(text);
    }

    /**
     * A cron expression.
     *
     * @param expression the expression, trimmed, fields separated by single spaces; not blank
     * @param dialect its dialect; not null
     * @param zone the zone it is read in; null means the engine's zone
     */
    record Cron(String expression, CronDialect dialect, ZoneId zone) implements Schedule {
        /** Validates structure: the expression is not blank. */
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(dialect, "dialect");
            expression = ScheduleText.normalizeSpaces(expression);
            if (expression.isEmpty()) {
                throw new InvalidScheduleException("A cron expression must not be blank");
            }
        }

        /** @return the zone, or empty for the engine's zone */
        public Optional<ZoneId> zoneIfSet() {
            return Optional.ofNullable(zone);
        }

        @Override
        public String toText() {
            return "cron " + dialect.name().toLowerCase(Locale.ROOT) + " "
                    + (zone == null ? DEFAULT_ZONE : zone.getId()) + " " + expression;
        }

        @Override
        public String toString() {
            return toText();
        }
    }

    /**
     * Every {@code step} {@code unit}s from {@code start}, until {@code end}. The first occurrence
     * is {@code start} itself. Calendar units (days and longer) step in {@code zone} and are
     * anchored to the start: occurrence k is start + k × step, not the previous occurrence + step,
     * so a month step from January 31 gives February 28 (or 29) and then March 31.
     *
     * @param step units between occurrences; at least 1
     * @param unit the unit; not null
     * @param start the first occurrence; not null
     * @param zone the zone calendar steps are taken in; null means the engine's zone
     * @param end when the schedule ends; not null
     */
    record Interval(long step, IntervalUnit unit, Instant start, ZoneId zone, IntervalEnd end) implements Schedule {
        /** Validates the step and the end. */
        public Interval {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (step < 1) {
                throw new InvalidScheduleException("An interval step must be at least 1, was " + step);
            }
            if (end instanceof IntervalEnd.At at && at.instant().isBefore(start)) {
                throw new InvalidScheduleException(
                        "An interval must not end (" + at.instant() + ") before it starts (" + start + ")");
            }
        }

        /**
         * @param newEnd when the schedule ends
         * @return a copy with that end
         */
        public Interval until(IntervalEnd newEnd) {
            return new Interval(step, unit, start, zone, newEnd);
        }

        /**
         * @param newZone the zone calendar steps are taken in; null for the engine's zone
         * @return a copy in that zone
         */
        public Interval inZone(ZoneId newZone) {
            return new Interval(step, unit, start, newZone, end);
        }

        @Override
        public String toText() {
            return "every " + step + " " + unit.name().toLowerCase(Locale.ROOT) + " from " + start
                    + " zone " + (zone == null ? DEFAULT_ZONE : zone.getId()) + " end " + end.toText();
        }

        @Override
        public String toString() {
            return toText();
        }
    }

    /**
     * Fires once.
     *
     * @param at the instant; not null
     */
    record Once(Instant at) implements Schedule {
        /** Validates that the instant is present. */
        public Once {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toText() {
            return "once " + at;
        }

        @Override
        public String toString() {
            return toText();
        }
    }

    /** Never fires by itself; runs only when triggered. */
    final class Manual implements Schedule {
        static final Manual INSTANCE = new Manual();

        private Manual() {
        }

        @Override
        public String toText() {
            return "manual";
        }

        @Override
        public String toString() {
            return toText();
        }
    }

    /** The second step of {@link Schedule#every(long, IntervalUnit)}. */
    final class IntervalBuilder {
        private final long step;
        private final IntervalUnit unit;

        private IntervalBuilder(long step, IntervalUnit unit) {
            this.step = step;
            this.unit = Objects.requireNonNull(unit, "unit");
        }

        /**
         * @param start the first occurrence; not null
         * @return an interval in the engine's zone that never ends; refine it with
         *     {@link Interval#until(IntervalEnd)} and {@link Interval#inZone(ZoneId)}
         */
        public Interval from(Instant start) {
            return new Interval(step, unit, start, null, IntervalEnd.never());
        }
    }
}

/** The parser of the text form; package-private so the format stays one class's business. */
final class ScheduleText {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private ScheduleText() {
    }

    /**
     * @return {@code text.trim()} with every run of whitespace replaced by one space; the same
     *     string when it is already so, as a cron expression usually is
     */
    static String normalizeSpaces(String text) {
        int n = text.length();
        boolean normal = n > 0 && text.charAt(0) > ' ' && text.charAt(n - 1) > ' ';
        for (int i = 0; normal && i < n; i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                normal = !isRegexSpace(text.charAt(i + 1));
            } else if (isRegexSpace(c)) {
                normal = false;
            }
        }
        return normal ? text : WHITESPACE.matcher(text.trim()).replaceAll(" ");
    }

    /** The characters of the regex class {@code \s}. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    static Schedule parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        String[] words = WHITESPACE.split(t);
        try {
            switch (words[0].toLowerCase(Locale.ROOT)) {
                case "manual":
                    expectLength(words, 1, t);
                    return Schedule.manual();
                case "once":
                    expectLength(words, 2, t);
                    return Schedule.once(Instant.parse(words[1]));
                case "cron": {
                    if (words.length < 4) {
                        throw new InvalidScheduleException(
                                "Expected 'cron DIALECT ZONE EXPRESSION' but got '" + t + "'");
                    }
                    CronDialect dialect = parseDialect(words[1]);
                    ZoneId zone = parseZone(words[2]);
                    String expression = String.join(" ", java.util.Arrays.copyOfRange(words, 3, words.length));
                    return Schedule.cron(expression, dialect, zone);
                }
                case "every":
                    return parseInterval(words, t);
                default:
                    throw new InvalidScheduleException("Unknown schedule '" + t
                            + "': expected one starting with cron, every, once or manual");
            }
        } catch (DateTimeParseException e) {
            throw new InvalidScheduleException("Bad instant in schedule '" + t + "': " + e.getParsedString()
                    + " is not an ISO-8601 instant such as 2026-01-01T00:00:00Z", e);
        }
    }

    private static Schedule parseInterval(String[] w, String t) {
        // every N UNIT from INSTANT zone ZONE end (never | after N | at INSTANT)
        if (w.length < 9 || !w[3].equalsIgnoreCase("from") || !w[5].equalsIgnoreCase("zone")
                || !w[7].equalsIgnoreCase("end")) {
            throw new InvalidScheduleException("Expected 'every N UNIT from INSTANT zone ZONE end never|after N|at INSTANT'"
                    + " but got '" + t + "'");
        }
        long step;
        try {
            step = Long.parseLong(w[1]);
        } catch (NumberFormatException e) {
            throw new InvalidScheduleException("Interval step '" + w[1] + "' is not a whole number in '" + t + "'");
        }
        IntervalUnit unit;
        try {
            unit = IntervalUnit.valueOf(w[2].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("Interval unit '" + w[2]
                    + "' is not one of minutes, hours, days, weeks, months, years");
        }
        Instant start = Instant.parse(w[4]);
        ZoneId zone = parseZone(w[6]);
        IntervalEnd end = IntervalEnd.parse(String.join(" ", java.util.Arrays.copyOfRange(w, 8, w.length)));
        return new Schedule.Interval(step, unit, start, zone, end);
    }

    private static void expectLength(String[] words, int n, String t) {
        if (words.length != n) {
            throw new InvalidScheduleException("Unexpected words in schedule '" + t + "'");
        }
    }

    private static CronDialect parseDialect(String s) {
        try {
            return CronDialect.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("Cron dialect '" + s + "' is not one of quartz, unix, spring");
        }
    }

    static ZoneId parseZone(String s) {
        if (s.equals(Schedule.DEFAULT_ZONE)) {
            return null;
        }
        try {
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("Time zone '" + s + "' is not a zone id such as Europe/Berlin or UTC", e);
        }
    }
}
