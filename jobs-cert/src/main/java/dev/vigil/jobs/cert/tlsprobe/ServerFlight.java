package dev.vigil.jobs.cert.tlsprobe;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The server's first flight (ServerHello up to ServerHelloDone) as a sequence of {@link ServerEvent}s.
 * Heartbeat records are skipped; a ChangeCipherSpec or application data record before the flight is
 * over is a {@link ProbeFailure}, since nothing the probes send allows one.
 */
final class ServerFlight {
    private final RecordReader records;
    private final HandshakeAssembler assembler = new HandshakeAssembler();
    private final Deque<HandshakeMessage> ready = new ArrayDeque<>();

    ServerFlight(RecordReader records) {
        this.records = records;
    }

    /**
     * @return the next event; never null
     * @throws java.net.SocketTimeoutException if the reader's deadline passes first
     * @throws ProbeFailure if the records are not TLS, cut off, over the cap, or out of place
     * @throws IOException if the connection fails
     */
    ServerEvent next() throws IOException, ProbeFailure {
        while (ready.isEmpty()) {
            TlsRecord record = records.next();
            if (record == null) {
                if (assembler.hasPartialMessage()) {
                    throw new ProbeFailure("server sent a truncated handshake message: the connection closed inside it");
                }
                return new ServerEvent.Closed();
            }
            switch (record.contentType()) {
                case TlsRecord.HANDSHAKE_TYPE -> ready.addAll(assembler.add(record.fragment()));
                case TlsRecord.ALERT_TYPE -> {
                    return new ServerEvent.AlertSent(Alert.parse(record));
                }
                case TlsRecord.HEARTBEAT_TYPE -> {
                    // A heartbeat of the server's own during the handshake; not an answer to anything.
                }
                default -> throw new ProbeFailure("server sent a record of type "
                        + RecordReader.contentTypeName(record.contentType()) + " before its first flight was over");
            }
        }
        return new ServerEvent.Message(ready.removeFirst());
    }
}
