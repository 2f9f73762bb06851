package dev.vigil.jobs.cert.weakkey;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Residues of a big number modulo a fixed list of small primes, for sieves that test every prime.
 *
 * <p>The primes are grouped so that each group's product stays below 2<sup>31</sup>. A group's
 * residue is folded from the number's 32-bit words in {@code long} arithmetic, with a Barrett
 * reduction (a multiply-high by a precomputed inverse) instead of a division, and the primes of the
 * group take their residue from it with one {@code int} remainder each. The first group is folded
 * alone from the whole number, so a test that fails there (most ROCA tests of ordinary keys) costs
 * one pass over the words. The remaining groups are then folded side by side, word by word, so that
 * their independent reductions overlap in the CPU. (Reducing the number first by one {@code mod} by
 * the product of all the primes measured slower for 2048-bit moduli.)
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
        int[] words = words(n.signum() >= 0 ? n : n.mod(product));
        // the first group alone, on the unreduced words: most tests that fail, fail here
        if (!testGroup(0, fold(words, 0), test)) {
            return false;
        }
        if (groupProducts.length == 1) {
            return true;
        }
        // the other groups side by side
        long[] residues = new long[groupProducts.length];
        for (int w : words) {
            long low = w & 0xFFFF_FFFFL;
            for (int g = 1; g < residues.length; g++) {
                residues[g] = reduce((residues[g] << 32) | low, g);
            }
        }
        for (int g = 1; g < residues.length; g++) {
            if (!testGroup(g, residues[g], test)) {
                return false;
            }
        }
        return true;
    }

    private long fold(int[] words, int group) {
        long r = 0;
        for (int w : words) {
            r = reduce((r << 32) | (w & 0xFFFF_FFFFL), group);
        }
        return r;
    }

    /** Barrett reduction of {@code 0 ≤ x < 2^63}: the quotient estimate undershoots by at most 2. */
    private long reduce(long x, int group) {
        long m = groupProducts[group];
        long r = x - Math.multiplyHigh(x, groupInverses[group]) * m;
        while (r >= m) {
            r -= m;
        }
        return r;
    }

    private boolean testGroup(int group, long groupResidue, ResidueTest test) {
        int residue = (int) groupResidue;
        for (int index = group == 0 ? 0 : groupEnds[group - 1], end = groupEnds[group]; index < end; index++) {
            if (!test.test(index, residue % primes[index])) {
                return false;
            }
        }
        return true;
    }

    /** Big-endian 32-bit words of a non-negative number (a leading zero word is harmless). */
    private static int[] words(BigInteger nonNegative) {
        byte[] bytes = nonNegative.toByteArray();
        int count = (bytes.length + 3) >>> 2;
        int[] words = new int[count];
        int head = bytes.length - 4 * (count - 1);
        int word = 0;
        for (int b = 0; b < head; b++) {
            word = (word << 8) | (bytes[b] & 0xFF);
        }
        words[0] = word;
        for (int w = 1, b = head; w < count; w++, b += 4) {
            words[w] = (bytes[b] << 24) | ((bytes[b + 1] & 0xFF) << 16) | ((bytes[b + 2] & 0xFF) << 8)
                    | (bytes[b + 3] & 0xFF);
        }
        return words;
    }
}
