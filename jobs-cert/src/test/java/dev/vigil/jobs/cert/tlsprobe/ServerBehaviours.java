package dev.vigil.jobs.cert.tlsprobe;

import static dev.vigil.jobs.cert.tlsprobe.FakeTlsServer.certificateMessage;
import static dev.vigil.jobs.cert.tlsprobe.FakeTlsServer.extension;
import static dev.vigil.jobs.cert.tlsprobe.FakeTlsServer.handshake;
import static dev.vigil.jobs.cert.tlsprobe.FakeTlsServer.serverHello;

import dev.vigil.jobs.cert.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;

/** What the {@link FakeTlsServer} plays: vulnerable, patched, broken and silent servers. */
final class ServerBehaviours {
    /** Stands for the server's own memory after a received record; a safe probe never gets it echoed. */
    static final byte[] SERVER_MEMORY = "SERVER-MEMORY-PRIVATE-KEY-".getBytes(StandardCharsets.US_ASCII);

    private static final int TLS_1_2 = 0x0303;
    private static final int SSL_3 = 0x0300;

    /** How a TLS 1.2 server treats heartbeats. */
    enum Heartbeats {
        /** Does not accept the heartbeat extension. */
        NOT_NEGOTIATED,
        /** OpenSSL 1.0.1 to 1.0.1f: trusts payload_length and echoes that many bytes. */
        VULNERABLE,
        /** RFC 6520: discards a request whose payload_length does not fit its record. */
        PATCHED,
        /** Answers a request whose payload_length does not fit its record with a fatal decode_error alert. */
        ALERTS,
        /** Closes the connection on a request whose payload_length does not fit its record. */
        CLOSES,
        /** Answers with only the payload the record can hold, never reading past it. */
        CLIPS
    }

    private ServerBehaviours() {
    }

    /**
     * A TLS 1.2 server that answers with ServerHello, Certificate and ServerHelloDone cut into 100-byte
     * records (so messages span records and share them), then answers heartbeat requests as told.
     */
    static FakeTlsServer.Behaviour tls12(Heartbeats heartbeats) {
        byte[] certificate = certificate();
        return peer -> {
            FakeTlsServer.Hello hello = peer.readClientHello();
            boolean negotiate = heartbeats != Heartbeats.NOT_NEGOTIATED && hello.heartbeatExtension() != null;
            byte[] renegotiationInfo = extension(0xFF01, (byte) 0);
            byte[] serverHello = negotiate
                    ? serverHello(TLS_1_2, 0xC02F, renegotiationInfo, extension(15, (byte) 1))
                    : serverHello(TLS_1_2, 0xC02F, renegotiationInfo);
            peer.sendFlight(TLS_1_2, 100, handshake(2, serverHello), handshake(11, certificateMessage(certificate)),
                    handshake(14, new byte[0]));
            FakeTlsServer.Record record;
            while ((record = peer.readRecord()) != null) {
                if (record.type() != 24) {
                    continue;
                }
                peer.server().heartbeatRequest.complete(record);
                byte[] f = record.fragment();
                int claimed = ((f[1] & 0xFF) << 8) | (f[2] & 0xFF);
                boolean consistent = 1 + 2 + claimed + 16 <= f.length;
                if (!consistent && heartbeats == Heartbeats.PATCHED) {
                    continue;
                }
                if (!consistent && heartbeats == Heartbeats.ALERTS) {
                    peer.sendAlert(record.version(), 50);
                    continue;
                }
                if (!consistent && heartbeats == Heartbeats.CLOSES) {
                    return;
                }
                if (!consistent && heartbeats == Heartbeats.CLIPS) {
                    claimed = f.length - 3 - 16;
                }
                byte[] payload = new byte[claimed];
                for (int i = 0; i < claimed; i++) {
                    payload[i] = 3 + i < f.length ? f[3 + i] : SERVER_MEMORY[(3 + i - f.length) % SERVER_MEMORY.length];
                }
                peer.server().echoed.add(payload.clone());
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                response.write(2);
                FakeTlsServer.u16(response, claimed);
                response.writeBytes(payload);
                response.writeBytes(new byte[16]);
                peer.send(24, record.version(), response.toByteArray());
            }
        };
    }

    /** A server that picks TLS 1.3 through supported_versions, then waits for the client to go. */
    static FakeTlsServer.Behaviour tls13() {
        return peer -> {
            peer.readClientHello();
            byte[] keyShare = new byte[36];
            keyShare[1] = 0x1D;
            keyShare[3] = 32;
            peer.sendHandshake(TLS_1_2, 2, serverHello(TLS_1_2, 0x1301, extension(43, (byte) 3, (byte) 4),
                    extension(51, keyShare)));
            peer.send(20, TLS_1_2, new byte[] {1});
            peer.drainUntilClosed();
        };
    }

    /** A server that answers every ClientHello with this fatal alert and closes. */
    static FakeTlsServer.Behaviour alert(int description) {
        return peer -> {
            FakeTlsServer.Hello hello = peer.readClientHello();
            peer.sendAlert(hello.recordVersion(), description);
        };
    }

    /** A server that accepts SSLv3 with the first suite offered. */
    static FakeTlsServer.Behaviour sslv3Accepted() {
        byte[] certificate = certificate();
        return peer -> {
            FakeTlsServer.Hello hello = peer.readClientHello();
            peer.sendFlight(SSL_3, 16384, handshake(2, serverHello(SSL_3, hello.cipherSuites().get(0))),
                    handshake(11, certificateMessage(certificate)), handshake(14, new byte[0]));
            peer.drainUntilClosed();
        };
    }

    /** A server that answers any hello with a TLS 1.2 ServerHello, whatever the client offered. */
    static FakeTlsServer.Behaviour answersWithTls12() {
        return peer -> {
            FakeTlsServer.Hello hello = peer.readClientHello();
            peer.sendHandshake(TLS_1_2, 2, serverHello(TLS_1_2, hello.cipherSuites().get(0)));
            peer.drainUntilClosed();
        };
    }

    /** A server that reads the hello and closes the connection. */
    static FakeTlsServer.Behaviour closesOnHello() {
        return FakeTlsServer.Peer::readClientHello;
    }

    /** A server that answers with these bytes, then closes. */
    static FakeTlsServer.Behaviour answers(byte[] bytes) {
        return peer -> {
            peer.readClientHello();
            peer.write(bytes);
        };
    }

    /** A server that reads the hello and never answers. */
    static FakeTlsServer.Behaviour silent() {
        return peer -> {
            peer.readClientHello();
            peer.hang();
        };
    }

    /** A server that sends a ServerHello and then handshake records without end. */
    static FakeTlsServer.Behaviour flood() {
        return peer -> {
            peer.readClientHello();
            peer.sendHandshake(TLS_1_2, 2, serverHello(TLS_1_2, 0xC02F, extension(15, (byte) 1)));
            byte[] endless = new byte[16000];
            endless[0] = 11;
            endless[1] = 0x7F;
            while (true) {
                peer.send(22, TLS_1_2, endless);
                endless[0] = 0;
                endless[1] = 0;
            }
        };
    }

    /**
     * @return a self-signed certificate and its key for the servers; its key is the one {@code TestPki}
     *     already made for its own root, because RSA key generation is slow
     */
    static TestPki.Issued serverIdentity() {
        return TestPki.rootCa("CN=Test Root");
    }

    /** Called when a behaviour is made, not when it serves: a slow key generation must not look like a silent server. */
    private static byte[] certificate() {
        try {
            return serverIdentity().certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
