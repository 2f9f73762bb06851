package dev.vigil.jobs.cert.tlsprobe;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * An open TCP connection to the endpoint being probed.
 *
 * @param host the endpoint's host name or address literal, for SNI
 * @param out where requests go
 * @param records where the server's records come from
 * @param readTimeout how long the server may take to answer each request
 */
record ProbeConnection(String host, OutputStream out, RecordReader records, Duration readTimeout) {
    /** Sends {@code bytes} and starts the wait for the answer. */
    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        records.expectAnswerWithin(readTimeout);
    }
}
