package dev.vigil.jobs.cert.weakkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrimeResiduesTest {

    private static final int[] PRIMES = SmallFactors.primesBelow(752);
    private static final PrimeResidues RESIDUES = new PrimeResidues(PRIMES);

    @Test
    void residuesComputedByGroupsMatchPlainRemainders() {
        Random random = new Random(3);
        List<BigInteger> numbers = new ArrayList<>();
        for (int bits : new int[] {1, 31, 32, 33, 64, 200, 1000, 1100, 2048, 4097, 16384}) {
            numbers.add(new BigInteger(bits, random));
        }
        BigInteger product = BigInteger.ONE;
        for (int p : PRIMES) {
            product = product.multiply(BigInteger.valueOf(p));
        }
        // all-ones words push every Barrett step to its largest input
        numbers.add(BigInteger.ONE.shiftLeft(2048).subtract(BigInteger.ONE));
        numbers.add(product.subtract(BigInteger.ONE));
        numbers.add(product);
        numbers.add(product.add(BigInteger.ONE));
        numbers.add(product.multiply(product).subtract(BigInteger.ONE));
        numbers.add(BigInteger.valueOf(-12345));
        for (BigInteger n : numbers) {
            int[] seen = residues(n);
            for (int i = 0; i < PRIMES.length; i++) {
                assertThat(seen[i]).as("%s mod %d", n.bitLength(), PRIMES[i])
                        .isEqualTo(n.mod(BigInteger.valueOf(PRIMES[i])).intValue());
            }
        }
    }

    @Test
    void aFailedTestStopsTheWalk() {
        List<Integer> visited = new ArrayList<>();
        boolean all = RESIDUES.allMatch(BigInteger.valueOf(35), (index, residue) -> {
            visited.add(PRIMES[index]);
            return residue != 0;
        });
        assertThat(all).isFalse();
        assertThat(visited).containsExactly(2, 3, 5);
    }

    @Test
    void primesOutOfRangeAreRejected() {
        assertThatThrownBy(() -> new PrimeResidues(new int[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrimeResidues(new int[] {1})).isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] residues(BigInteger n) {
        int[] seen = new int[PRIMES.length];
        assertThat(RESIDUES.allMatch(n, (index, residue) -> {
            seen[index] = residue;
            return true;
        })).isTrue();
        return seen;
    }
}
