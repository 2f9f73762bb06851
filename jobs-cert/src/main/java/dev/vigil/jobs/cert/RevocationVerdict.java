package dev.vigil.jobs.cert;

import dev.vigil.spi.cert.CheckFinding;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One revocation answer for one certificate, from a CRL, an OCSP responder or a CA connector.
 *
 * @param status the status to record
 * @param findings what lies behind it: the revocation (reason, date) or why it is unknown
 * @param revokedAt when revoked; present exactly when {@code REVOKED}
 * @param reason the revocation reason, if the source gave one; only when {@code REVOKED}
 * @param source which source answered, for the audit trail: {@code crl}, {@code ocsp} or {@code ca:<connector>}
 * @param checked false when the job had no way to check this certificate (no distribution point,
 *     no responder, no issuer): such an unknown never replaces a status another source recorded
 */
record RevocationVerdict(Status status, List<CheckFinding> findings, Optional<Instant> revokedAt,
                         Optional<String> reason, String source, boolean checked) {

    /** The statuses the revocation jobs record (see {@code CheckKind.REVOCATION}). */
    enum Status { GOOD, REVOKED, UNKNOWN }

    RevocationVerdict {
        Objects.requireNonNull(status, "status");
        findings = List.copyOf(findings);
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(source, "source");
        if (revokedAt.isPresent() != (status == Status.REVOKED)) {
            throw new IllegalArgumentException("revokedAt must be present exactly when REVOKED, status " + status);
        }
    }

    static RevocationVerdict good(String source, List<CheckFinding> findings) {
        return new RevocationVerdict(Status.GOOD, findings, Optional.empty(), Optional.empty(), source, true);
    }

    static RevocationVerdict revoked(String source, Instant at, Optional<String> reason, String detail) {
        return new RevocationVerdict(Status.REVOKED, List.of(new CheckFinding("REVOKED", CheckFinding.Severity.ERROR,
                detail)), Optional.of(at), reason, source, true);
    }

    static RevocationVerdict unknown(String source, List<CheckFinding> findings) {
        return new RevocationVerdict(Status.UNKNOWN, findings, Optional.empty(), Optional.empty(), source, true);
    }

    /** @return an unknown from a job that had nothing to ask about this certificate */
    static RevocationVerdict notCheckable(String source, List<CheckFinding> findings) {
        return new RevocationVerdict(Status.UNKNOWN, findings, Optional.empty(), Optional.empty(), source,
                false);
    }
}
