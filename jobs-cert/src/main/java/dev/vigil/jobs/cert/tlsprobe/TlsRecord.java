package dev.vigil.jobs.cert.tlsprobe;

import java.util.Objects;

/**
 * One TLS record (RFC 5246, section 6.2.1): content type, protocol version and fragment. The probes
 * only ever see plaintext records, because they stop before ChangeCipherSpec.
 *
 * @param contentType one of the {@code *_TYPE} constants, 0 to 255
 * @param version the record's protocol version, e.g. {@link #TLS_1_2}
 * @param fragment the record's body; not null; the array is not copied
 */
record TlsRecord(int contentType, int version, byte[] fragment) {
    static final int CHANGE_CIPHER_SPEC_TYPE = 20;
    static final int ALERT_TYPE = 21;
    static final int HANDSHAKE_TYPE = 22;
    static final int APPLICATION_DATA_TYPE = 23;
    static final int HEARTBEAT_TYPE = 24;

    static final int SSL_3_0 = 0x0300;
    static final int TLS_1_0 = 0x0301;
    static final int TLS_1_2 = 0x0303;
    static final int TLS_1_3 = 0x0304;

    /** Longest fragment a TLS 1.2 peer may send (TLSCiphertext, RFC 5246, section 6.2.3). */
    static final int MAX_FRAGMENT = (1 << 14) + 2048;

    static final int HEADER_LENGTH = 5;

    TlsRecord {
        Objects.requireNonNull(fragment, "fragment");
        if (contentType < 0 || contentType > 255 || version < 0 || version > 0xFFFF) {
            throw new IllegalArgumentException("bad record header: type " + contentType + ", version " + version);
        }
        if (fragment.length > MAX_FRAGMENT) {
            throw new IllegalArgumentException("fragment of " + fragment.length + " bytes exceeds " + MAX_FRAGMENT);
        }
    }

    /** @return the record as sent on the wire: header and fragment */
    byte[] encode() {
        return new WireWriter().u8(contentType).u16(version).u16(fragment.length).bytes(fragment).toByteArray();
    }

    /** @return e.g. {@code SSLv3}, {@code TLS 1.2}, or the hex value of an unknown version */
    static String versionName(int version) {
        return switch (version) {
            case SSL_3_0 -> "SSLv3";
            case TLS_1_0 -> "TLS 1.0";
            case 0x0302 -> "TLS 1.1";
            case TLS_1_2 -> "TLS 1.2";
            case TLS_1_3 -> "TLS 1.3";
            default -> String.format("version 0x%04x", version);
        };
    }
}
