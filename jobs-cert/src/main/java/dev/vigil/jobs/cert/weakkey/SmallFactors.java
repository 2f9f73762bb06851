package dev.vigil.jobs.cert.weakkey;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Trial division by every prime below a bound, done as residues modulo group products (see
 * {@link PrimeResidues}) rather than one {@code BigInteger} division per prime.
 */
final class SmallFactors {

    /** Primes strictly below this are tried. */
    static final int BOUND = 752;

    private static final PrimeResidues RESIDUES = new PrimeResidues(primesBelow(BOUND));

    private SmallFactors() {
    }

    /**
     * @param n the number to test; not null
     * @return true when a prime below {@link #BOUND} divides {@code n} (a number that is itself such
     *     a prime counts; zero counts)
     */
    static boolean hasFactorBelowBound(BigInteger n) {
        return !RESIDUES.allMatch(n, (index, residue) -> residue != 0);
    }

    static int[] primesBelow(int bound) {
        boolean[] composite = new boolean[bound];
        int[] primes = new int[bound];
        int count = 0;
        for (int i = 2; i < bound; i++) {
            if (!composite[i]) {
                primes[count++] = i;
                for (long j = (long) i * i; j < bound; j += i) {
                    composite[(int) j] = true;
                }
            }
        }
        return Arrays.copyOf(primes, count);
    }
}
