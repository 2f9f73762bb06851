package dev.vigil.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Host key/value constants that jobs read, such as {@code MISC_SYNC_QUEUE_DELAY_IN_SEC}. The host
 * seeds them on the engine builder and may change them at run time; a run sees the values current
 * when it reads them. Settings are configuration, never secrets.
 */
public interface Settings {

    /** @param key the setting's key @return its value, if set */
    Optional<String> get(String key);

    /** @return every setting, unmodifiable */
    Map<String, String> all();

    /** @param key the key @param defaultValue returned when unset @return the value */
    default String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * @param key the key
     * @param defaultValue returned when unset
     * @return the value as a long
     * @throws InvalidParameterException if it is set but not a whole number
     */
    default long getLong(String key, long defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.get().trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(null, "Setting " + key + " is not a whole number: " + v.get());
        }
    }

    /** @param key the key @param defaultValue returned when unset @return the value as a boolean */
    default boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> Boolean.parseBoolean(v.trim())).orElse(defaultValue);
    }

    /**
     * @param key the key
     * @param defaultValue returned when unset
     * @return the value as an ISO-8601 duration
     */
    default Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> Duration.parse(v.trim())).orElse(defaultValue);
    }

    /** @param values the settings @return an unchangeable view of them */
    static Settings of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new Settings() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(copy.get(key));
            }

            @Override
            public Map<String, String> all() {
                return copy;
            }
        };
    }
}
