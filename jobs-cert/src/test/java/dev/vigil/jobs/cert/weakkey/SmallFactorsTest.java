package dev.vigil.jobs.cert.weakkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SmallFactorsTest {

    private static final BigInteger LARGE_PRIME = BigInteger.probablePrime(2040, new Random(11));

    @Test
    void theListHoldsEveryPrimeBelow752AndNoOther() {
        int[] primes = SmallFactors.primesBelow(SmallFactors.BOUND);
        assertThat(primes).hasSize(133).startsWith(2, 3, 5, 7).endsWith(743, 751);
        assertThat(primes).containsExactly(
                IntStream.range(2, 752).filter(n -> BigInteger.valueOf(n).isProbablePrime(50)).toArray());
    }

    @Test
    void aModulusWithAFactorBelow752IsFound() {
        for (int p : new int[] {2, 3, 5, 7, 251, 509, 743, 751}) {
            assertThat(SmallFactors.hasFactorBelowBound(LARGE_PRIME.multiply(BigInteger.valueOf(p))))
                    .as("factor %d", p).isTrue();
        }
    }

    @Test
    void factorsFrom752UpAreBeyondTheCheck() {
        for (int p : new int[] {757, 761, 1009}) {
            assertThat(SmallFactors.hasFactorBelowBound(LARGE_PRIME.multiply(BigInteger.valueOf(p))))
                    .as("factor %d", p).isFalse();
        }
        assertThat(SmallFactors.hasFactorBelowBound(BigInteger.valueOf(757L * 761))).isFalse();
    }

    @Test
    void ordinaryRsa2048KeysHaveNoSmallFactor() {
        assertThat(WeakKeys.ordinaryRsa2048()).noneMatch(key -> SmallFactors.hasFactorBelowBound(key.getModulus()));
        assertThat(SmallFactors.hasFactorBelowBound(LARGE_PRIME)).isFalse();
    }

    @Test
    void aSmallPrimeItselfAndZeroCountAsDivisible() {
        assertThat(SmallFactors.hasFactorBelowBound(BigInteger.valueOf(751))).isTrue();
        assertThat(SmallFactors.hasFactorBelowBound(BigInteger.ZERO)).isTrue();
        assertThat(SmallFactors.hasFactorBelowBound(BigInteger.ONE)).isFalse();
    }
}
