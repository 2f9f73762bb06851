package dev.vigil.spi.cert;

import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link CaConnector#submit(CertificateOrderRequest)} orders: a new certificate for an inventory
 * certificate, from a PKCS#10 request.
 *
 * @param requestId the id that makes the order idempotent: fresh per attempt, the same when an
 *     attempt is repeated after a crash; not blank
 * @param action renewal (same key) or regeneration (new key); not null
 * @param certificate the certificate being replaced, as the inventory holds it; not null
 * @param csr the DER of the PKCS#10 certification request (subject, subject alternative names and
 *     public key of the new certificate, signed with its private key); copied; not empty
 */
public record CertificateOrderRequest(String requestId, RenewalAction action, InventoryCertificate certificate,
                                      byte[] csr) {

    /**
     * Validates and copies the request bytes.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code requestId} is blank or {@code csr} empty
     */
    public CertificateOrderRequest {
        Objects.requireNonNull(requestId, "requestId");
        if (requestId.isBlank()) {
            throw new IllegalArgumentException("requestId must not be blank");
        }
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(certificate, "certificate");
        csr = Objects.requireNonNull(csr, "csr").clone();
        if (csr.length == 0) {
            throw new IllegalArgumentException("csr must not be empty");
        }
    }

    /** @return a copy of the request's DER */
    @Override
    public byte[] csr() {
        return csr.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateOrderRequest r && requestId.equals(r.requestId) && action == r.action
                && certificate.equals(r.certificate) && Arrays.equals(csr, r.csr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, action, certificate.id(), Arrays.hashCode(csr));
    }

    @Override
    public String toString() {
        return "CertificateOrderRequest[" + requestId + ", " + action + ", certificate " + certificate.id() + ", "
                + csr.length + " bytes of CSR]";
    }
}
