package dev.vigil.jobs.cert.ct;

import java.time.Instant;
import java.util.Objects;

/**
 * One v1 SignedCertificateTimestamp (RFC 6962 §3.2) as embedded in a certificate. Internal: the arrays
 * are not copied.
 *
 * @param position its 1-based position in the list
 * @param logId the 32-byte id of the log
 * @param timestamp milliseconds since the epoch, as the log wrote it
 * @param extensions the CtExtensions bytes, usually empty
 * @param hashAlgorithm the TLS HashAlgorithm code (4 = SHA-256)
 * @param signatureAlgorithm the TLS SignatureAlgorithm code (1 = RSA, 3 = ECDSA)
 * @param signature the signature bytes (DER for ECDSA)
 */
record EmbeddedSct(int position, byte[] logId, long timestamp, byte[] extensions, int hashAlgorithm,
        int signatureAlgorithm, byte[] signature) {

    EmbeddedSct {
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(extensions, "extensions");
        Objects.requireNonNull(signature, "signature");
        if (logId.length != 32) {
            throw new IllegalArgumentException("a log id has 32 bytes, got " + logId.length);
        }
    }

    Instant instant() {
        return Instant.ofEpochMilli(timestamp);
    }
}
