package dev.vigil.jobs.cert.tlsprobe;

/** What the server did next during its first flight: a handshake message, an alert, or closing. */
sealed interface ServerEvent {
    /** The server sent this handshake message. */
    record Message(HandshakeMessage message) implements ServerEvent {
    }

    /** The server sent this alert. */
    record AlertSent(Alert alert) implements ServerEvent {
    }

    /** The server closed the connection between records and messages. */
    record Closed() implements ServerEvent {
    }
}
