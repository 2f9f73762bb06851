package dev.vigil.jobs.cert.tlsprobe;

import java.util.Arrays;

/**
 * Reads TLS wire structures from a byte array with bounds checks; reading past the end is a
 * {@link ProbeFailure} naming what was being read, never an index exception.
 */
final class WireReader {
    private final byte[] data;
    private final String what;
    private int position;

    /** @param what the structure being read, for failure messages, e.g. {@code ServerHello} */
    WireReader(byte[] data, String what) {
        this.data = data;
        this.what = what;
    }

    int u8() throws ProbeFailure {
        need(1);
        return data[position++] & 0xFF;
    }

    int u16() throws ProbeFailure {
        return (u8() << 8) | u8();
    }

    int u24() throws ProbeFailure {
        return (u8() << 16) | u16();
    }

    byte[] bytes(int length) throws ProbeFailure {
        need(length);
        byte[] value = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return value;
    }

    void skip(int length) throws ProbeFailure {
        need(length);
        position += length;
    }

    int remaining() {
        return data.length - position;
    }

    private void need(int length) throws ProbeFailure {
        if (length < 0 || data.length - position < length) {
            throw new ProbeFailure("malformed " + what + ": it ends " + (length - remaining())
                    + " byte(s) short");
        }
    }
}
