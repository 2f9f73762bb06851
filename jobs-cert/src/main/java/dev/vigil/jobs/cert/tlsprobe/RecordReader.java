package dev.vigil.jobs.cert.tlsprobe;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reads TLS records from a server, with a deadline for each answer and a cap on all bytes read.
 * Anything that is not a well-formed record header is a {@link ProbeFailure}, as is a record cut off by
 * the end of the stream, or a record that would take the total over the cap (detected from its header,
 * before its body is read).
 */
final class RecordReader {
    private final Socket socket;
    private final InputStream in;
    private final int maxBytes;
    private long bytesRead;
    private long deadline;
    private Duration window = Duration.ZERO;

    RecordReader(Socket socket, int maxBytes) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.maxBytes = maxBytes;
    }

    /** Starts the wait for an answer: records must arrive within {@code window} from now. */
    void expectAnswerWithin(Duration window) {
        this.window = window;
        this.deadline = System.nanoTime() + window.toNanos();
    }

    /** @return the window of the current wait, for messages */
    Duration window() {
        return window;
    }

    /**
     * @return the next record, or null if the server closed the connection cleanly between records
     * @throws SocketTimeoutException if the deadline passes first
     * @throws ProbeFailure if the bytes are not a TLS record, are cut off, or exceed the cap
     * @throws IOException if the connection fails, e.g. is reset
     */
    TlsRecord next() throws IOException, ProbeFailure {
        byte[] header = new byte[TlsRecord.HEADER_LENGTH];
        checkCap(header.length);
        int got = readFully(header);
        if (got == 0) {
            return null;
        }
        if (got < header.length) {
            throw new ProbeFailure("server sent a truncated record: the connection closed inside a record header");
        }
        int type = header[0] & 0xFF;
        int version = ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
        int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
        checkHeader(header, type, version, length);
        checkCap(length);
        byte[] fragment = new byte[length];
        got = readFully(fragment);
        if (got < length) {
            throw new ProbeFailure("server sent a truncated record: the connection closed after " + got + " of "
                    + length + " bytes of a " + contentTypeName(type) + " record");
        }
        return new TlsRecord(type, version, fragment);
    }

    private static void checkHeader(byte[] header, int type, int version, int length) throws ProbeFailure {
        if (header[0] == 'H' && header[1] == 'T' && header[2] == 'T' && header[3] == 'P') {
            throw new ProbeFailure("server answered with HTTP, not TLS");
        }
        if ((header[0] & 0x80) != 0 && header[2] == 4) {
            throw new ProbeFailure("server answered with an SSLv2 record, not SSLv3 or TLS");
        }
        if (type < TlsRecord.CHANGE_CIPHER_SPEC_TYPE || type > TlsRecord.HEARTBEAT_TYPE) {
            throw new ProbeFailure("server's answer is not TLS: unknown record content type " + type);
        }
        if ((version >>> 8) != 3 || (version & 0xFF) > 4) {
            throw new ProbeFailure(String.format("server's answer is not TLS: record version 0x%04x", version));
        }
        if (length > TlsRecord.MAX_FRAGMENT) {
            throw new ProbeFailure("server's answer is not TLS: a record of " + length + " bytes exceeds the "
                    + TlsRecord.MAX_FRAGMENT + "-byte maximum");
        }
    }

    private void checkCap(int more) throws ProbeFailure {
        if (bytesRead + more > maxBytes) {
            throw new ProbeFailure("server sent more than the " + maxBytes + "-byte cap before the probe could decide");
        }
    }

    /** @return how many bytes were read before the stream ended; {@code buffer.length} if none was missing */
    private int readFully(byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("no answer within " + window.toMillis() + " ms");
            }
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
            bytesRead += n;
        }
        return filled;
    }

    static String contentTypeName(int type) {
        return switch (type) {
            case TlsRecord.CHANGE_CIPHER_SPEC_TYPE -> "change_cipher_spec";
            case TlsRecord.ALERT_TYPE -> "alert";
            case TlsRecord.HANDSHAKE_TYPE -> "handshake";
            case TlsRecord.APPLICATION_DATA_TYPE -> "application_data";
            case TlsRecord.HEARTBEAT_TYPE -> "heartbeat";
            default -> "type " + type;
        };
    }
}
