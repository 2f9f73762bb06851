package dev.vigil.jobs.cert.chain;

import java.util.Objects;

/**
 * One problem of a certificate chain.
 *
 * @param id what is wrong; never {@link ChainStatus#VALID}; not null
 * @param position where the certificate is in the path: 0 for the leaf, 1 for its issuer, and so on up to
 *        the trust anchor; {@link #NOT_IN_PATH} for an input certificate that could not be placed in the
 *        path, e.g. an intermediate that does not decode
 * @param certificate the certificate, for people: its subject, or {@code intermediate #i} when it could not
 *        be read; not blank
 * @param detail what was found, e.g. the notAfter and the validation instant; not blank, never a key
 */
public record ChainProblem(ChainStatus id, int position, String certificate, String detail) {

    /** The position of a problem with an input certificate that is not part of the path. */
    public static final int NOT_IN_PATH = -1;

    /** Checks that the id is a problem, the position is a path index or {@link #NOT_IN_PATH}, texts are set. */
    public ChainProblem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(detail, "detail");
        if (id == ChainStatus.VALID) {
            throw new IllegalArgumentException("VALID is not a problem");
        }
        if (position < NOT_IN_PATH) {
            throw new IllegalArgumentException("position must be a path index or NOT_IN_PATH (-1), got " + position);
        }
        if (certificate.isBlank() || detail.isBlank()) {
            throw new IllegalArgumentException("a problem names its certificate and says what is wrong");
        }
    }
}
