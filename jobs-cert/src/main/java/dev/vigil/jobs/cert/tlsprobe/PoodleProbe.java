package dev.vigil.jobs.cert.tlsprobe;

import java.io.IOException;
import java.net.SocketException;
import java.security.SecureRandom;

/**
 * Probes for POODLE (CVE-2014-3566): offers SSLv3 alone, with CBC suites alone and without
 * TLS_FALLBACK_SCSV. A server that accepts is open to the SSLv3 CBC padding oracle; one that refuses,
 * closes, or answers with a TLS version is not. The probe stops at the ServerHello.
 */
final class PoodleProbe {
    private final SecureRandom random;

    PoodleProbe(SecureRandom random) {
        this.random = random;
    }

    Finding run(ProbeConnection connection) throws IOException, ProbeFailure {
        byte[] clientRandom = new byte[32];
        random.nextBytes(clientRandom);
        connection.send(ClientHello.sslv3CbcOnly(clientRandom).toRecord());
        ServerEvent event;
        try {
            event = new ServerFlight(connection.records()).next();
        } catch (SocketException e) {
            return new Finding(ProbeOutcome.NOT_VULNERABLE, "server reset the connection on an SSLv3-only ClientHello");
        }
        if (event instanceof ServerEvent.Closed) {
            return new Finding(ProbeOutcome.NOT_VULNERABLE, "server closed the connection on an SSLv3-only ClientHello");
        }
        if (event instanceof ServerEvent.AlertSent sent) {
            return new Finding(ProbeOutcome.NOT_VULNERABLE, "server refused SSLv3 with " + sent.alert());
        }
        HandshakeMessage message = ((ServerEvent.Message) event).message();
        if (message.type() != HandshakeMessage.SERVER_HELLO) {
            throw new ProbeFailure("server answered the SSLv3 ClientHello with "
                    + HandshakeMessage.typeName(message.type()) + " instead of server_hello");
        }
        ServerHello hello = ServerHello.parse(message.body());
        int version = hello.negotiatedVersion();
        if (version > TlsRecord.SSL_3_0) {
            return new Finding(ProbeOutcome.NOT_VULNERABLE, "server answered an SSLv3-only ClientHello with "
                    + TlsRecord.versionName(version) + "; it does not speak SSLv3");
        }
        if (version < TlsRecord.SSL_3_0) {
            throw new ProbeFailure("server chose " + TlsRecord.versionName(version) + ", which was not offered");
        }
        if (!CipherSuites.SSL3_CBC.containsKey(hello.cipherSuite())) {
            throw new ProbeFailure("server chose " + CipherSuites.describe(hello.cipherSuite())
                    + ", which the SSLv3 ClientHello did not offer");
        }
        return new Finding(ProbeOutcome.VULNERABLE, "server accepted SSLv3 with the CBC suite "
                + CipherSuites.describe(hello.cipherSuite()));
    }
}
