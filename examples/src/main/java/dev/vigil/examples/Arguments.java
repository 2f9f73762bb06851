package dev.vigil.examples;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command's arguments: positional words, flags such as {@code --json} and options with a value
 * such as {@code --count 3} or {@code --count=3}. Each command says which flags and options it
 * takes; anything else is a {@link UsageException}. {@code --} ends the options: every word after
 * it is positional.
 */
final class Arguments {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final String command;
    private final List<String> positional;
    private final Set<String> flags;
    private final Map<String, String> options;
    private final Map<String, List<String>> repeated;

    private Arguments(String command, List<String> positional, Set<String> flags, Map<String, String> options,
            Map<String, List<String>> repeated) {
        this.command = command;
        this.positional = List.copyOf(positional);
        this.flags = Set.copyOf(flags);
        this.options = Map.copyOf(options);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        repeated.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.repeated = Map.copyOf(copy);
    }

    /**
     * @param command the command's name, for messages
     * @param words the words after the command
     * @param flagNames the flags it takes, without {@code --}
     * @param optionNames the options with a value it takes, without {@code --}
     * @return the parsed arguments
     * @throws UsageException for an unknown option, a flag given a value, an option without one, or
     *     an option given twice
     */
    static Arguments parse(String command, List<String> words, Set<String> flagNames, Set<String> optionNames) {
        return parse(command, words, flagNames, optionNames, Set.of());
    }

    /**
     * @param command the command's name, for messages
     * @param words the words after the command
     * @param flagNames the flags it takes, without {@code --}
     * @param optionNames the options with a value it takes once, without {@code --}
     * @param repeatableNames the options with a value it takes any number of times, such as
     *     {@code --crl FILE}, without {@code --}; read with {@link #options(String)}
     * @return the parsed arguments
     * @throws UsageException for an unknown option, a flag given a value, an option without one, or
     *     a non-repeatable option given twice
     */
    static Arguments parse(String command, List<String> words, Set<String> flagNames, Set<String> optionNames,
            Set<String> repeatableNames) {
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        Set<String> flags = new HashSet<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--")) {
                positional.addAll(words.subList(i + 1, words.size()));
                break;
            }
            if (!word.startsWith("--") || word.length() == 2) {
                positional.add(word);
                continue;
            }
            int eq = word.indexOf('=');
            String name = word.substring(2, eq < 0 ? word.length() : eq);
            if (flagNames.contains(name)) {
                if (eq >= 0) {
                    throw new UsageException(command + ": --" + name + " takes no value");
                }
                if (!flags.add(name)) {
                    throw new UsageException(command + ": --" + name + " is given twice");
                }
            } else if (optionNames.contains(name) || repeatableNames.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = word.substring(eq + 1);
                } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                    value = words.get(++i);
                } else {
                    throw new UsageException(command + ": --" + name + " needs a value");
                }
                if (repeatableNames.contains(name)) {
                    repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else if (options.putIfAbsent(name, value) != null) {
                    throw new UsageException(command + ": --" + name + " is given twice");
                }
            } else {
                throw new UsageException(command + ": unknown option --" + name + " (see 'vigil --help')");
            }
        }
        return new Arguments(command, positional, flags, options, repeated);
    }

    /** @return the positional words, in order */
    List<String> positional() {
        return positional;
    }

    /** @param name a flag, without {@code --} @return whether it was given */
    boolean flag(String name) {
        return flags.contains(name);
    }

    /** @param name an option, without {@code --} @return its value, if given */
    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** @param name a repeatable option, without {@code --} @return its values in the order given; may be empty */
    List<String> options(String name) {
        return repeated.getOrDefault(name, List.of());
    }

    /** @throws UsageException if there are positional words */
    void expectNoPositional() {
        if (!positional.isEmpty()) {
            throw new UsageException(command + ": unexpected argument '" + positional.get(0) + "' (see 'vigil --help')");
        }
    }

    /**
     * @param name an option
     * @param defaultValue used when it is absent
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return its value
     * @throws UsageException if it is not a whole number from min to max
     */
    int intOption(String name, int defaultValue, int min, int max) {
        Optional<String> text = option(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(text.get().trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(command + ": --" + name + " must be a whole number from " + min + " to " + max
                + ", was '" + text.get() + "'");
    }

    /**
     * @param name an option
     * @param defaultValue used when it is absent
     * @return its value as a time zone
     * @throws UsageException if it is not a zone id
     */
    ZoneId zoneOption(String name, ZoneId defaultValue) {
        Optional<String> text = option(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return ZoneId.of(text.get().trim());
        } catch (DateTimeException e) {
            throw new UsageException(command + ": --" + name + " '" + text.get()
                    + "' is not a time zone id such as Europe/Berlin, UTC or +02:00");
        }
    }

    /**
     * @param name an option
     * @param defaultValue used when it is absent
     * @return its value as an instant
     * @throws UsageException if it is not an ISO-8601 instant
     */
    Instant instantOption(String name, Instant defaultValue) {
        Optional<String> text = option(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Instant.parse(text.get().trim());
        } catch (DateTimeParseException e) {
            throw new UsageException(command + ": --" + name + " '" + text.get()
                    + "' is not an ISO-8601 instant such as 2027-03-27T12:00:00Z");
        }
    }

    /**
     * @param name an option
     * @param defaultValue used when it is absent
     * @return its value as a positive duration
     * @throws UsageException if it is not a positive duration (see {@link #parseDuration(String)})
     */
    Duration durationOption(String name, Duration defaultValue) {
        Optional<String> text = option(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return parseDuration(text.get()).filter(d -> !d.isNegative() && !d.isZero())
                .orElseThrow(() -> new UsageException(command + ": --" + name + " '" + text.get()
                        + "' is not a positive duration such as 30s, 2m, 500ms, 1h or PT30S"));
    }

    /**
     * Reads a duration people type: a whole number with {@code ms}, {@code s}, {@code m} or
     * {@code h}, or an ISO-8601 duration such as {@code PT30S}.
     *
     * @param text the text
     * @return the duration, or empty if the text is neither form
     */
    static Optional<Duration> parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms":
                        return Optional.of(Duration.ofMillis(n));
                    case "s":
                        return Optional.of(Duration.ofSeconds(n));
                    case "m":
                        return Optional.of(Duration.ofMinutes(n));
                    default:
                        return Optional.of(Duration.ofHours(n));
                }
            }
            if (t.startsWith("p")) {
                return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            // not a duration
        }
        return Optional.empty();
    }
}
