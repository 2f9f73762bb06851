package dev.vigil.jobs.cert.weakkey;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Residues of a big number modulo a fixed list of small primes, for sieves that test every prime.
 *
 * <p>The number is first reduced by one {@code mod} by the product of all the primes, which leaves
 * a handful of 32-bit words. The primes are grouped so that each group's product stays below
 * 2<sup>31</sup>; each group residue is then folded word by word in {@code long} arithmetic, with a
 * Barrett reduction (a multiply-high by a precomputed inverse) instead of a division, and the
 * primes of the group take their residue from it with one {@code int} remainder each. Groups are
 * computed lazily, so a test that fails on an early prime costs one big reduction and one fold.
 */
final class PrimeResidues {

    /** A test on the residue of the number modulo {@code primes[index]}. */
    @FunctionalInterface
    interface ResidueTest {
        boolean test(int index, int residue);
    }

    private static final long GROUP_LIMIT = 1L << 31;

    private final int[] primes;
    private final BigInteger product;
    private final long[] groupProducts;
    /** floor((2^64 − 1) / groupProducts[g]), below 2^63 because every product is at least 2. */
    private final long[] groupInverses;
    private final int[] groupEnds;

    PrimeResidues(int[] primes) {
        if (primes.length == 0) {
            throw new IllegalArgumentException("No primes");
        }
        this.primes = primes.clone();
        BigInteger all = BigInteger.ONE;
        long[] products = new long[primes.length];
        int[] ends = new int[primes.length];
        int groups = 0;
        long current = 1;
        for (int i = 0; i < primes.length; i++) {
            int p = primes[i];
            if (p < 2 || p >= GROUP_LIMIT >>> 8) {
                throw new IllegalArgumentException("Prime out of range: " + p);
            }
            all = all.multiply(BigInteger.valueOf(p));
            if (current * p >= GROUP_LIMIT) {
                products[groups] = current;
                ends[groups++] = i;
                current = 1;
            }
            current *= p;
        }
        products[groups] = current;
        ends[groups++] = primes.length;
        this.product = all;
        this.groupProducts = Arrays.copyOf(products, groups);
        this.groupEnds = Arrays.copyOf(ends, groups);
        this.groupInverses = new long[groups];
        for (int g = 0; g < groups; g++) {
            groupInverses[g] = Long.divideUnsigned(-1L, groupProducts[g]);
        }
    }

    /** @return the number of primes */
    int size() {
        return primes.length;
    }

    /** @return the prime at {@code index} */
    int prime(int index) {
        return primes[index];
    }

    /**
     * Runs {@code test} on {@code n mod primes[i]} for each prime in list order, stopping at the
     * first that fails.
     *
     * @param n any integer; a negative one is taken modulo each prime into {@code [0, p)}
     * @return true when the test held for every prime
     */
    boolean allMatch(BigInteger n, ResidueTest test) {
        int[] words = words(n.signum() >= 0 && n.compareTo(product) < 0 ? n : n.mod(product));
        int index = 0;
        for (int g = 0; g < groupProducts.length; g++) {
            long m = groupProducts[g];
            long inverse = groupInverses[g];
            long r = 0;
            for (int w : words) {
                // Barrett reduction of x = r·2^32 + w < 2^63: q undershoots x / m by at most 2
                long x = (r << 32) | (w & 0xFFFF_FFFFL);
                r = x - Math.multiplyHigh(x, inverse) * m;
                while (r >= m) {
                    r -= m;
                }
            }
            int residue = (int) r;
            for (int end = groupEnds[g]; index < end; index++) {
                if (!test.test(index, residue % primes[index])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Big-endian 32-bit words of a non-negative number (a leading zero word is harmless). */
    private static int[] words(BigInteger nonNegative) {
        byte[] bytes = nonNegative.toByteArray();
        int count = (bytes.length + 3) >>> 2;
        int[] words = new int[count];
        int b = bytes.length - 1;
        for (int w = count - 1; w >= 0; w--) {
            int word = 0;
            for (int shift = 0; shift < 32 && b >= 0; shift += 8, b--) {
                word |= (bytes[b] & 0xFF) << shift;
            }
            words[w] = word;
        }
        return words;
    }
}
