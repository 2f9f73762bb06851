package dev.vigil.spi.cert;

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

    /**
     * @param uri a URI; not null
     * @return the URI as messages and logs show it: without user info, which may hold a password
     */
    public static String shown(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null)
                    .toString();
        } catch (java.net.URISyntaxException e) {
            return uri.getScheme() + "://" + uri.getHost();
        }
    }
}
