package dev.vigil.jobs.cert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link OfflineCertificateCheck} found about one certificate. Every status is a stable id,
 * the same the certificate jobs record.
 *
 * @param sha256 the SHA-256 of the certificate's DER, 64 lowercase hex digits; not null
 * @param subject the subject distinguished name as RFC 2253 prints it; not null, empty for an empty subject
 * @param notAfter the end of the validity period; not null
 * @param expiryStatus {@code VALID}, {@code EXPIRING}, {@code EXPIRED} or {@code NOT_YET_VALID}, as
 *        {@code cert.expiry-status-check} sets it; not null
 * @param weakKey the most severe weak-key finding's id ({@code ROCA}, {@code FERMAT}, {@code SMALL_FACTOR},
 *        {@code SHORT_RSA}, {@code BAD_EXPONENT}, {@code NON_APPROVED_CURVE}, {@code DEBIAN_WEAK}); empty
 *        for a sound key
 * @param lints the ids of the CA/Browser Forum rules the certificate breaks (e.g. {@code san_missing}),
 *        errors first; empty when it passes
 * @param chain the chain validation status id ({@code VALID}, {@code INCOMPLETE_CHAIN}, {@code EXPIRED},
 *        {@code REVOKED} ...), or {@value #NOT_CHECKED} when the check has no trust anchors; not null
 * @param revocation the leaf's revocation status from the CRLs given; not null
 * @param sctCount how many SCTs the certificate embeds (0 when none or the list is malformed)
 * @param ctPolicy the verdict under Chrome's CT policy; not null
 * @param notes for people: why a status is unknown or not checked, the chain problems, the CT reasons;
 *        never key material; may be empty
 */
public record OfflineCheckResult(String sha256, String subject, Instant notAfter, String expiryStatus,
        Optional<String> weakKey, List<String> lints, String chain, Revocation revocation, int sctCount,
        CtPolicy ctPolicy, List<String> notes) {

    /** The status of a check that was not made because its input (trust anchors, CRLs, log list) was not given. */
    public static final String NOT_CHECKED = "NOT_CHECKED";

    private static final Set<String> EXPIRY = Set.of("VALID", "EXPIRING", "EXPIRED", "NOT_YET_VALID");

    /** The revocation status of the leaf. */
    public enum Revocation {
        /** A verified, fresh CRL of its issuer covers it and does not list it. */
        GOOD,
        /** A verified, fresh CRL of its issuer lists it. */
        REVOKED,
        /** CRLs were given, but none verified, fresh and covering the certificate; see the notes. */
        UNKNOWN,
        /** No CRL was given to the check. */
        NOT_CHECKED
    }

    /** Whether the leaf's embedded SCTs satisfy Chrome's CT policy. */
    public enum CtPolicy {
        /** Enough valid SCTs from distinct logs of at least two operators. */
        COMPLIANT,
        /** See the notes for why. */
        NOT_COMPLIANT,
        /** No CT log list was given, or the issuer certificate needed to verify SCTs was not at hand. */
        NOT_CHECKED
    }

    /** Validates the values and copies the lists. */
    public OfflineCheckResult {
        Objects.requireNonNull(sha256, "sha256");
        if (!isLowercaseHex(sha256, 64)) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got '" + sha256 + "'");
        }
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(expiryStatus, "expiryStatus");
        if (!EXPIRY.contains(expiryStatus)) {
            throw new IllegalArgumentException("expiryStatus must be one of " + EXPIRY + ", got " + expiryStatus);
        }
        Objects.requireNonNull(weakKey, "weakKey");
        lints = List.copyOf(lints);
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(revocation, "revocation");
        if (sctCount < 0) {
            throw new IllegalArgumentException("sctCount must not be negative, got " + sctCount);
        }
        Objects.requireNonNull(ctPolicy, "ctPolicy");
        notes = List.copyOf(notes);
    }

    /** @return whether {@code text} is {@code length} lowercase hex digits (a loop: a regex costs a microsecond here) */
    private static boolean isLowercaseHex(String text, int length) {
        if (text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
