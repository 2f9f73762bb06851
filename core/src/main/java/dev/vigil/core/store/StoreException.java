package dev.vigil.core.store;

import dev.vigil.spi.VigilException;

/**
 * A store operation failed for a reason that is not the caller's: the database is unreachable, a
 * statement failed, the schema is newer than this version of Vigil understands. The engine logs
 * it, backs off and tries again; a host calling the store directly may do the same.
 */
public final class StoreException extends VigilException {
    private static final long serialVersionUID = 1L;

    StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
