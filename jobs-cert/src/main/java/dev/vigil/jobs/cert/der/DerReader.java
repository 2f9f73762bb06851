package dev.vigil.jobs.cert.der;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A forward-only DER reader over a range of a byte array: no objects per element, every length is
 * checked against the enclosing range, so truncated or garbage input fails with the caller's exception
 * naming the offset instead of an index exception or a huge allocation. Used where BouncyCastle's ASN.1
 * objects would cost more than the work: indexing a CRL of a million entries, reading the few parts of a
 * certificate the lints look at, a leaf's authority key identifier.
 */
public final class DerReader {
    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int OID = 0x06;
    public static final int ENUMERATED = 0x0A;
    public static final int BOOLEAN = 0x01;
    public static final int UTC_TIME = 0x17;
    public static final int GENERALIZED_TIME = 0x18;
    public static final int SEQUENCE = 0x30;

    private final byte[] buf;
    private int pos;
    private int end;
    private final Function<String, ? extends RuntimeException> malformed;

    /**
     * @param buf the bytes; not copied
     * @param from where the range starts
     * @param to where it ends (exclusive)
     * @param malformed makes the exception thrown for malformed input from a message naming the part and offset
     */
    public DerReader(byte[] buf, int from, int to, Function<String, ? extends RuntimeException> malformed) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.malformed = malformed;
    }

    public byte[] buffer() {
        return buf;
    }

    public int position() {
        return pos;
    }

    public int end() {
        return end;
    }

    public boolean hasMore() {
        return pos < end;
    }

    /** @return the next tag without consuming it, or -1 at the end of the range */
    public int peekTag() {
        return pos < end ? buf[pos] & 0xFF : -1;
    }

    /**
     * Reads a tag and a length, leaving the position at the first content byte.
     *
     * @return the content length
     */
    public int expect(int tag, String what) {
        if (pos >= end) {
            throw malformed.apply(what + " missing at offset " + pos + " (truncated?)");
        }
        int actual = buf[pos] & 0xFF;
        if (actual != tag) {
            throw malformed.apply(String.format("%s: expected tag 0x%02x at offset %d, found 0x%02x",
                    what, tag, pos, actual));
        }
        pos++;
        return length(what);
    }

    private int length(String what) {
        if (pos >= end) {
            throw malformed.apply(what + ": length missing at offset " + pos + " (truncated)");
        }
        int first = buf[pos++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7F;
            if (octets == 0) {
                throw malformed.apply(what + ": indefinite length at offset " + (pos - 1) + " is not DER");
            }
            if (octets > 4 || end - pos < octets) {
                throw malformed.apply(what + ": bad length at offset " + (pos - 1));
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (buf[pos++] & 0xFF);
            }
        }
        if (length > end - pos) {
            throw malformed.apply(what + ": length " + length + " at offset " + pos + " runs past the end ("
                    + (end - pos) + " bytes left; truncated?)");
        }
        return (int) length;
    }

    /** Skips one whole element of any tag. */
    public void skip(String what) {
        if (pos >= end) {
            throw malformed.apply(what + " missing at offset " + pos + " (truncated?)");
        }
        pos++;
        int length = length(what); // not "pos += length(what)": length() moves pos
        pos += length;
    }

    /** Moves over {@code n} content bytes already bounds-checked by {@link #expect}. */
    public void advance(int n) {
        pos += n;
    }

    /** @return the whole element (tag, length, content) at the position, which moves past it */
    public byte[] element(String what) {
        int start = pos;
        skip(what);
        return Arrays.copyOfRange(buf, start, pos);
    }

    /** Narrows the range to the {@code length} bytes at the position; returns the old end. */
    public int narrow(int length) {
        int old = end;
        end = pos + length;
        return old;
    }

    /** Checks that the narrowed range is consumed and widens it back to {@code oldEnd}. */
    public void widen(int oldEnd, String what) {
        if (pos != end) {
            throw malformed.apply(what + ": " + (end - pos) + " unexpected bytes at offset " + pos);
        }
        end = oldEnd;
    }

    /** @return a UTCTime or GeneralizedTime as epoch seconds */
    public long time(String what) {
        int tag = peekTag();
        if (tag == UTC_TIME) {
            int len = expect(UTC_TIME, what);
            if (len != 13 || buf[pos + 12] != 'Z') {
                throw malformed.apply(what + ": UTCTime at offset " + pos + " is not YYMMDDHHMMSSZ");
            }
            int yy = digits(pos, 2, what);
            long t = epochSeconds(yy >= 50 ? 1900 + yy : 2000 + yy, pos + 2, what);
            pos += len;
            return t;
        }
        if (tag == GENERALIZED_TIME) {
            int len = expect(GENERALIZED_TIME, what);
            if (len != 15 || buf[pos + 14] != 'Z') {
                throw malformed.apply(what + ": GeneralizedTime at offset " + pos + " is not YYYYMMDDHHMMSSZ");
            }
            long t = epochSeconds(digits(pos, 4, what), pos + 4, what);
            pos += len;
            return t;
        }
        throw malformed.apply(String.format("%s: expected a time at offset %d, found tag 0x%02x", what, pos,
                tag));
    }

    private long epochSeconds(int year, int at, String what) {
        int month = digits(at, 2, what);
        int day = digits(at + 2, 2, what);
        int hour = digits(at + 4, 2, what);
        int minute = digits(at + 6, 2, what);
        int second = digits(at + 8, 2, what);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            throw malformed.apply(what + ": impossible date or time at offset " + at);
        }
        return daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    }

    private int digits(int at, int count, String what) {
        int v = 0;
        for (int i = 0; i < count; i++) {
            int d = buf[at + i] - '0';
            if (d < 0 || d > 9) {
                throw malformed.apply(what + ": non-digit in time at offset " + (at + i));
            }
            v = v * 10 + d;
        }
        return v;
    }

    /**
     * Reads the keyIdentifier of an authorityKeyIdentifier extension (RFC 5280, 4.2.1.1) from its value as
     * {@link java.security.cert.X509Certificate#getExtensionValue} gives it:
     * {@code OCTET STRING { SEQUENCE { [0] keyIdentifier OPTIONAL, [1] ..., [2] ... } }}.
     *
     * @param extensionValue the value; not null
     * @param malformed makes the exception thrown when the value is not that structure
     * @return the keyIdentifier; null when the extension has none
     */
    public static byte[] authorityKeyIdentifier(byte[] extensionValue,
            Function<String, ? extends RuntimeException> malformed) {
        DerReader r = new DerReader(extensionValue, 0, extensionValue.length, malformed);
        r.narrow(r.expect(OCTET_STRING, "extnValue"));
        r.narrow(r.expect(SEQUENCE, "AuthorityKeyIdentifier"));
        if (r.end() != extensionValue.length) {
            throw malformed.apply("AuthorityKeyIdentifier: " + (extensionValue.length - r.end()) + " bytes after it");
        }
        if (r.peekTag() != 0x80) {
            return null;
        }
        int length = r.expect(0x80, "keyIdentifier");
        return Arrays.copyOfRange(extensionValue, r.position(), r.position() + length);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    public static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468L;
    }
}
