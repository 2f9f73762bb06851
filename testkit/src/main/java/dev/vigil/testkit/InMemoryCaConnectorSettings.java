package dev.vigil.testkit;

import dev.vigil.spi.cert.CaConnectorSettings;
import dev.vigil.spi.cert.RenewalSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link CaConnectorSettings} in memory: the connectors a test adds, with their stored maximum
 * validity and renewal settings, and a record of every write. Thread-safe.
 */
public final class InMemoryCaConnectorSettings implements CaConnectorSettings {
    private final Set<String> names = new LinkedHashSet<>();
    private final Map<String, Duration> validity = new HashMap<>();
    private final List<String> writes = new ArrayList<>();
    private final Map<String, RenewalSettings> renewal = new HashMap<>();

    /**
     * Adds a connector, or keeps it, with the given renewal settings.
     *
     * @param connectorName its name; not null
     * @param settings what {@link #renewalSettings(String)} returns for it; not null
     * @return this
     */
    public synchronized InMemoryCaConnectorSettings renewal(String connectorName, RenewalSettings settings) {
        add(connectorName);
        renewal.put(connectorName, Objects.requireNonNull(settings, "settings"));
        return this;
    }

    @Override
    public synchronized RenewalSettings renewalSettings(String connectorName) {
        return renewal.getOrDefault(connectorName, RenewalSettings.disabled());
    }

    /**
     * Adds a connector with no stored maximum validity, or keeps the one it has.
     *
     * @param connectorName its name; not null
     * @return this
     */
    public synchronized InMemoryCaConnectorSettings add(String connectorName) {
        names.add(Objects.requireNonNull(connectorName, "connectorName"));
        return this;
    }

    /**
     * Adds a connector with a stored maximum validity, without recording a write.
     *
     * @param connectorName its name; not null
     * @param maximumValidity its stored maximum validity; not null
     * @return this
     */
    public synchronized InMemoryCaConnectorSettings add(String connectorName, Duration maximumValidity) {
        add(connectorName);
        validity.put(connectorName, Objects.requireNonNull(maximumValidity, "maximumValidity"));
        return this;
    }

    /** @return the connector names {@link #setMaximumValidity} was called with, in order */
    public synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public synchronized Set<String> connectorNames() {
        return Set.copyOf(names);
    }

    @Override
    public synchronized Optional<Duration> maximumValidity(String connectorName) {
        return Optional.ofNullable(validity.get(connectorName));
    }

    @Override
    public synchronized void setMaximumValidity(String connectorName, Duration maximumValidity) {
        Objects.requireNonNull(connectorName, "connectorName");
        Objects.requireNonNull(maximumValidity, "maximumValidity");
        if (maximumValidity.isNegative() || maximumValidity.isZero()) {
            throw new IllegalArgumentException("maximumValidity must be positive, was " + maximumValidity);
        }
        names.add(connectorName);
        validity.put(connectorName, maximumValidity);
        writes.add(connectorName);
    }
}
