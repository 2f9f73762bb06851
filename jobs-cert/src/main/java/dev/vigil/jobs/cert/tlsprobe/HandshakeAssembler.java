package dev.vigil.jobs.cert.tlsprobe;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the fragments of handshake records into handshake messages: one record may hold several
 * messages, and one message may span several records (RFC 5246, section 6.2.1).
 */
final class HandshakeAssembler {
    private static final int HEADER_LENGTH = 4;

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** @return the messages completed by this fragment, in order; possibly none */
    List<HandshakeMessage> add(byte[] fragment) {
        pending.writeBytes(fragment);
        byte[] buffer = pending.toByteArray();
        List<HandshakeMessage> complete = new ArrayList<>();
        int position = 0;
        while (buffer.length - position >= HEADER_LENGTH) {
            int length = ((buffer[position + 1] & 0xFF) << 16) | ((buffer[position + 2] & 0xFF) << 8)
                    | (buffer[position + 3] & 0xFF);
            if (buffer.length - position - HEADER_LENGTH < length) {
                break;
            }
            int start = position + HEADER_LENGTH;
            complete.add(new HandshakeMessage(buffer[position] & 0xFF, Arrays.copyOfRange(buffer, start, start + length)));
            position = start + length;
        }
        pending.reset();
        pending.write(buffer, position, buffer.length - position);
        return complete;
    }

    /** @return whether part of a message is waiting for more fragments */
    boolean hasPartialMessage() {
        return pending.size() > 0;
    }
}
