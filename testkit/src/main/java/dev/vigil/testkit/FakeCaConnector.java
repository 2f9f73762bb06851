package dev.vigil.testkit;

import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CaOrder;
import dev.vigil.spi.cert.CertificateOrderRequest;
import dev.vigil.spi.cert.InventoryCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p>With {@link CaCapability#RENEW} or {@link CaCapability#REGENERATE} it takes renewal orders and
 * issues real certificates from its own issuing CA (BouncyCastle, EC P-256; a test that orders needs
 * {@code bcpkix} on its path): it verifies the CSR's signature and signs the CSR's public key,
 * subject and subject alternative names, valid from its clock's time for {@link #issuedValidity}.
 * It issues at once or after some polls, or stays pending ({@link #slow()}), rejects, returns
 * garbage instead of a certificate, or is down ({@link #failWith}). {@link CaConnector#submit} is
 * idempotent per request id, as the SPI demands, and the fake counts the orders placed per request id.
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

    /** Where {@link #crashOn(Call)} can make the connector crash, once, after its side effect. */
    public enum Call {
        /** In {@link CaConnector#submit}, after the CA recorded the order. */
        SUBMIT,
        /** In {@link CaConnector#pollOrder}, after the CA answered (and issued, if it did). */
        POLL
    }

    private Clock clock = Clock.systemUTC();
    private Duration issuedValidity = Duration.ofDays(90);
    private int pollsBeforeIssue;
    private boolean garbage;
    private String rejection;
    private FakeIssuingCa issuingCa;
    private final Map<String, Order> ordersByRequest = new HashMap<>();
    private final Map<String, Order> ordersById = new HashMap<>();
    private final Map<String, Integer> ordersPlaced = new HashMap<>();
    private final List<CertificateOrderRequest> submitted = new ArrayList<>();
    private int polls;
    private final CrashPoints<Call> crashes = new CrashPoints<>();

    private static final class Order {
        final String id;
        final byte[] csr;
        int polls;
        byte[] issued;

        Order(String id, byte[] csr) {
            this.id = id;
            this.csr = csr;
        }
    }

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

    /**
     * @param value the clock the issuing CA dates certificates by, usually the test's {@code ManualClock};
     *     not null (default: the system clock)
     * @return this
     */
    public synchronized FakeCaConnector clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /** @param value how long issued certificates are valid; positive (default 90 days) @return this */
    public synchronized FakeCaConnector issuedValidity(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("issuedValidity must be positive, was " + value);
        }
        this.issuedValidity = value;
        return this;
    }

    /** Issues orders at once, in {@code submit} (the default). @return this */
    public synchronized FakeCaConnector issueAtOnce() {
        return issueAfterPolls(0);
    }

    /**
     * Leaves new and pending orders pending until they were polled {@code polls} times; the last of
     * those polls returns the certificate.
     *
     * @param polls polls before issue; 0 to issue in {@code submit}
     * @return this
     */
    public synchronized FakeCaConnector issueAfterPolls(int polls) {
        if (polls < 0) {
            throw new IllegalArgumentException("polls must not be negative, was " + polls);
        }
        this.pollsBeforeIssue = polls;
        return this;
    }

    /** Leaves every order pending, as a CA that never gets round to it. @return this */
    public synchronized FakeCaConnector slow() {
        return issueAfterPolls(Integer.MAX_VALUE);
    }

    /** Makes orders "issue" bytes that are not a certificate. @return this */
    public synchronized FakeCaConnector returnGarbage() {
        this.garbage = true;
        return this;
    }

    /**
     * @param reason what the CA says, rejecting every order not yet issued from now on; null to stop rejecting
     * @return this
     */
    public synchronized FakeCaConnector reject(String reason) {
        this.rejection = reason;
        return this;
    }

    /**
     * Crashes once at that call, after its side effect (see {@link Call}).
     *
     * @param call where; not null
     * @return this
     */
    public synchronized FakeCaConnector crashOn(Call call) {
        crashes.arm(call);
        return this;
    }

    /** @return the issuing CA's certificate (DER), the chain of every certificate it issues */
    public synchronized byte[] issuingCaCertificate() {
        return issuingCa().certificate();
    }

    /** @param requestId a request id @return how many distinct CA orders were placed for it (0 or 1 if idempotent) */
    public synchronized int ordersPlaced(String requestId) {
        return ordersPlaced.getOrDefault(requestId, 0);
    }

    /** @return how many distinct request ids were ordered */
    public synchronized int requestIdsOrdered() {
        return ordersPlaced.size();
    }

    /** @return every request {@code submit} received, in order, repeats included */
    public synchronized List<CertificateOrderRequest> submitted() {
        return List.copyOf(submitted);
    }

    /** @return how often {@code pollOrder} was called */
    public synchronized int polls() {
        return polls;
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

    @Override
    public synchronized CaOrder submit(CertificateOrderRequest request) {
        Objects.requireNonNull(request, "request");
        requireOrders();
        submitted.add(request);
        if (failure != null) {
            throw failure;
        }
        Order order = ordersByRequest.get(request.requestId());
        if (order == null) {
            order = new Order(name + "-order-" + (ordersById.size() + 1), request.csr());
            ordersByRequest.put(request.requestId(), order);
            ordersById.put(order.id, order);
            ordersPlaced.merge(request.requestId(), 1, Integer::sum);
        }
        CaOrder answer = answer(order, false);
        crashes.pass(Call.SUBMIT, "submit of " + request.requestId());
        return answer;
    }

    @Override
    public synchronized CaOrder pollOrder(String orderId) {
        Objects.requireNonNull(orderId, "orderId");
        requireOrders();
        polls++;
        if (failure != null) {
            throw failure;
        }
        Order order = ordersById.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("CA connector " + name + " has no order " + orderId);
        }
        CaOrder answer = answer(order, true);
        crashes.pass(Call.POLL, "poll of " + orderId);
        return answer;
    }

    private void requireOrders() {
        if (!capabilities.contains(CaCapability.RENEW) && !capabilities.contains(CaCapability.REGENERATE)) {
            throw new UnsupportedOperationException("CA connector " + name + " does not take renewal orders");
        }
    }

    private CaOrder answer(Order order, boolean poll) {
        if (order.issued == null) {
            if (rejection != null) {
                return CaOrder.rejected(order.id, rejection);
            }
            if (poll && order.polls < Integer.MAX_VALUE) {
                order.polls++;
            }
            if (order.polls < pollsBeforeIssue) {
                return CaOrder.pending(order.id, "awaiting validation");
            }
            if (garbage) {
                return CaOrder.issued(order.id, "this is not a certificate".getBytes(StandardCharsets.US_ASCII), List.of());
            }
            try {
                order.issued = issuingCa().issue(order.csr, clock.instant(), issuedValidity);
            } catch (IllegalArgumentException e) {
                return CaOrder.rejected(order.id, e.getMessage());
            }
        }
        return CaOrder.issued(order.id, order.issued, List.of(issuingCa().certificate()));
    }

    private FakeIssuingCa issuingCa() {
        if (issuingCa == null) {
            issuingCa = new FakeIssuingCa(name, Instant.parse("2020-01-01T00:00:00Z"));
        }
        return issuingCa;
    }

    /** @return where this fake crashed so far, in order (each armed point fires once) */
    public List<String> crashesFired() {
        return crashes.fired();
    }
}
