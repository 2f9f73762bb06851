package dev.vigil.spi.cert;

import java.io.IOException;
import java.io.InputStream;

/**
 * The host's list of known-weak RSA keys (the Debian OpenSSL keys of CVE-2008-0166), for
 * {@code cert.vulnerability-check}. Optional. The format is that of the openssl-blacklist package:
 * one entry per line, the last 20 hex digits of the SHA-1 of {@code Modulus=<HEX>\n}; blank lines
 * and lines starting with {@code #} are ignored.
 */
@FunctionalInterface
public interface WeakKeyBlocklistSource {

    /**
     * @return the list, read once per run and closed by the job
     * @throws IOException if it cannot be read; the run then fails with that message
     */
    InputStream open() throws IOException;
}
