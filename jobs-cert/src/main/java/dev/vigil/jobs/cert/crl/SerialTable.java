package dev.vigil.jobs.cert.crl;

import dev.vigil.spi.cert.RevocationReason;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The entries of one CRL, compact and sorted for search. Two parts:
 *
 * <ul>
 *   <li>serials that are non-negative and fit 63 bits: their value, in a sorted {@code long[]};
 *   <li>any other serial (the random 16-20 byte serials of most public CAs): its minimal
 *       two's-complement bytes in one byte arena, sorted by a {@code long} made of its last 8 bytes
 *       (where serials differ: counters and random parts end there); a lookup finds the run of equal
 *       keys, almost always one entry, and compares the bytes.
 * </ul>
 *
 * <p>Each part has a bucket directory over its key range (see {@link Part}): a lookup touches three or
 * four cache lines instead of the twenty a plain binary search over a million entries does. The
 * revocation date (epoch seconds) and the reason byte (-1 for "no reason code") share one
 * {@code long}. About 17 bytes per small entry, 21 + serial length per big one, against several
 * hundred for a JDK {@code X509CRLEntry}.
 */
final class SerialTable {
    static final byte NO_REASON = -1;
    static final int PER_BUCKET = 4;

    private final Part small;
    private final Part big;
    private final byte[] arena; // big entry i occupies arena[offsets[i], offsets[i + 1])
    private final int[] offsets;

    private SerialTable(Part small, Part big, byte[] arena, int[] offsets) {
        this.small = small;
        this.big = big;
        this.arena = arena;
        this.offsets = offsets;
    }

    int size() {
        return small.keys.length + big.keys.length;
    }

    /** @return the entry for that serial; empty if the CRL does not list it */
    Optional<RevokedEntry> find(BigInteger serial) {
        if (serial.signum() >= 0 && serial.bitLength() <= 63) {
            long key = serial.longValue();
            int i = small.lowerBound(key);
            return i < small.keys.length && small.keys[i] == key ? Optional.of(small.entry(serial, i))
                    : Optional.empty();
        }
        byte[] bytes = serial.toByteArray();
        long key = tailKey(bytes, 0, bytes.length);
        for (int i = big.lowerBound(key); i < big.keys.length && big.keys[i] == key; i++) {
            if (Arrays.equals(arena, offsets[i], offsets[i + 1], bytes, 0, bytes.length)) {
                return Optional.of(big.entry(serial, i));
            }
        }
        return Optional.empty();
    }

    /** @return the last (up to) 8 bytes of {@code b[off, off + len)} as a big-endian long */
    static long tailKey(byte[] b, int off, int len) {
        long v = 0;
        for (int i = Math.max(off, off + len - 8); i < off + len; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    /**
     * Sorted keys with their dates and reasons, and a directory: the key range [min, max] is cut into
     * about n / {@value #PER_BUCKET} equal buckets by the top bits of {@code key - min}, and
     * {@code directory[b]} is the first index of bucket b. A lookup reads one directory slot and
     * searches the few keys of one bucket; skewed keys only make some buckets longer.
     */
    private static final class Part {
        final long[] keys;
        final long[] dateAndReason; // epoch second << 8 | reason byte: one cache line read per hit
        final int[] directory;
        final int shift;

        Part(long[] keys, long[] dates, byte[] reasons) {
            this.keys = keys;
            this.dateAndReason = new long[keys.length];
            for (int i = 0; i < keys.length; i++) {
                dateAndReason[i] = (dates[i] << 8) | (reasons[i] & 0xFF);
            }
            int n = keys.length;
            if (n == 0) {
                this.directory = new int[] {0, 0};
                this.shift = 63;
                return;
            }
            long range = keys[n - 1] - keys[0]; // unsigned: keys[n - 1] >= keys[0]
            int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, n / PER_BUCKET)); // about n / PER_BUCKET buckets
            int s = 0;
            while (Long.compareUnsigned(range >>> s, 1L << bits) >= 0) {
                s++;
            }
            this.shift = s;
            int buckets = (int) (range >>> s) + 1;
            this.directory = new int[buckets + 1];
            int b = 0;
            for (int i = 0; i < n; i++) {
                int bucket = (int) ((keys[i] - keys[0]) >>> s);
                while (b <= bucket) {
                    directory[b++] = i;
                }
            }
            while (b <= buckets) {
                directory[b++] = n;
            }
        }

        /** @return the first index whose key is at least {@code key}, or {@code keys.length} */
        int lowerBound(long key) {
            int n = keys.length;
            if (n == 0 || key <= keys[0]) {
                return 0;
            }
            if (key > keys[n - 1]) {
                return n;
            }
            int bucket = (int) ((key - keys[0]) >>> shift);
            int from = directory[bucket];
            int to = directory[bucket + 1];
            while (from < to) {
                int mid = (from + to) >>> 1;
                if (keys[mid] < key) {
                    from = mid + 1;
                } else {
                    to = mid;
                }
            }
            return from;
        }

        RevokedEntry entry(BigInteger serial, int i) {
            long packed = dateAndReason[i];
            byte reason = (byte) packed;
            return new RevokedEntry(serial, Instant.ofEpochSecond(packed >> 8),
                    reason == NO_REASON ? Optional.empty() : RevocationReason.ofCode(reason));
        }
    }

    /** Collects entries in CRL order, then sorts once. Not thread-safe. */
    static final class Builder {
        private long[] smallKeys;
        private long[] smallDates;
        private byte[] smallReasons;
        private int smallCount;
        private long[] bigKeys = new long[16];
        private long[] bigDates = new long[16];
        private byte[] bigReasons = new byte[16];
        private int[] offsets = new int[17];
        private int bigCount;
        private byte[] arena = new byte[256];
        private int arenaSize;

        Builder(int expectedEntries) {
            int n = Math.max(16, expectedEntries);
            smallKeys = new long[n];
            smallDates = new long[n];
            smallReasons = new byte[n];
        }

        /**
         * Adds the serial whose INTEGER content is {@code buf[off, off + len)}, {@code len >= 1}.
         * Redundant leading sign octets (not DER, but seen) are dropped so that lookups match.
         */
        void add(byte[] buf, int off, int len, long date, byte reason) {
            while (len > 1 && ((buf[off] == 0 && buf[off + 1] >= 0) || (buf[off] == -1 && buf[off + 1] < 0))) {
                off++;
                len--;
            }
            if (len <= 8 && buf[off] >= 0) {
                if (smallCount == smallKeys.length) {
                    int grown = smallCount + (smallCount >> 1);
                    smallKeys = Arrays.copyOf(smallKeys, grown);
                    smallDates = Arrays.copyOf(smallDates, grown);
                    smallReasons = Arrays.copyOf(smallReasons, grown);
                }
                smallKeys[smallCount] = tailKey(buf, off, len);
                smallDates[smallCount] = date;
                smallReasons[smallCount] = reason;
                smallCount++;
                return;
            }
            if (bigCount == bigKeys.length) {
                int grown = bigCount + (bigCount >> 1);
                bigKeys = Arrays.copyOf(bigKeys, grown);
                bigDates = Arrays.copyOf(bigDates, grown);
                bigReasons = Arrays.copyOf(bigReasons, grown);
                offsets = Arrays.copyOf(offsets, grown + 1);
            }
            if (arenaSize + len > arena.length) {
                arena = Arrays.copyOf(arena, Math.max(arenaSize + len, arena.length * 2));
            }
            System.arraycopy(buf, off, arena, arenaSize, len);
            arenaSize += len;
            bigKeys[bigCount] = tailKey(buf, off, len);
            bigDates[bigCount] = date;
            bigReasons[bigCount] = reason;
            bigCount++;
            offsets[bigCount] = arenaSize;
        }

        SerialTable build() {
            long[] keys = Arrays.copyOf(smallKeys, smallCount);
            int[] order = sort(keys);
            Part small = new Part(keys, gather(smallDates, order, smallCount), gather(smallReasons, order, smallCount));
            smallKeys = null;
            smallDates = null;
            smallReasons = null;

            keys = Arrays.copyOf(bigKeys, bigCount);
            order = sort(keys);
            byte[] sortedArena = new byte[arenaSize];
            int[] sortedOffsets = new int[bigCount + 1];
            int at = 0;
            for (int i = 0; i < bigCount; i++) {
                int e = order == null ? i : order[i];
                int len = offsets[e + 1] - offsets[e];
                System.arraycopy(arena, offsets[e], sortedArena, at, len);
                at += len;
                sortedOffsets[i + 1] = at;
            }
            Part big = new Part(keys, gather(bigDates, order, bigCount), gather(bigReasons, order, bigCount));
            return new SerialTable(small, big, sortedArena, sortedOffsets);
        }

        private static long[] gather(long[] values, int[] order, int n) {
            if (order == null) {
                return Arrays.copyOf(values, n);
            }
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = values[order[i]];
            }
            return out;
        }

        private static byte[] gather(byte[] values, int[] order, int n) {
            if (order == null) {
                return Arrays.copyOf(values, n);
            }
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = values[order[i]];
            }
            return out;
        }

        /**
         * Sorts {@code keys} in place (signed order) by LSD radix, 8 bits a pass, skipping bytes that
         * are the same in every key.
         *
         * @return the permutation applied (sorted position to original index), or null if the keys
         *     were already sorted
         */
        static int[] sort(long[] keys) {
            int n = keys.length;
            boolean sorted = true;
            for (int i = 1; i < n && sorted; i++) {
                sorted = keys[i - 1] <= keys[i];
            }
            if (sorted) {
                return null;
            }
            long[] k = keys;
            long[] k2 = new long[n];
            int[] p = new int[n];
            int[] p2 = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            int[] count = new int[257];
            for (int shift = 0; shift < 64; shift += 8) {
                Arrays.fill(count, 0);
                for (int i = 0; i < n; i++) {
                    count[digit(k[i], shift) + 1]++;
                }
                if (count[digit(k[0], shift) + 1] == n) {
                    continue; // every key has the same byte here
                }
                for (int b = 0; b < 256; b++) {
                    count[b + 1] += count[b];
                }
                for (int i = 0; i < n; i++) {
                    int at = count[digit(k[i], shift)]++;
                    k2[at] = k[i];
                    p2[at] = p[i];
                }
                long[] tk = k;
                k = k2;
                k2 = tk;
                int[] tp = p;
                p = p2;
                p2 = tp;
            }
            if (k != keys) {
                System.arraycopy(k, 0, keys, 0, n);
            }
            return p;
        }

        /** Byte of the key at {@code shift}, with the sign bit flipped so that unsigned digits sort signed. */
        private static int digit(long key, int shift) {
            return (int) ((key ^ Long.MIN_VALUE) >>> shift) & 0xFF;
        }
    }
}
