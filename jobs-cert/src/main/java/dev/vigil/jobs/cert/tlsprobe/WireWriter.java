package dev.vigil.jobs.cert.tlsprobe;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/** Writes TLS wire structures: big-endian integers and length-prefixed vectors (RFC 5246, section 4). */
final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    WireWriter u8(int value) {
        out.write(value);
        return this;
    }

    WireWriter u16(int value) {
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    WireWriter u24(int value) {
        out.write(value >>> 16);
        return u16(value);
    }

    WireWriter bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    /** Writes what {@code body} writes, preceded by its length in {@code lengthBytes} bytes (1, 2 or 3). */
    WireWriter vector(int lengthBytes, Consumer<WireWriter> body) {
        WireWriter inner = new WireWriter();
        body.accept(inner);
        byte[] content = inner.toByteArray();
        int max = (1 << (8 * lengthBytes)) - 1;
        if (content.length > max) {
            throw new IllegalStateException("vector of " + content.length + " bytes does not fit a "
                    + lengthBytes + "-byte length");
        }
        switch (lengthBytes) {
            case 1 -> u8(content.length);
            case 2 -> u16(content.length);
            case 3 -> u24(content.length);
            default -> throw new IllegalArgumentException("lengthBytes must be 1, 2 or 3, got " + lengthBytes);
        }
        return bytes(content);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
