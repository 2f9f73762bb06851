package dev.vigil.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parameter a job type declares: its name, type, whether it is required, its default, and its
 * validation. The engine validates a definition's and a trigger's parameters against these before
 * anything runs.
 *
 * @param name the parameter name, {@code [a-zA-Z][a-zA-Z0-9_.-]*}
 * @param type the value type; not null
 * @param description what it means, for people; not null
 * @param required whether a value must be given (a default counts as given)
 * @param defaultValue the default in text form, or null for none
 * @param min the smallest allowed value of an INTEGER (inclusive), or null
 * @param max the largest allowed value of an INTEGER (inclusive), or null
 * @param pattern a regular expression a STRING (or each LIST element) must match entirely, or null
 * @param allowedValues the only values allowed for a STRING or LIST element; empty means any
 */
public record ParameterSpec(String name, ParameterType type, String description, boolean required,
                            String defaultValue, Long min, Long max, String pattern, List<String> allowedValues) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.-]*");

    /** Validates the declaration itself, including the default against the rules. */
    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        allowedValues = List.copyOf(allowedValues == null ? List.of() : allowedValues);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Parameter name '" + name + "' must match " + NAME.pattern());
        }
        if (pattern != null) {
            Pattern.compile(pattern);
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("Parameter " + name + ": min " + min + " is above max " + max);
        }
    }

    /**
     * @param name the name
     * @param type the type
     * @param description what it means
     * @return an optional parameter with no default and no validation beyond its type
     */
    public static ParameterSpec optional(String name, ParameterType type, String description) {
        return new ParameterSpec(name, type, description, false, null, null, null, null, List.of());
    }

    /**
     * @param name the name
     * @param type the type
     * @param description what it means
     * @return a required parameter with no default
     */
    public static ParameterSpec required(String name, ParameterType type, String description) {
        return new ParameterSpec(name, type, description, true, null, null, null, null, List.of());
    }

    /** @param value the default in text form @return a copy with that default */
    public ParameterSpec withDefault(String value) {
        ParameterSpec copy = new ParameterSpec(name, type, description, required, value, min, max, pattern, allowedValues);
        copy.check(value).ifPresent(problem -> {
            throw new IllegalArgumentException("Default of parameter " + name + ": " + problem);
        });
        return copy;
    }

    /** @param lo smallest value @param hi largest value @return a copy with that range */
    public ParameterSpec withRange(long lo, long hi) {
        return new ParameterSpec(name, type, description, required, defaultValue, lo, hi, pattern, allowedValues);
    }

    /** @param regex a pattern the whole value must match @return a copy with it */
    public ParameterSpec withPattern(String regex) {
        return new ParameterSpec(name, type, description, required, defaultValue, min, max, regex, allowedValues);
    }

    /** @param values the only values allowed @return a copy with them */
    public ParameterSpec withAllowedValues(String... values) {
        return new ParameterSpec(name, type, description, required, defaultValue, min, max, pattern, List.of(values));
    }

    /** @return the default, if one is declared */
    public Optional<String> defaultIfAny() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * Checks one value against the type and the rules.
     *
     * @param value the value in text form; not null
     * @return a description of what is wrong, or empty if the value is allowed
     */
    public Optional<String> check(String value) {
        Objects.requireNonNull(value, "value");
        switch (type) {
            case INTEGER:
                long n;
                try {
                    n = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    return Optional.of("'" + value + "' is not a whole number");
                }
                if (min != null && n < min || max != null && n > max) {
                    return Optional.of(n + " is outside " + (min == null ? "…" : min) + ".." + (max == null ? "…" : max));
                }
                return Optional.empty();
            case BOOLEAN:
                return value.equals("true") || value.equals("false")
                        ? Optional.empty() : Optional.of("'" + value + "' is not true or false");
            case DURATION:
                try {
                    Duration.parse(value.trim());
                    return Optional.empty();
                } catch (DateTimeParseException e) {
                    return Optional.of("'" + value + "' is not an ISO-8601 duration such as PT15M or P30D");
                }
            case INSTANT:
                try {
                    Instant.parse(value.trim());
                    return Optional.empty();
                } catch (DateTimeParseException e) {
                    return Optional.of("'" + value + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
                }
            case LIST:
                for (String element : JobParameters.splitList(value)) {
                    Optional<String> problem = checkText(element);
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
                return Optional.empty();
            default:
                return checkText(value);
        }
    }

    private Optional<String> checkText(String value) {
        if (pattern != null && !value.matches(pattern)) {
            return Optional.of("'" + value + "' does not match " + pattern);
        }
        if (!allowedValues.isEmpty() && !allowedValues.contains(value)) {
            return Optional.of("'" + value + "' is not one of " + allowedValues);
        }
        return Optional.empty();
    }
}
