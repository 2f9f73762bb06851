package dev.vigil.jobs.cert.crl;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The entries of one CRL, compact and sorted for binary search. Serials that are non-negative and
 * fit 63 bits are kept in a sorted {@code long[]}; any other serial (the random 16-20 byte serials
 * of most public CAs) is kept as its minimal two's-complement bytes in one byte arena, ordered by
 * (length, unsigned bytes) through an {@code int[]} permutation. Dates are epoch seconds; reasons are
 * one byte each, -1 for "no reason code". About 17 bytes per small entry and 33 + serial length per
 * big one, against several hundred for a JDK {@code X509CRLEntry}.
 */
final class SerialTable {
    static final byte NO_REASON = -1;

    private final long[] smallSerials;
    private final long[] smallDates;
    private final byte[] smallReasons;

    private final byte[] arena;
    private final int[] offsets; // big entry i occupies arena[offsets[i], offsets[i + 1])
    private final long[] bigDates;
    private final byte[] bigReasons;
    private final int[] order; // big entry indexes sorted by serial

    private SerialTable(Builder b) {
        this.smallSerials = b.smallSerials;
        this.smallDates = b.smallDates;
        this.smallReasons = b.smallReasons;
        this.arena = b.arena;
        this.offsets = b.offsets;
        this.bigDates = b.bigDates;
        this.bigReasons = b.bigReasons;
        this.order = b.order;
    }

    int size() {
        return smallSerials.length + order.length;
    }

    /** @return the entry for that serial; empty if the CRL does not list it */
    Optional<RevokedEntry> find(BigInteger serial) {
        if (serial.signum() >= 0 && serial.bitLength() <= 63) {
            int i = Arrays.binarySearch(smallSerials, serial.longValue());
            return i < 0 ? Optional.empty() : Optional.of(entry(serial, smallDates[i], smallReasons[i]));
        }
        byte[] key = serial.toByteArray();
        int lo = 0;
        int hi = order.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int e = order[mid];
            int c = compare(arena, offsets[e], offsets[e + 1], key, 0, key.length);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return Optional.of(entry(serial, bigDates[e], bigReasons[e]));
            }
        }
        return Optional.empty();
    }

    private static RevokedEntry entry(BigInteger serial, long date, byte reason) {
        return new RevokedEntry(serial, Instant.ofEpochSecond(date),
                reason == NO_REASON ? Optional.empty() : CrlReason.ofCode(reason));
    }

    /** Orders by length first, then unsigned bytes: a total order on minimal encodings. */
    private static int compare(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
        int la = aTo - aFrom;
        int lb = bTo - bFrom;
        if (la != lb) {
            return la < lb ? -1 : 1;
        }
        return Arrays.compareUnsigned(a, aFrom, aTo, b, bFrom, bTo);
    }

    /** Collects entries in CRL order, then sorts once. Not thread-safe. */
    static final class Builder {
        private long[] smallSerials;
        private long[] smallDates;
        private byte[] smallReasons;
        private int smallCount;
        private byte[] arena = new byte[0];
        private int arenaSize;
        private int[] offsets = {0};
        private long[] bigDates = new long[0];
        private byte[] bigReasons = new byte[0];
        private int bigCount;
        private int[] order;

        Builder(int expectedEntries) {
            int n = Math.max(16, expectedEntries);
            smallSerials = new long[n];
            smallDates = new long[n];
            smallReasons = new byte[n];
        }

        /**
         * Adds the serial whose INTEGER content is {@code buf[off, off + len)}, {@code len >= 1}.
         * Redundant leading sign octets (non-DER, but seen) are dropped so lookups match.
         */
        void add(byte[] buf, int off, int len, long date, byte reason) {
            while (len > 1 && ((buf[off] == 0 && buf[off + 1] >= 0) || (buf[off] == -1 && buf[off + 1] < 0))) {
                off++;
                len--;
            }
            if (len <= 8 && buf[off] >= 0) {
                long v = 0;
                for (int i = 0; i < len; i++) {
                    v = (v << 8) | (buf[off + i] & 0xFF);
                }
                if (smallCount == smallSerials.length) {
                    int grown = smallCount + (smallCount >> 1);
                    smallSerials = Arrays.copyOf(smallSerials, grown);
                    smallDates = Arrays.copyOf(smallDates, grown);
                    smallReasons = Arrays.copyOf(smallReasons, grown);
                }
                smallSerials[smallCount] = v;
                smallDates[smallCount] = date;
                smallReasons[smallCount] = reason;
                smallCount++;
                return;
            }
            if (bigCount + 1 >= offsets.length) {
                int grown = Math.max(16, bigCount + (bigCount >> 1) + 2);
                offsets = Arrays.copyOf(offsets, grown);
                bigDates = Arrays.copyOf(bigDates, grown);
                bigReasons = Arrays.copyOf(bigReasons, grown);
            }
            if (arenaSize + len > arena.length) {
                arena = Arrays.copyOf(arena, Math.max(arenaSize + len, Math.max(256, arena.length * 2)));
            }
            System.arraycopy(buf, off, arena, arenaSize, len);
            arenaSize += len;
            bigDates[bigCount] = date;
            bigReasons[bigCount] = reason;
            bigCount++;
            offsets[bigCount] = arenaSize;
        }

        SerialTable build() {
            smallSerials = Arrays.copyOf(smallSerials, smallCount);
            smallDates = Arrays.copyOf(smallDates, smallCount);
            smallReasons = Arrays.copyOf(smallReasons, smallCount);
            sortSmall();
            arena = Arrays.copyOf(arena, arenaSize);
            offsets = Arrays.copyOf(offsets, bigCount + 1);
            bigDates = Arrays.copyOf(bigDates, bigCount);
            bigReasons = Arrays.copyOf(bigReasons, bigCount);
            order = new int[bigCount];
            for (int i = 0; i < bigCount; i++) {
                order[i] = i;
            }
            sortBig(0, bigCount - 1);
            return new SerialTable(this);
        }

        /** LSD radix sort of the three parallel arrays by serial; keys are non-negative. */
        private void sortSmall() {
            int n = smallCount;
            boolean sorted = true;
            for (int i = 1; i < n && sorted; i++) {
                sorted = smallSerials[i - 1] <= smallSerials[i];
            }
            if (sorted) {
                return;
            }
            long[] k = smallSerials;
            long[] d = smallDates;
            byte[] r = smallReasons;
            long[] k2 = new long[n];
            long[] d2 = new long[n];
            byte[] r2 = new byte[n];
            int[] count = new int[257];
            for (int shift = 0; shift < 64; shift += 8) {
                Arrays.fill(count, 0);
                for (int i = 0; i < n; i++) {
                    count[((int) (k[i] >>> shift) & 0xFF) + 1]++;
                }
                if (count[((int) (k[0] >>> shift) & 0xFF) + 1] == n) {
                    continue; // every key has the same byte here
                }
                for (int b = 0; b < 256; b++) {
                    count[b + 1] += count[b];
                }
                for (int i = 0; i < n; i++) {
                    int p = count[(int) (k[i] >>> shift) & 0xFF]++;
                    k2[p] = k[i];
                    d2[p] = d[i];
                    r2[p] = r[i];
                }
                long[] tk = k;
                k = k2;
                k2 = tk;
                long[] td = d;
                d = d2;
                d2 = td;
                byte[] tr = r;
                r = r2;
                r2 = tr;
            }
            smallSerials = k;
            smallDates = d;
            smallReasons = r;
        }

        private int cmp(int x, int y) {
            return compare(arena, offsets[x], offsets[x + 1], arena, offsets[y], offsets[y + 1]);
        }

        /** Quicksort of {@code order} by serial, median-of-three, insertion sort for short ranges. */
        private void sortBig(int lo, int hi) {
            while (hi - lo > 16) {
                int mid = (lo + hi) >>> 1;
                if (cmp(order[mid], order[lo]) < 0) {
                    swap(mid, lo);
                }
                if (cmp(order[hi], order[lo]) < 0) {
                    swap(hi, lo);
                }
                if (cmp(order[hi], order[mid]) < 0) {
                    swap(hi, mid);
                }
                int pivot = order[mid];
                int i = lo;
                int j = hi;
                while (i <= j) {
                    while (cmp(order[i], pivot) < 0) {
                        i++;
                    }
                    while (cmp(order[j], pivot) > 0) {
                        j--;
                    }
                    if (i <= j) {
                        swap(i++, j--);
                    }
                }
                // recurse into the smaller side, loop on the larger: stack depth stays O(log n)
                if (j - lo < hi - i) {
                    sortBig(lo, j);
                    lo = i;
                } else {
                    sortBig(i, hi);
                    hi = j;
                }
            }
            for (int i = lo + 1; i <= hi; i++) {
                int v = order[i];
                int j = i - 1;
                while (j >= lo && cmp(order[j], v) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = v;
            }
        }

        private void swap(int a, int b) {
            int t = order[a];
            order[a] = order[b];
            order[b] = t;
        }
    }
}
