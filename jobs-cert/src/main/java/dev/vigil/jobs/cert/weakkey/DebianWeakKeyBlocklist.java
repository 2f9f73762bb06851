package dev.vigil.jobs.cert.weakkey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * RSA moduli known to come from Debian's broken OpenSSL random generator (CVE-2008-0166, 2006-2008),
 * in the format of Debian's {@code openssl-blacklist} files ({@code blacklist.RSA-1024},
 * {@code blacklist.RSA-2048}, …) that the host supplies.
 *
 * <p><b>What is matched.</b> Each entry is the last 20 hex digits (the last 80 bits) of the SHA-1 of
 * the ASCII text {@code "Modulus=" + HEX + "\n"}, where {@code HEX} is the modulus in uppercase
 * hexadecimal without leading zeros (OpenSSL's {@code BN_print}) — the line {@code openssl x509 -noout
 * -modulus} prints. Only the modulus is matched: the public exponent and the key size play no part,
 * so the files for all key sizes can be loaded into one list. Only RSA keys are covered (the DSA
 * lists of {@code openssh-blacklist} use another format).
 *
 * <p><b>Format.</b> One entry per line, 20 hex digits in either case, surrounding whitespace
 * ignored; blank lines and lines starting with {@code #} are ignored. Anything else is an error
 * naming the line number.
 *
 * <p>Immutable and thread-safe; entries are held as two sorted primitive arrays (10 bytes each).
 */
public final class DebianWeakKeyBlocklist {

    private static final int HEX_DIGITS = 20;
    private static final DebianWeakKeyBlocklist EMPTY = new DebianWeakKeyBlocklist(new long[0], new char[0]);

    /** Low 64 bits of each entry, sorted (signed order), with {@link #high} alongside. */
    private final long[] low;
    /** High 16 bits of each entry. */
    private final char[] high;

    private DebianWeakKeyBlocklist(long[] low, char[] high) {
        this.low = low;
        this.high = high;
    }

    /** @return a list with no entries; matches nothing */
    public static DebianWeakKeyBlocklist empty() {
        return EMPTY;
    }

    /**
     * Parses lines in the {@code openssl-blacklist} format.
     *
     * @param lines the lines, without line terminators; not null, no null elements
     * @return the list; duplicates are kept once
     * @throws IllegalArgumentException when a line is neither blank, a comment nor 20 hex digits; the
     *     message names the 1-based line number
     */
    public static DebianWeakKeyBlocklist parse(Iterable<String> lines) {
        Objects.requireNonNull(lines, "lines");
        Builder builder = new Builder();
        int number = 0;
        for (String line : lines) {
            builder.add(Objects.requireNonNull(line, "line"), ++number);
        }
        return builder.build();
    }

    /**
     * Reads a list in the {@code openssl-blacklist} format (ASCII; decoded as UTF-8) to the end of
     * the stream. The stream is not closed.
     *
     * @param in the stream; not null
     * @return the list
     * @throws IOException when the stream cannot be read
     * @throws IllegalArgumentException when a line is malformed; the message names the line number
     */
    public static DebianWeakKeyBlocklist read(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Builder builder = new Builder();
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            builder.add(line, ++number);
        }
        return builder.build();
    }

    /**
     * Computes the entry a modulus would have in the list.
     *
     * @param modulus an RSA modulus; not null, positive
     * @return the last 20 hex digits, lowercase, of SHA-1 of {@code "Modulus=<UPPERCASE HEX>\n"}
     * @throws IllegalArgumentException when the modulus is not positive
     */
    public static String fingerprint(BigInteger modulus) {
        byte[] digest = digest(modulus);
        return HexFormat.of().formatHex(digest, digest.length - HEX_DIGITS / 2, digest.length);
    }

    /**
     * @param modulus an RSA modulus; not null, positive
     * @return true when the modulus's fingerprint is on the list
     * @throws IllegalArgumentException when the modulus is not positive
     */
    public boolean contains(BigInteger modulus) {
        if (low.length == 0) {
            Objects.requireNonNull(modulus, "modulus");
            return false;
        }
        byte[] digest = digest(modulus);
        int at = digest.length - HEX_DIGITS / 2;
        char hi = (char) (((digest[at] & 0xFF) << 8) | (digest[at + 1] & 0xFF));
        long lo = 0;
        for (int i = at + 2; i < digest.length; i++) {
            lo = (lo << 8) | (digest[i] & 0xFF);
        }
        return indexOf(hi, lo) >= 0;
    }

    /** @return the number of distinct entries */
    public int size() {
        return low.length;
    }

    /** @return true when the list has no entries */
    public boolean isEmpty() {
        return low.length == 0;
    }

    @Override
    public String toString() {
        return "DebianWeakKeyBlocklist[" + low.length + " entries]";
    }

    private int indexOf(char hi, long lo) {
        int i = Arrays.binarySearch(low, lo);
        if (i < 0) {
            return -1;
        }
        // equal low halves (rare) sit next to each other; look both ways for the high half
        for (int j = i; j >= 0 && low[j] == lo; j--) {
            if (high[j] == hi) {
                return j;
            }
        }
        for (int j = i + 1; j < low.length && low[j] == lo; j++) {
            if (high[j] == hi) {
                return j;
            }
        }
        return -1;
    }

    private static byte[] digest(BigInteger modulus) {
        Objects.requireNonNull(modulus, "modulus");
        if (modulus.signum() <= 0) {
            throw new IllegalArgumentException("An RSA modulus must be positive");
        }
        // OpenSSL's BN_print: uppercase, no leading zero digit, so an odd number of digits is possible.
        // (BigInteger.toString(16) would do, but takes tens of microseconds on a 2048-bit modulus.)
        byte[] bytes = modulus.toByteArray();
        int from = bytes[0] == 0 ? 1 : 0;
        String hex = HexFormat.of().withUpperCase().formatHex(bytes, from, bytes.length);
        String text = "Modulus=" + (hex.charAt(0) == '0' ? hex.substring(1) : hex) + "\n";
        try {
            return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-1, which every Java platform must provide", e);
        }
    }

    /** Collects entries, then sorts and removes duplicates. */
    private static final class Builder {
        private final List<long[]> entries = new ArrayList<>();

        void add(String line, int number) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                return;
            }
            if (entry.length() != HEX_DIGITS || !isHex(entry)) {
                throw new IllegalArgumentException("Line " + number + " of the Debian weak-key blocklist is not "
                        + HEX_DIGITS + " hex digits (the last 20 hex digits of a SHA-1), a # comment or blank");
            }
            long hi = Long.parseLong(entry.substring(0, 4), 16);
            long lo = Long.parseUnsignedLong(entry.substring(4), 16);
            entries.add(new long[] {lo, hi});
        }

        DebianWeakKeyBlocklist build() {
            if (entries.isEmpty()) {
                return EMPTY;
            }
            entries.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
            long[] low = new long[entries.size()];
            char[] high = new char[entries.size()];
            int n = 0;
            for (long[] e : entries) {
                if (n > 0 && low[n - 1] == e[0] && high[n - 1] == e[1]) {
                    continue;
                }
                low[n] = e[0];
                high[n++] = (char) e[1];
            }
            return new DebianWeakKeyBlocklist(Arrays.copyOf(low, n), Arrays.copyOf(high, n));
        }

        private static boolean isHex(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                    return false;
                }
            }
            return true;
        }
    }
}
