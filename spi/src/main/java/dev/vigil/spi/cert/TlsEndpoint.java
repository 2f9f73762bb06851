package dev.vigil.spi.cert;

/**
 * A TLS service a certificate was found on or is installed on.
 *
 * @param host a DNS name or an IP address literal
 * @param port 1 to 65535
 */
public record TlsEndpoint(String host, int port) {

    /** Validates. */
    public TlsEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
