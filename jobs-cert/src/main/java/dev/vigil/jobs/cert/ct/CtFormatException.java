package dev.vigil.jobs.cert.ct;

import dev.vigil.spi.VigilException;

/**
 * Input that certificate transparency checking reads is malformed: a log list that is not JSON or
 * not shaped like the Chrome v3 log list, or an embedded SCT list whose bytes do not decode. The
 * message says what was wrong and where (a character position, a JSON path or a byte offset).
 */
public final class CtFormatException extends VigilException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and where; not null */
    public CtFormatException(String message) {
        super(message);
    }
}
