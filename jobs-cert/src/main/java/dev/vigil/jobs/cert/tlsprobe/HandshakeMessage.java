package dev.vigil.jobs.cert.tlsprobe;

import java.util.Objects;

/**
 * One handshake message (RFC 5246, section 7.4): its type and body.
 *
 * @param type e.g. {@link #SERVER_HELLO}
 * @param body the message body without its 4-byte header; not null
 */
record HandshakeMessage(int type, byte[] body) {
    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;
    static final int SERVER_HELLO_DONE = 14;

    HandshakeMessage {
        Objects.requireNonNull(body, "body");
    }

    /** @return the message with its header, for a handshake record */
    byte[] encode() {
        return new WireWriter().u8(type).u24(body.length).bytes(body).toByteArray();
    }

    static String typeName(int type) {
        return switch (type) {
            case 0 -> "hello_request";
            case CLIENT_HELLO -> "client_hello";
            case SERVER_HELLO -> "server_hello";
            case 4 -> "new_session_ticket";
            case 8 -> "encrypted_extensions";
            case 11 -> "certificate";
            case 12 -> "server_key_exchange";
            case 13 -> "certificate_request";
            case SERVER_HELLO_DONE -> "server_hello_done";
            case 22 -> "certificate_status";
            default -> "type " + type;
        };
    }
}
