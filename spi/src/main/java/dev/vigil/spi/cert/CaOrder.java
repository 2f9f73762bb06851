package dev.vigil.spi.cert;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of an order at a CA, as {@link CaConnector#submit(CertificateOrderRequest)} and
 * {@link CaConnector#pollOrder(String)} report it. Made with {@link #pending}, {@link #issued} or
 * {@link #rejected}.
 *
 * @param state where the order is; not null
 * @param orderId the CA's id for the order, which {@link CaConnector#pollOrder(String)} takes; not blank
 * @param certificate the issued certificate's encoding (DER, or PEM if the CA gives that); present
 *     exactly when {@code state} is {@link State#ISSUED}; copied. The job checks it before storing it.
 * @param chain the intermediates the CA returned with it, the leaf's issuer first; empty unless issued
 * @param message what the CA said (a rejection's reason, a pending order's status); not null, never
 *     a credential
 */
public record CaOrder(State state, String orderId, Optional<byte[]> certificate, List<byte[]> chain, String message) {

    /** Where an order is. */
    public enum State {
        /** The CA has not issued yet; poll later. */
        PENDING,
        /** The CA issued the certificate. */
        ISSUED,
        /** The CA refused the order; it will never be issued. */
        REJECTED
    }

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if a component or a chain element is null
     * @throws IllegalArgumentException if {@code orderId} is blank, or the certificate is present
     *     though the state is not {@code ISSUED} or absent though it is
     */
    public CaOrder {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(message, "message");
        if (orderId.isBlank()) {
            throw new IllegalArgumentException("orderId must not be blank");
        }
        if (certificate.isPresent() != (state == State.ISSUED)) {
            throw new IllegalArgumentException("an order carries a certificate exactly when it is ISSUED (" + state + ")");
        }
        certificate = certificate.map(byte[]::clone);
        chain = chain.stream().map(c -> Objects.requireNonNull(c, "chain element").clone()).toList();
        if (state != State.ISSUED && !chain.isEmpty()) {
            throw new IllegalArgumentException("only an ISSUED order carries a chain");
        }
    }

    /**
     * @param orderId the CA's order id; not blank
     * @param message the CA's status text; not null
     * @return a pending order
     */
    public static CaOrder pending(String orderId, String message) {
        return new CaOrder(State.PENDING, orderId, Optional.empty(), List.of(), message);
    }

    /**
     * @param orderId the CA's order id; not blank
     * @param certificate the issued certificate's encoding; not null
     * @param chain the intermediates, leaf's issuer first; not null
     * @return an issued order
     */
    public static CaOrder issued(String orderId, byte[] certificate, List<byte[]> chain) {
        return new CaOrder(State.ISSUED, orderId, Optional.of(certificate), chain, "issued");
    }

    /**
     * @param orderId the CA's order id; not blank
     * @param reason why the CA refused; not null, never a credential
     * @return a rejected order
     */
    public static CaOrder rejected(String orderId, String reason) {
        return new CaOrder(State.REJECTED, orderId, Optional.empty(), List.of(), reason);
    }

    /** @return a copy of the issued certificate's encoding, if issued */
    @Override
    public Optional<byte[]> certificate() {
        return certificate.map(byte[]::clone);
    }

    /** @return copies of the intermediates' encodings */
    @Override
    public List<byte[]> chain() {
        return chain.stream().map(byte[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaOrder c && state == c.state && orderId.equals(c.orderId)
                && certificate.isPresent() == c.certificate.isPresent()
                && (certificate.isEmpty() || Arrays.equals(certificate.get(), c.certificate.get()))
                && Bytes.sameList(chain, c.chain) && message.equals(c.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, orderId, message);
    }

    @Override
    public String toString() {
        return "CaOrder[" + state + ", " + orderId + certificate.map(c -> ", " + c.length + " bytes").orElse("")
                + ", " + message + "]";
    }
}
