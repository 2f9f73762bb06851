package dev.vigil.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One child a parent run asks for: a job type, its parameters and an optional mutex key.
 *
 * @param jobType the child's job type id; may differ from the parent's (discover → discover-host)
 * @param parameters the child's parameters, validated against its type
 * @param mutexKey a resource key such as {@code host:web-01} that no two running runs may share, or null
 */
public record ChildRun(String jobType, Map<String, String> parameters, String mutexKey) {
    /** Validates presence and copies the parameters. */
    public ChildRun {
        Objects.requireNonNull(jobType, "jobType");
        parameters = Map.copyOf(parameters);
    }

    /** @param jobType the type @param parameters its parameters @return a child without mutex key */
    public static ChildRun of(String jobType, Map<String, String> parameters) {
        return new ChildRun(jobType, parameters, null);
    }

    /** @param key a resource key @return a copy with that mutex key */
    public ChildRun withMutexKey(String key) {
        return new ChildRun(jobType, parameters, key);
    }

    /** @return the mutex key, if any */
    public Optional<String> mutexKeyIfAny() {
        return Optional.ofNullable(mutexKey);
    }
}
