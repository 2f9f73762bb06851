package dev.vigil.testkit;

import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.InventoryCertificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link CaConnector} whose answers a test sets: its capabilities, the CA attributes it supplies
 * per certificate id, the maximum validity it offers, and failures to throw, as a CA that is down.
 * It records which certificates it was asked about. Thread-safe.
 *
 * <pre>{@code
 * FakeCaConnector digicert = FakeCaConnector.named("digicert").capabilities(CaCapability.CA_ATTRIBUTES)
 *         .caAttributeNames("OrderId", "Product").caAttributes("cert-1", Map.of("OrderId", "42"));
 * JobHarness.forJob(new CaAttributesSyncJob()).service(CaConnectors.class, FakeCaConnector.registry(digicert))...
 * }</pre>
 */
public final class FakeCaConnector implements CaConnector {
    private final String name;
    private Set<CaCapability> capabilities = Set.of();
    private Set<String> attributeNames = Set.of();
    private final Map<String, Map<String, String>> attributes = new HashMap<>();
    private Map<String, String> defaultAttributes = Map.of();
    private boolean answerNullAttributes;
    private Duration maximumValidity;
    private RuntimeException failure;
    private final List<String> askedAbout = new ArrayList<>();

    private FakeCaConnector(String name) {
        this.name = name;
    }

    /**
     * @param name the connector's name; not blank
     * @return a connector with no capabilities, no attributes and no validity
     * @throws IllegalArgumentException if the name is blank
     */
    public static FakeCaConnector named(String name) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("A CA connector's name is not blank");
        }
        return new FakeCaConnector(name);
    }

    /**
     * @param connectors the connectors to register; not null
     * @return a {@link CaConnectors} that finds them by name
     */
    public static CaConnectors registry(CaConnector... connectors) {
        List<CaConnector> all = List.copyOf(Arrays.asList(connectors));
        return name -> all.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** @param values what {@link #capabilities()} returns, replacing earlier ones @return this */
    public synchronized FakeCaConnector capabilities(CaCapability... values) {
        this.capabilities = values.length == 0 ? Set.of() : Set.copyOf(EnumSet.copyOf(Arrays.asList(values)));
        return this;
    }

    /** @param names what {@link #caAttributeNames()} returns; not null @return this */
    public synchronized FakeCaConnector caAttributeNames(String... names) {
        this.attributeNames = new LinkedHashSet<>(Arrays.asList(names));
        return this;
    }

    /**
     * @param certificateId an inventory id; not null
     * @param values what {@link #caAttributes} returns for it, as given (nulls and blanks too, to
     *     test garbage); not null
     * @return this
     */
    public synchronized FakeCaConnector caAttributes(String certificateId, Map<String, String> values) {
        attributes.put(Objects.requireNonNull(certificateId, "certificateId"), Objects.requireNonNull(values, "values"));
        return this;
    }

    /** @param values what {@link #caAttributes} returns for other certificates; not null @return this */
    public synchronized FakeCaConnector defaultCaAttributes(Map<String, String> values) {
        this.defaultAttributes = Objects.requireNonNull(values, "values");
        return this;
    }

    /** Makes {@link #caAttributes} return null, as a broken connector. @return this */
    public synchronized FakeCaConnector answerNullAttributes() {
        this.answerNullAttributes = true;
        return this;
    }

    /** @param value what {@link #maximumValidity()} returns (null, zero or negative to test garbage) @return this */
    public synchronized FakeCaConnector maximumValidity(Duration value) {
        this.maximumValidity = value;
        return this;
    }

    /**
     * Makes every CA call throw {@code value} until {@link #recover()}, as a CA that is down.
     *
     * @param value what to throw; not null
     * @return this
     */
    public synchronized FakeCaConnector failWith(RuntimeException value) {
        this.failure = Objects.requireNonNull(value, "failure");
        return this;
    }

    /** Stops the failure set by {@link #failWith}. @return this */
    public synchronized FakeCaConnector recover() {
        this.failure = null;
        return this;
    }

    /** @return the ids of the certificates {@link #caAttributes} was asked about, in order */
    public synchronized List<String> askedAbout() {
        return List.copyOf(askedAbout);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Set<CaCapability> capabilities() {
        return capabilities;
    }

    @Override
    public synchronized Set<String> caAttributeNames() {
        return Set.copyOf(attributeNames);
    }

    @Override
    public synchronized Map<String, String> caAttributes(InventoryCertificate certificate) {
        askedAbout.add(certificate.id());
        if (failure != null) {
            throw failure;
        }
        if (answerNullAttributes) {
            return null;
        }
        return Optional.ofNullable(attributes.get(certificate.id())).orElse(defaultAttributes);
    }

    @Override
    public synchronized Duration maximumValidity() {
        if (failure != null) {
            throw failure;
        }
        return maximumValidity;
    }
}
