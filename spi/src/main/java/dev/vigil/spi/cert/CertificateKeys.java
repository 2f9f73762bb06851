package dev.vigil.spi.cert;

/**
 * The host's private key storage for the certificates of its inventory (an HSM, a vault, an
 * encrypted table). The renewal jobs ask it to sign with an existing key, so that key never
 * crosses this interface, and hand it each newly generated key before the CSR for it leaves, so a
 * new key is never lost: it is stored pending under the attempt's request id and promoted to the
 * new certificate only once that certificate is in the inventory. Implementations must be safe
 * for use by several threads, and must never put key material in an exception message or a log.
 */
public interface CertificateKeys {

    /**
     * Signs data with a certificate's existing private key (a renewal's CSR).
     *
     * @param certificateId the inventory id of the certificate whose key signs; not null
     * @param jcaSignatureAlgorithm the JCA name chosen from the key: {@code SHA256withRSA},
     *     {@code SHA256withECDSA} (P-256), {@code SHA384withECDSA} (P-384), {@code SHA512withECDSA}
     *     (P-521), {@code Ed25519} or {@code Ed448}; not null
     * @param data the bytes to sign; not null
     * @return the signature as a JCA {@code Signature} produces it (DER for ECDSA); not null
     * @throws RuntimeException if the host holds no key for it or cannot sign; the job fails that
     *     certificate's attempt and backs off (the message must not carry key material)
     */
    byte[] sign(String certificateId, String jcaSignatureAlgorithm, byte[] data);

    /**
     * Stores a newly generated private key as pending, replacing one stored under the same id. The
     * key is a secret: the host stores it as it stores its other keys. The job wipes its own copy
     * of the array after this call.
     *
     * @param requestId the attempt's {@link RenewalRecord#requestId()}; not null
     * @param pkcs8 the PKCS#8 DER of the private key; not null
     * @throws RuntimeException if it cannot store; the job does not submit the CSR
     */
    void storePendingKey(String requestId, byte[] pkcs8);

    /**
     * @param requestId an attempt's id; not null
     * @return whether a pending key is stored under it (stored, neither promoted nor discarded)
     * @throws RuntimeException if it cannot be read
     */
    boolean hasPendingKey(String requestId);

    /**
     * Makes a pending key the key of a new certificate. Idempotent: promoting a key already promoted
     * to the same certificate does nothing.
     *
     * @param requestId the attempt's id; not null
     * @param newCertificateId the inventory id of the certificate issued for the key; not null
     * @throws RuntimeException if no pending key is stored under {@code requestId} and none was
     *     promoted to that certificate, or it cannot store; the job retries later
     */
    void promoteKey(String requestId, String newCertificateId);

    /**
     * Deletes a pending key whose attempt failed. Nothing happens if there is none.
     *
     * @param requestId the attempt's id; not null
     * @throws RuntimeException if it cannot delete; the job tries again on its next look at the record
     */
    void discardPendingKey(String requestId);
}
