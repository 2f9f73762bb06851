package dev.vigil.jobs.cert.tlsprobe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a ServerHello the probes decide on (RFC 5246, section 7.4.1.3; RFC 8446, section 4.1.3).
 *
 * @param serverVersion the legacy version field: the negotiated version up to TLS 1.2
 * @param cipherSuite the suite the server chose
 * @param extensions extension data by type; empty if the hello has none
 */
record ServerHello(int serverVersion, int cipherSuite, Map<Integer, byte[]> extensions) {
    ServerHello {
        extensions = Map.copyOf(extensions);
    }

    /** @throws ProbeFailure if the body is cut short or an extension overruns it */
    static ServerHello parse(byte[] body) throws ProbeFailure {
        WireReader in = new WireReader(body, "ServerHello");
        int version = in.u16();
        in.skip(32);
        in.skip(in.u8());
        int suite = in.u16();
        in.u8();
        Map<Integer, byte[]> extensions = new LinkedHashMap<>();
        if (in.remaining() > 0) {
            byte[] block = in.bytes(in.u16());
            WireReader ext = new WireReader(block, "ServerHello extensions");
            while (ext.remaining() > 0) {
                int type = ext.u16();
                extensions.put(type, ext.bytes(ext.u16()));
            }
        }
        return new ServerHello(version, suite, extensions);
    }

    /**
     * @return the version the server chose: the supported_versions extension if present (TLS 1.3 and
     *     its HelloRetryRequest), else the legacy version field
     * @throws ProbeFailure if supported_versions is not two bytes long
     */
    int negotiatedVersion() throws ProbeFailure {
        byte[] selected = extensions.get(ClientHello.SUPPORTED_VERSIONS_EXTENSION);
        if (selected == null) {
            return serverVersion;
        }
        if (selected.length != 2) {
            throw new ProbeFailure("malformed ServerHello: supported_versions of " + selected.length + " bytes");
        }
        return ((selected[0] & 0xFF) << 8) | (selected[1] & 0xFF);
    }

    /** @return the server's HeartbeatMode (RFC 6520), if it accepted the heartbeat extension */
    Optional<Integer> heartbeatMode() throws ProbeFailure {
        byte[] data = extensions.get(ClientHello.HEARTBEAT_EXTENSION);
        if (data == null) {
            return Optional.empty();
        }
        if (data.length != 1) {
            throw new ProbeFailure("malformed ServerHello: heartbeat extension of " + data.length + " bytes");
        }
        return Optional.of(data[0] & 0xFF);
    }
}
