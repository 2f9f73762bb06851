package dev.vigil.jobs.cert.crl;

import dev.vigil.spi.VigilException;
import java.net.URI;

/** A URI could not be fetched; the message names the URI and what went wrong. */
public class FetchException extends VigilException {
    private static final long serialVersionUID = 1L;

    private final transient URI uri;

    /**
     * @param uri the URI that was fetched; not null
     * @param message what went wrong; not null
     * @param cause the underlying failure; may be null
     */
    public FetchException(URI uri, String message, Throwable cause) {
        super(message, cause);
        this.uri = uri;
    }

    /** @return the URI that was fetched */
    public URI uri() {
        return uri;
    }
}
