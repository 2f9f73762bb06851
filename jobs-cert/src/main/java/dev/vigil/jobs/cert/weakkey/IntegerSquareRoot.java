package dev.vigil.jobs.cert.weakkey;

import java.math.BigInteger;

/**
 * Square roots of big integers, rounded down or up. {@code BigInteger.sqrt()} of JDK 17 takes
 * hundreds of microseconds on a 2048-bit number; here an approximation of the root of the top half
 * of the bits, found the same way down to a {@code double}, is refined by one Newton step per level,
 * and only the final result is corrected exactly, so the cost is about 1.3 full-size divisions and
 * one or two squarings. (The root of the top bits is right to within 2^(bits/4), and a Newton step
 * squares the relative error, so each level ends within a few units of the true root.)
 */
final class IntegerSquareRoot {

    /** Up to this size a {@code double} square root is the approximation. */
    private static final int DOUBLE_BITS = 100;

    private IntegerSquareRoot() {
    }

    /**
     * @param n a non-negative integer; not null
     * @return the largest {@code x} with {@code x² ≤ n}
     * @throws IllegalArgumentException when {@code n} is negative
     */
    static BigInteger floor(BigInteger n) {
        return root(n, false);
    }

    /**
     * @param n a non-negative integer; not null
     * @return the smallest {@code x} with {@code x² ≥ n}
     * @throws IllegalArgumentException when {@code n} is negative
     */
    static BigInteger ceil(BigInteger n) {
        return root(n, true);
    }

    private static BigInteger root(BigInteger n, boolean up) {
        if (n.signum() < 0) {
            throw new IllegalArgumentException("Square root of a negative number");
        }
        if (n.signum() == 0) {
            return BigInteger.ZERO;
        }
        // an integer Newton step never ends below floor(sqrt(n)), so only steps down may be needed;
        // approximate(n) ends with one except for small n, which get theirs here
        BigInteger x = approximate(n);
        if (n.bitLength() <= DOUBLE_BITS) {
            x = x.add(n.divide(x)).shiftRight(1);
        }
        BigInteger square = x.multiply(x);
        while (square.compareTo(n) > 0) {
            x = x.subtract(BigInteger.ONE);
            square = x.multiply(x);
        }
        return up && square.compareTo(n) < 0 ? x.add(BigInteger.ONE) : x;
    }

    /**
     * A positive approximation of sqrt(n), n > 0: within a few units for n above {@link #DOUBLE_BITS}
     * bits, where it comes from a Newton step and so is not below floor(sqrt(n)); the top 50 bits of
     * the root otherwise.
     */
    private static BigInteger approximate(BigInteger n) {
        int bits = n.bitLength();
        if (bits <= DOUBLE_BITS) {
            // a double is right to 52 bits; make sure the estimate is positive
            return BigInteger.valueOf(Math.max(1L, (long) Math.sqrt(n.doubleValue())));
        }
        int k = (bits - 1) / 4;
        BigInteger y = approximate(n.shiftRight(2 * k)).shiftLeft(k);
        return y.add(n.divide(y)).shiftRight(1);
    }
}
