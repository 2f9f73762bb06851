package dev.vigil.spi.cert;

import java.io.IOException;

/**
 * The certificate transparency logs the host trusts, for {@code cert.transparency-check}: Chrome's log
 * list in its v3 JSON format ({@code https://www.gstatic.com/ct/log_list/v3/log_list.json}, whose
 * signature the host verifies when it downloads it). Required by that job; the host decides where the
 * list comes from (a bundled copy, a mirror, a periodic download) and how fresh it must be.
 */
@FunctionalInterface
public interface CtLogListSource {

    /**
     * Returns the log list, read once per run.
     *
     * @return the log list document, UTF-8 JSON in Chrome's {@code log_list.json} v3 format; not null
     * @throws IOException if it cannot be read; the run then fails with that message and records nothing
     */
    byte[] logList() throws IOException;
}
