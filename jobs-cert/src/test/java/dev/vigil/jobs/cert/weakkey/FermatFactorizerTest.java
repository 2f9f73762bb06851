package dev.vigil.jobs.cert.weakkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FermatFactorizerTest {

    @Test
    void primesThatAreNeighboursFactorInTheFirstRound() {
        BigInteger n = WeakKeys.closePrimesModulus(400, new Random(1));
        assertThat(FermatFactorizer.roundsToFactor(n, 100)).hasValue(1);
    }

    @Test
    void primesAFewRoundsApartFactorWithinTheBoundAndNotBefore() {
        // rounds ≈ (p − q)² / (8·sqrt(N)) = 2^1032 / 2^1027 = 32 for a gap of 2^516 between 1024-bit primes
        BigInteger n = WeakKeys.closePrimesModulus(516, new Random(2));
        OptionalInt rounds = FermatFactorizer.roundsToFactor(n, 100);
        assertThat(rounds).isPresent();
        assertThat(rounds.getAsInt()).isBetween(2, 100);
        assertThat(FermatFactorizer.roundsToFactor(n, rounds.getAsInt() - 1)).isEmpty();
    }

    @Test
    void primesFartherApartThanTheBoundAllowsAreNotFactored() {
        // a gap of 2^520 needs about 2^13 rounds
        BigInteger n = WeakKeys.closePrimesModulus(520, new Random(3));
        assertThat(FermatFactorizer.roundsToFactor(n, 100)).isEmpty();
    }

    @Test
    void ordinaryRsa2048KeysAreNotFactoredWithin100Rounds() {
        assertThat(WeakKeys.ordinaryRsa2048())
                .allMatch(key -> FermatFactorizer.roundsToFactor(key.getModulus(), 100).isEmpty());
    }

    @Test
    void aSquareOfAPrimeFactorsAtOnce() {
        BigInteger p = BigInteger.probablePrime(512, new Random(4));
        assertThat(FermatFactorizer.roundsToFactor(p.multiply(p), 1)).hasValue(1);
    }

    @Test
    void primesEvenAndTrivialNumbersAreNotTried() {
        BigInteger prime = BigInteger.probablePrime(256, new Random(5));
        assertThat(FermatFactorizer.roundsToFactor(prime, 100)).isEmpty();
        assertThat(FermatFactorizer.roundsToFactor(BigInteger.valueOf(7), 100)).as("7 = 4² − 3², but 4 − 3 = 1").isEmpty();
        assertThat(FermatFactorizer.roundsToFactor(BigInteger.valueOf(15), 100)).hasValue(1);
        assertThat(FermatFactorizer.roundsToFactor(BigInteger.valueOf(1_000_006), 100)).isEmpty();
        assertThat(FermatFactorizer.roundsToFactor(BigInteger.ONE, 100)).isEmpty();
        assertThat(FermatFactorizer.roundsToFactor(BigInteger.ZERO, 100)).isEmpty();
        assertThat(FermatFactorizer.roundsToFactor(BigInteger.valueOf(-15), 100)).isEmpty();
        assertThatThrownBy(() -> FermatFactorizer.roundsToFactor(BigInteger.valueOf(15), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRoundFoundAgreesWithPlainFermatOnSmallNumbers() {
        Random random = new Random(6);
        for (int i = 0; i < 2000; i++) {
            long n = (random.nextInt(1 << 20) | 1) + 8;
            assertThat(FermatFactorizer.roundsToFactor(BigInteger.valueOf(n), 100))
                    .as("n = %d", n).isEqualTo(plainFermat(n, 100));
        }
    }

    private static OptionalInt plainFermat(long n, int rounds) {
        long a = (long) Math.ceil(Math.sqrt((double) n));
        while (a * a < n) {
            a++;
        }
        for (int round = 1; round <= rounds; round++, a++) {
            long b2 = a * a - n;
            long b = (long) Math.sqrt((double) b2);
            while (b * b > b2) {
                b--;
            }
            while ((b + 1) * (b + 1) <= b2) {
                b++;
            }
            if (b * b == b2 && a - b > 1) {
                return OptionalInt.of(round);
            }
        }
        return OptionalInt.empty();
    }
}
