package dev.vigil.jobs.cert.tlsprobe;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Probes for Heartbleed (CVE-2014-0160) without exploiting it. In the middle of a TLS 1.2-or-lower
 * handshake, while records are still plaintext, it sends a heartbeat request whose payload_length counts
 * the payload and also the 16 padding bytes after it. RFC 6520 requires a server to discard such a
 * request silently; a vulnerable server trusts payload_length and echoes payload and padding. Since the
 * claimed length ends exactly at the end of our own record, even a vulnerable server copies only bytes
 * we sent: nothing of its memory is disclosed. The echo is compared in memory and then wiped.
 */
final class HeartbleedProbe {
    private static final int HEARTBEAT_REQUEST = 1;
    private static final int HEARTBEAT_RESPONSE = 2;
    static final int PAYLOAD_LENGTH = 16;
    /** The least padding RFC 6520 allows; we send exactly this much. */
    static final int PADDING_LENGTH = 16;

    private final SecureRandom random;

    HeartbleedProbe(SecureRandom random) {
        this.random = random;
    }

    Finding run(ProbeConnection connection) throws IOException, ProbeFailure {
        connection.send(ClientHello.withHeartbeat(connection.host(), randomBytes(32)).toRecord());
        ServerFlight flight = new ServerFlight(connection.records());
        ServerEvent first = flight.next();
        if (first instanceof ServerEvent.Closed) {
            throw new ProbeFailure("server closed the connection without answering the ClientHello");
        }
        if (first instanceof ServerEvent.AlertSent sent) {
            if (sent.alert().description() == Alert.PROTOCOL_VERSION) {
                return new Finding(ProbeOutcome.NOT_APPLICABLE, "server refused TLS 1.0 to 1.2 with " + sent.alert()
                        + "; Heartbleed needs a TLS 1.2 or lower handshake");
            }
            throw new ProbeFailure("server refused the ClientHello with " + sent.alert());
        }
        HandshakeMessage message = ((ServerEvent.Message) first).message();
        if (message.type() != HandshakeMessage.SERVER_HELLO) {
            throw new ProbeFailure("server answered the ClientHello with "
                    + HandshakeMessage.typeName(message.type()) + " instead of server_hello");
        }
        ServerHello hello = ServerHello.parse(message.body());
        int version = hello.negotiatedVersion();
        if (version >= TlsRecord.TLS_1_3) {
            return new Finding(ProbeOutcome.NOT_APPLICABLE, "server negotiated " + TlsRecord.versionName(version)
                    + ", which has no heartbeat extension; Heartbleed needs TLS 1.2 or lower");
        }
        Optional<Integer> mode = hello.heartbeatMode();
        if (mode.isEmpty()) {
            return new Finding(ProbeOutcome.NOT_VULNERABLE, "server did not accept the heartbeat extension (RFC 6520)"
                    + " in its " + TlsRecord.versionName(version) + " ServerHello, so it does not process heartbeats");
        }
        awaitServerHelloDone(flight);
        return sendMalformedHeartbeat(connection, hello.serverVersion(), version, mode.get());
    }

    private static void awaitServerHelloDone(ServerFlight flight) throws IOException, ProbeFailure {
        while (true) {
            ServerEvent event = flight.next();
            if (event instanceof ServerEvent.Closed) {
                throw new ProbeFailure("server closed the connection before server_hello_done");
            }
            if (event instanceof ServerEvent.AlertSent sent) {
                throw new ProbeFailure("server aborted the handshake with " + sent.alert() + " before server_hello_done");
            }
            if (((ServerEvent.Message) event).message().type() == HandshakeMessage.SERVER_HELLO_DONE) {
                return;
            }
        }
    }

    private Finding sendMalformedHeartbeat(ProbeConnection connection, int recordVersion, int version, int mode)
            throws IOException, ProbeFailure {
        byte[] sent = randomBytes(PAYLOAD_LENGTH + PADDING_LENGTH);
        try {
            byte[] request = new WireWriter().u8(HEARTBEAT_REQUEST).u16(sent.length).bytes(sent).toByteArray();
            connection.send(new TlsRecord(TlsRecord.HEARTBEAT_TYPE, recordVersion, request).encode());
            String context = TlsRecord.versionName(version) + ", heartbeat mode " + mode;
            while (true) {
                TlsRecord record;
                try {
                    record = connection.records().next();
                } catch (SocketTimeoutException e) {
                    return new Finding(ProbeOutcome.NOT_VULNERABLE, "no heartbeat response within "
                            + connection.readTimeout().toMillis() + " ms: the server discarded the request whose "
                            + "payload_length exceeded its record (" + context + ")");
                } catch (SocketException e) {
                    return new Finding(ProbeOutcome.NOT_VULNERABLE, "server reset the connection on the heartbeat "
                            + "request whose payload_length exceeded its record (" + context + ")");
                }
                if (record == null) {
                    return new Finding(ProbeOutcome.NOT_VULNERABLE, "server closed the connection on the heartbeat "
                            + "request whose payload_length exceeded its record (" + context + ")");
                }
                if (record.contentType() == TlsRecord.ALERT_TYPE) {
                    return new Finding(ProbeOutcome.NOT_VULNERABLE, "server answered the heartbeat request whose "
                            + "payload_length exceeded its record with " + Alert.parse(record) + " (" + context + ")");
                }
                if (record.contentType() == TlsRecord.HEARTBEAT_TYPE) {
                    Optional<Finding> finding = judge(record.fragment(), sent, context);
                    if (finding.isPresent()) {
                        return finding.get();
                    }
                }
            }
        } finally {
            Arrays.fill(sent, (byte) 0);
        }
    }

    /** @return the finding for a heartbeat message from the server, empty if it is a request of its own */
    private static Optional<Finding> judge(byte[] fragment, byte[] sent, String context) throws ProbeFailure {
        try {
            WireReader in = new WireReader(fragment, "heartbeat message");
            int type = in.u8();
            if (type == HEARTBEAT_REQUEST) {
                return Optional.empty();
            }
            int payloadLength = in.u16();
            if (type != HEARTBEAT_RESPONSE || payloadLength > in.remaining()) {
                throw new ProbeFailure("server sent a malformed heartbeat message (type " + type + ", "
                        + fragment.length + " bytes)");
            }
            if (payloadLength == sent.length && Arrays.equals(fragment, 3, 3 + sent.length, sent, 0, sent.length)) {
                return Optional.of(new Finding(ProbeOutcome.VULNERABLE, "server echoed " + payloadLength + " bytes for"
                        + " a heartbeat request that held only " + PAYLOAD_LENGTH + ": it trusts payload_length and"
                        + " reads past the request (" + context + ")"));
            }
            if (payloadLength <= PAYLOAD_LENGTH) {
                return Optional.of(new Finding(ProbeOutcome.NOT_VULNERABLE, "server answered the heartbeat request"
                        + " with " + payloadLength + " bytes, none beyond the payload the request held (" + context + ")"));
            }
            throw new ProbeFailure("server answered the heartbeat request with a " + payloadLength
                    + "-byte payload that is not the one sent");
        } finally {
            Arrays.fill(fragment, (byte) 0);
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
