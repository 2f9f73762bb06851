package dev.vigil.testkit;

import dev.vigil.spi.Settings;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Settings} a test changes while a job or an engine reads them, as a host changes its
 * settings at run time. Thread-safe; a reader sees each change at once.
 */
public final class MutableSettings implements Settings {

    private final Map<String, String> values = new ConcurrentHashMap<>();

    /** Creates empty settings. */
    public MutableSettings() {
    }

    /**
     * @param initial the first values; not null, no null keys or values
     * @return settings holding a copy of them
     */
    public static MutableSettings of(Map<String, String> initial) {
        MutableSettings settings = new MutableSettings();
        initial.forEach(settings::put);
        return settings;
    }

    /**
     * Sets a value, replacing any earlier one.
     *
     * @param key the key, e.g. {@code MISC_SYNC_QUEUE_DELAY_IN_SEC}; not null
     * @param value the value; not null
     * @return this
     */
    public MutableSettings put(String key, String value) {
        values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
        return this;
    }

    /**
     * Unsets a value; nothing happens if it is not set.
     *
     * @param key the key; not null
     * @return this
     */
    public MutableSettings remove(String key) {
        values.remove(Objects.requireNonNull(key, "key"));
        return this;
    }

    /** Unsets every value. */
    public void clear() {
        values.clear();
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
    }

    /** @return a snapshot of every setting; unmodifiable */
    @Override
    public Map<String, String> all() {
        return Map.copyOf(values);
    }

    @Override
    public String toString() {
        return "MutableSettings" + all();
    }
}
