package dev.vigil.spi.cert;

import java.net.URI;

/** A body was longer than the caller's byte cap; the fetch was abandoned at the cap. */
public class ResponseTooLargeException extends FetchException {
    private static final long serialVersionUID = 1L;

    /**
     * @param uri the URI that was fetched; not null
     * @param maxBytes the cap that was exceeded
     */
    public ResponseTooLargeException(URI uri, long maxBytes) {
        super(uri, shown(uri) + ": body is larger than the cap of " + maxBytes
                + " bytes; raise the cap if the source is trusted", null);
    }
}
