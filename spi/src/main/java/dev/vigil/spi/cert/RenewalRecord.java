package dev.vigil.spi.cert;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable state of one certificate's renewal or regeneration, which the host keeps through
 * {@link CertificateRenewals}. At most one record exists per certificate: it is the certificate's
 * lock, so that two actions never work on one certificate at once. It holds nothing secret.
 *
 * @param certificateId the inventory id of the certificate being replaced; not blank
 * @param caConnector the name of the CA connector the order goes to; not blank
 * @param action renewal or regeneration; not null
 * @param step where the attempt is; not null
 * @param requestId the attempt's id, fresh per attempt, the idempotency key of the CA order, the
 *     pending key and the stored certificate; not blank
 * @param csr the DER of the attempt's PKCS#10 request; empty before {@code CSR_READY}/{@code KEY_PENDING};
 *     copied
 * @param orderId the CA's order id, from {@code SUBMITTED} on
 * @param issued the issued certificate's DER, from {@code ISSUED} on; copied
 * @param chain the issued certificate's intermediates, leaf's issuer first; copied
 * @param newCertificateId the inventory id of the new certificate, from {@code STORED} on
 * @param failures how many attempts or steps have failed for this certificate, for its backoff; not negative
 * @param retryAt when the next try is due after a failure; empty when not backing off
 * @param deadline the time after which an order still pending is given up; not null
 * @param updatedAt when the record was last written (engine clock); not null
 * @param lastError the last failure's message, never a secret
 * @param version the stored version, 0 for a record not yet stored; {@link CertificateRenewals#save}
 *     stores a record with its expected version plus one
 */
public record RenewalRecord(String certificateId, String caConnector, RenewalAction action, RenewalStep step,
                            String requestId, byte[] csr, Optional<String> orderId, Optional<byte[]> issued,
                            List<byte[]> chain, Optional<String> newCertificateId, int failures,
                            Optional<Instant> retryAt, Instant deadline, Instant updatedAt, Optional<String> lastError,
                            long version) {

    /**
     * Validates presence, ranges and that the step has what it needs, and copies the bytes.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if an id is blank, {@code failures} or {@code version} negative,
     *     or the step lacks what it implies (a CSR from {@code CSR_READY}/{@code KEY_PENDING} on, an order
     *     id from {@code SUBMITTED} on, the issued certificate from {@code ISSUED} on, the new id from
     *     {@code STORED} on; {@code FAILED} implies nothing)
     */
    public RenewalRecord {
        requireText(certificateId, "certificateId");
        requireText(caConnector, "caConnector");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(step, "step");
        requireText(requestId, "requestId");
        csr = Objects.requireNonNull(csr, "csr").clone();
        Objects.requireNonNull(orderId, "orderId");
        issued = Objects.requireNonNull(issued, "issued").map(byte[]::clone);
        chain = chain.stream().map(c -> Objects.requireNonNull(c, "chain element").clone()).toList();
        Objects.requireNonNull(newCertificateId, "newCertificateId");
        Objects.requireNonNull(retryAt, "retryAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(lastError, "lastError");
        if (failures < 0 || version < 0) {
            throw new IllegalArgumentException("failures and version must not be negative");
        }
        if (step != RenewalStep.FAILED) {
            int at = step.ordinal();
            require(at < RenewalStep.CSR_READY.ordinal() || csr.length > 0, step, "a CSR");
            require(at < RenewalStep.SUBMITTED.ordinal() || orderId.isPresent(), step, "an order id");
            require(at < RenewalStep.ISSUED.ordinal() || issued.isPresent(), step, "the issued certificate");
            require(at < RenewalStep.STORED.ordinal() || newCertificateId.isPresent(), step, "the new certificate id");
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void require(boolean condition, RenewalStep step, String what) {
        if (!condition) {
            throw new IllegalArgumentException("a renewal record at step " + step + " needs " + what);
        }
    }

    /**
     * A new attempt's first record, not yet stored (version 0).
     *
     * @param certificateId the certificate being replaced; not blank
     * @param caConnector its CA connector; not blank
     * @param action renewal or regeneration; not null
     * @param requestId a fresh attempt id; not blank
     * @param failures the failures of earlier attempts, carried over for the backoff; not negative
     * @param deadline when a pending order is given up; not null
     * @param now the engine clock's time; not null
     * @return the record at {@link RenewalStep#STARTED}
     * @throws IllegalArgumentException or NullPointerException as the constructor does
     */
    public static RenewalRecord started(String certificateId, String caConnector, RenewalAction action,
                                        String requestId, int failures, Instant deadline, Instant now) {
        return new RenewalRecord(certificateId, caConnector, action, RenewalStep.STARTED, requestId, new byte[0],
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), failures, Optional.empty(), deadline,
                now, Optional.empty(), 0);
    }

    /**
     * @param value the stored version; not negative
     * @return this record with that version (what a store returns after saving it)
     * @throws IllegalArgumentException if negative
     */
    public RenewalRecord withVersion(long value) {
        return new RenewalRecord(certificateId, caConnector, action, step, requestId, csr, orderId, issued, chain,
                newCertificateId, failures, retryAt, deadline, updatedAt, lastError, value);
    }

    /** @return a copy of the CSR's DER; empty before it is built */
    @Override
    public byte[] csr() {
        return csr.clone();
    }

    /** @return a copy of the issued certificate's DER, if issued */
    @Override
    public Optional<byte[]> issued() {
        return issued.map(byte[]::clone);
    }

    /** @return copies of the intermediates' encodings */
    @Override
    public List<byte[]> chain() {
        return chain.stream().map(byte[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenewalRecord r && certificateId.equals(r.certificateId) && caConnector.equals(r.caConnector)
                && action == r.action && step == r.step && requestId.equals(r.requestId) && Arrays.equals(csr, r.csr)
                && orderId.equals(r.orderId) && issued.isPresent() == r.issued.isPresent()
                && (issued.isEmpty() || Arrays.equals(issued.get(), r.issued.get())) && Bytes.sameList(chain, r.chain)
                && newCertificateId.equals(r.newCertificateId) && failures == r.failures && retryAt.equals(r.retryAt)
                && deadline.equals(r.deadline) && updatedAt.equals(r.updatedAt) && lastError.equals(r.lastError)
                && version == r.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificateId, action, step, requestId, version);
    }

    @Override
    public String toString() {
        return "RenewalRecord[" + certificateId + ", " + action + " via " + caConnector + ", " + step + ", request "
                + requestId + orderId.map(o -> ", order " + o).orElse("")
                + newCertificateId.map(n -> ", new " + n).orElse("") + ", failures " + failures
                + retryAt.map(r -> ", retry at " + r).orElse("") + ", version " + version + "]";
    }
}
