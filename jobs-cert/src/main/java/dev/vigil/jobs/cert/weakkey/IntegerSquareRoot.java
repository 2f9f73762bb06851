package dev.vigil.jobs.cert.weakkey;

import java.math.BigInteger;

/**
 * Floor square roots of big integers. {@code BigInteger.sqrt()} of JDK 17 takes hundreds of
 * microseconds on a 2048-bit number; this one takes the root of the top half of the bits
 * recursively and finishes with one Newton step, so its cost is about two full-size divisions.
 */
final class IntegerSquareRoot {

    private IntegerSquareRoot() {
    }

    /**
     * @param n a non-negative integer; not null
     * @return the largest {@code x} with {@code x² ≤ n}
     * @throws IllegalArgumentException when {@code n} is negative
     */
    static BigInteger floor(BigInteger n) {
        if (n.signum() < 0) {
            throw new IllegalArgumentException("Square root of a negative number");
        }
        if (n.bitLength() <= 62) {
            long v = n.longValue();
            long x = (long) Math.sqrt((double) v);
            while (x * x > v) {
                x--;
            }
            while ((x + 1) * (x + 1) <= v) {
                x++;
            }
            return BigInteger.valueOf(x);
        }
        // sqrt(n) ≈ sqrt(n >> 2k) · 2^k, right in its top half; one Newton step then makes it right to ±1
        int k = (n.bitLength() - 1) / 4;
        BigInteger x = floor(n.shiftRight(2 * k)).shiftLeft(k);
        x = x.add(n.divide(x)).shiftRight(1);
        while (x.multiply(x).compareTo(n) > 0) {
            x = x.subtract(BigInteger.ONE);
        }
        while (true) {
            BigInteger next = x.add(BigInteger.ONE);
            if (next.multiply(next).compareTo(n) > 0) {
                return x;
            }
            x = next;
        }
    }
}
