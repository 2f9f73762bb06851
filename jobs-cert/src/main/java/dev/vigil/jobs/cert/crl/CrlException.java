package dev.vigil.jobs.cert.crl;

import dev.vigil.spi.VigilException;
import java.util.Objects;

/** A CRL cannot be used: malformed, not from the expected issuer, bad signature, unsupported. */
public class CrlException extends VigilException {
    private static final long serialVersionUID = 1L;

    private final UnknownCause cause;

    /**
     * @param cause the category, for reporting; not null
     * @param message what is wrong with the CRL; not null
     */
    public CrlException(UnknownCause cause, String message) {
        this(cause, message, null);
    }

    /**
     * @param cause the category, for reporting; not null
     * @param message what is wrong with the CRL; not null
     * @param underlying the failure behind it; may be null
     */
    public CrlException(UnknownCause cause, String message, Throwable underlying) {
        super(message, underlying);
        this.cause = Objects.requireNonNull(cause, "cause");
    }

    /** @return the category of the problem */
    public UnknownCause unknownCause() {
        return cause;
    }

    static CrlException malformed(String message) {
        return new CrlException(UnknownCause.MALFORMED, "malformed CRL: " + message);
    }
}
