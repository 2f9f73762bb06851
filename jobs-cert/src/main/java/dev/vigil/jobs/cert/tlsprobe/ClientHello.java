package dev.vigil.jobs.cert.tlsprobe;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A ClientHello as the probes send it (RFC 5246, section 7.4.1.2), encoded by hand: the probes need
 * hellos no TLS library sends (SSLv3 only, a heartbeat extension) and to stop mid-handshake.
 *
 * @param recordVersion the version in the record header
 * @param clientVersion the highest version offered
 * @param random 32 random bytes; not null
 * @param cipherSuites suites offered, in order of preference; not empty
 * @param extensions extensions, already encoded as type, length and data; empty for none
 */
record ClientHello(int recordVersion, int clientVersion, byte[] random, List<Integer> cipherSuites,
                   List<byte[]> extensions) {
    static final int SERVER_NAME_EXTENSION = 0;
    static final int SUPPORTED_GROUPS_EXTENSION = 10;
    static final int EC_POINT_FORMATS_EXTENSION = 11;
    static final int SIGNATURE_ALGORITHMS_EXTENSION = 13;
    static final int HEARTBEAT_EXTENSION = 15;
    static final int SUPPORTED_VERSIONS_EXTENSION = 43;

    /** HeartbeatMode peer_allowed_to_send (RFC 6520, section 2). */
    static final int PEER_ALLOWED_TO_SEND = 1;

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    ClientHello {
        Objects.requireNonNull(random, "random");
        if (random.length != 32) {
            throw new IllegalArgumentException("random must be 32 bytes, got " + random.length);
        }
        cipherSuites = List.copyOf(cipherSuites);
        extensions = List.copyOf(extensions);
        if (cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("at least one cipher suite is needed");
        }
    }

    /**
     * @param host the server's name, sent as SNI unless it is an IP literal or not a valid host name
     * @return a hello offering TLS 1.0 to 1.2 (no supported_versions, so never TLS 1.3), common suites, and
     *     the heartbeat extension in mode peer_allowed_to_send
     */
    static ClientHello withHeartbeat(String host, byte[] random) {
        List<Integer> suites = new java.util.ArrayList<>(CipherSuites.codes(CipherSuites.COMMON));
        suites.add(CipherSuites.EMPTY_RENEGOTIATION_INFO_SCSV);
        List<byte[]> extensions = new java.util.ArrayList<>();
        serverName(host).ifPresent(name -> extensions.add(extension(SERVER_NAME_EXTENSION,
                new WireWriter().vector(2, w -> w.u8(0).vector(2, n -> n.bytes(name))).toByteArray())));
        extensions.add(extension(SUPPORTED_GROUPS_EXTENSION, new WireWriter().vector(2, w -> {
            w.u16(0x001D).u16(0x0017).u16(0x0018);
        }).toByteArray()));
        extensions.add(extension(EC_POINT_FORMATS_EXTENSION, new WireWriter().vector(1, w -> w.u8(0)).toByteArray()));
        extensions.add(extension(SIGNATURE_ALGORITHMS_EXTENSION, new WireWriter().vector(2, w -> {
            for (int scheme : new int[] {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
                    0x0203, 0x0201}) {
                w.u16(scheme);
            }
        }).toByteArray()));
        extensions.add(extension(HEARTBEAT_EXTENSION, new byte[] {PEER_ALLOWED_TO_SEND}));
        return new ClientHello(TlsRecord.TLS_1_0, TlsRecord.TLS_1_2, random, suites, extensions);
    }

    /** @return the SNI host_name for {@code host} (RFC 6066, section 3): ASCII, no trailing dot, no IP literal */
    static Optional<byte[]> serverName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || IP_LITERAL.matcher(name).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @return a hello offering only SSLv3 and only CBC suites, without extensions or TLS_FALLBACK_SCSV */
    static ClientHello sslv3CbcOnly(byte[] random) {
        return new ClientHello(TlsRecord.SSL_3_0, TlsRecord.SSL_3_0, random,
                CipherSuites.codes(CipherSuites.SSL3_CBC), List.of());
    }

    /** @return the hello in one handshake record, ready to send */
    byte[] toRecord() {
        WireWriter body = new WireWriter().u16(clientVersion).bytes(random)
                .vector(1, w -> { })
                .vector(2, w -> cipherSuites.forEach(w::u16))
                .vector(1, w -> w.u8(0));
        if (!extensions.isEmpty()) {
            body.vector(2, w -> extensions.forEach(w::bytes));
        }
        byte[] message = new HandshakeMessage(HandshakeMessage.CLIENT_HELLO, body.toByteArray()).encode();
        return new TlsRecord(TlsRecord.HANDSHAKE_TYPE, recordVersion, message).encode();
    }

    private static byte[] extension(int type, byte[] data) {
        return new WireWriter().u16(type).vector(2, w -> w.bytes(data)).toByteArray();
    }
}
