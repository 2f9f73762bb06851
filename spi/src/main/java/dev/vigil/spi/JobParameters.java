package dev.vigil.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of one run, validated against the job type's {@link ParameterSpec}s with defaults
 * filled in. Values are kept as text; the typed getters convert them.
 *
 * <p>The getters throw {@link InvalidParameterException} for a parameter that has no value, so a
 * job may call {@code parameters.integer("batchSize")} for a declared parameter with a default
 * without checking.
 */
public final class JobParameters {
    private static final JobParameters EMPTY = new JobParameters(Map.of());

    private final Map<String, String> values;

    private JobParameters(Map<String, String> values) {
        this.values = values;
    }

    /** @return parameters with no values */
    public static JobParameters empty() {
        return EMPTY;
    }

    /**
     * Wraps values without validation (for tests and for values already validated).
     *
     * @param values name to text value; not null, no null keys or values
     * @return the parameters
     */
    public static JobParameters of(Map<String, String> values) {
        return new JobParameters(Collections.unmodifiableMap(new LinkedHashMap<>(Map.copyOf(values))));
    }

    /**
     * Validates values against specs and fills in defaults.
     *
     * @param jobType the job type, for messages
     * @param specs the declared parameters
     * @param given the values given; not null
     * @return the validated parameters
     * @throws InvalidParameterException naming the first unknown, missing or invalid parameter
     */
    public static JobParameters validate(String jobType, List<ParameterSpec> specs, Map<String, String> given) {
        Objects.requireNonNull(given, "given");
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : given.keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                List<String> known = new ArrayList<>();
                specs.forEach(s -> known.add(s.name()));
                throw new InvalidParameterException(jobType, "Job type " + jobType + " has no parameter '" + name
                        + "'; its parameters are " + known);
            }
        }
        for (ParameterSpec spec : specs) {
            String value = given.get(spec.name());
            if (value == null) {
                value = spec.defaultValue();
            }
            if (value == null) {
                if (spec.required()) {
                    throw new InvalidParameterException(jobType, "Job type " + jobType + " needs parameter '"
                            + spec.name() + "' (" + spec.type() + ": " + spec.description() + ")");
                }
                continue;
            }
            String checked = value;
            spec.check(value).ifPresent(problem -> {
                throw new InvalidParameterException(jobType, "Parameter '" + spec.name() + "' of " + jobType
                        + ": " + problem);
            });
            result.put(spec.name(), checked);
        }
        return new JobParameters(Collections.unmodifiableMap(result));
    }

    /** @return every value by name, unmodifiable */
    public Map<String, String> asMap() {
        return values;
    }

    /** @param name a parameter name @return its text value, if it has one */
    public Optional<String> find(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /**
     * @param name a parameter name
     * @return its text value
     * @throws InvalidParameterException if it has none
     */
    public String string(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new InvalidParameterException(null, "Parameter '" + name + "' has no value");
        }
        return v;
    }

    /** @param name a parameter name @return its value as a long @throws InvalidParameterException if absent or not a number */
    public long integer(String name) {
        String v = string(name);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(null, "Parameter '" + name + "' is not a whole number: " + v);
        }
    }

    /** @param name a parameter name @return its value as a boolean @throws InvalidParameterException if absent */
    public boolean bool(String name) {
        return Boolean.parseBoolean(string(name).trim());
    }

    /** @param name a parameter name @return its value as a duration @throws InvalidParameterException if absent */
    public Duration duration(String name) {
        return Duration.parse(string(name).trim());
    }

    /** @param name a parameter name @return its value as an instant @throws InvalidParameterException if absent */
    public Instant instant(String name) {
        return Instant.parse(string(name).trim());
    }

    /** @param name a parameter name @return its comma-separated elements, trimmed; empty if absent */
    public List<String> list(String name) {
        String v = values.get(name);
        return v == null ? List.of() : splitList(v);
    }

    static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobParameters p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
