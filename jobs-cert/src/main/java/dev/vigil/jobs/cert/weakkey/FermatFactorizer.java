package dev.vigil.jobs.cert.weakkey;

import java.math.BigInteger;
import java.util.OptionalInt;

/**
 * Fermat's factorization, bounded: tries {@code a = ceil(sqrt(N)), a+1, …} for a fixed number of
 * rounds and stops when {@code a² − N} is a perfect square {@code b²}, which gives
 * {@code N = (a − b)(a + b)}. It succeeds quickly exactly when the two prime factors are close
 * together (round ≈ (p − q)² / (8·sqrt(N))), the flaw of generators that pick q as "the next prime
 * after p" or from a narrow window.
 *
 * <p>Each round costs a few {@code long} operations: {@code a} and {@code N} are tracked modulo
 * 64·63·65·11 and modulo 17·19·23·29·31, and {@code a² − N} goes to an exact {@code BigInteger} square
 * root only when it is a square modulo each of those nine (about one round in 3,400 for random input).
 */
final class FermatFactorizer {

    private static final int FILTER_MODULUS = 64 * 63 * 65 * 11;
    private static final boolean[] SQUARE_64 = squares(64);
    private static final boolean[] SQUARE_63 = squares(63);
    private static final boolean[] SQUARE_65 = squares(65);
    private static final boolean[] SQUARE_11 = squares(11);
    private static final BigInteger FILTER = BigInteger.valueOf(FILTER_MODULUS);
    /** A second filter, 17·19·23·29·31: each prime halves again how often the exact root is taken. */
    private static final int FILTER2_MODULUS = 17 * 19 * 23 * 29 * 31;
    private static final BigInteger FILTER2 = BigInteger.valueOf(FILTER2_MODULUS);
    private static final int[] FILTER2_PRIMES = {17, 19, 23, 29, 31};
    private static final boolean[][] SQUARES2 = {squares(17), squares(19), squares(23), squares(29), squares(31)};

    private FermatFactorizer() {
    }

    /**
     * @param n the number to factor; a non-positive or even number is not tried
     * @param maxRounds how many values of {@code a} to try; positive
     * @return the 1-based round that found a factorization {@code (a − b)(a + b)} with
     *     {@code a − b > 1}, or empty when none was found within {@code maxRounds}
     */
    static OptionalInt roundsToFactor(BigInteger n, int maxRounds) {
        if (maxRounds <= 0) {
            throw new IllegalArgumentException("maxRounds must be positive: " + maxRounds);
        }
        if (n.signum() <= 0 || !n.testBit(0) || n.equals(BigInteger.ONE)) {
            return OptionalInt.empty();
        }
        BigInteger a0 = IntegerSquareRoot.ceil(n);
        long aMod = a0.mod(FILTER).longValue();
        long nMod = n.mod(FILTER).longValue();
        long aMod2 = a0.mod(FILTER2).longValue();
        long nMod2 = n.mod(FILTER2).longValue();
        for (int round = 0; round < maxRounds; round++) {
            long a = (aMod + round) % FILTER_MODULUS;
            int b2 = (int) Math.floorMod(a * a - nMod, (long) FILTER_MODULUS);
            if (SQUARE_64[b2 & 63] && SQUARE_63[b2 % 63] && SQUARE_65[b2 % 65] && SQUARE_11[b2 % 11]
                    && squareModuloSecondFilter((aMod2 + round) % FILTER2_MODULUS, nMod2)) {
                BigInteger big = a0.add(BigInteger.valueOf(round));
                BigInteger bSquared = big.multiply(big).subtract(n);
                BigInteger b = IntegerSquareRoot.floor(bSquared);
                if (b.multiply(b).equals(bSquared) && big.subtract(b).compareTo(BigInteger.ONE) > 0) {
                    return OptionalInt.of(round + 1);
                }
            }
        }
        return OptionalInt.empty();
    }

    /** @return whether a² − N, given a and N modulo {@link #FILTER2_MODULUS}, is a square modulo each of its primes */
    private static boolean squareModuloSecondFilter(long a, long nMod) {
        int b2 = (int) Math.floorMod(a * a - nMod, (long) FILTER2_MODULUS);
        for (int i = 0; i < FILTER2_PRIMES.length; i++) {
            if (!SQUARES2[i][b2 % FILTER2_PRIMES[i]]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] squares(int m) {
        boolean[] square = new boolean[m];
        for (long x = 0; x < m; x++) {
            square[(int) (x * x % m)] = true;
        }
        return square;
    }
}
