package dev.vigil.jobs.cert.weakkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RocaFingerprintTest {

    @Test
    void allowedResiduesAreThePowersOf65537AsPublishedByTheRocaDetector() {
        int[] primes = RocaFingerprint.primes();
        assertThat(primes).hasSize(38).startsWith(3, 5, 7, 11).endsWith(157, 163, 167);
        // masks from the reference detector (crocs-muni/roca), bit r set when r is allowed modulo the prime
        assertThat(RocaFingerprint.allowedResidues(0)).isEqualTo(new BigInteger("6"));
        assertThat(RocaFingerprint.allowedResidues(3)).isEqualTo(new BigInteger("1026"));
        assertThat(RocaFingerprint.allowedResidues(4)).isEqualTo(new BigInteger("5658"));
        assertThat(RocaFingerprint.allowedResidues(9)).isEqualTo(new BigInteger("2147483646"));
        assertThat(RocaFingerprint.allowedResidues(10)).isEqualTo(new BigInteger("67109890"));
        assertThat(RocaFingerprint.allowedResidues(37))
                .isEqualTo(new BigInteger("187072209578355573530071658587684226515959365500926"));
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 1024, 2048})
    void moduliBuiltByTheVulnerableConstructionAreDetected(int keyBits) {
        Random random = new Random(keyBits);
        for (int i = 0; i < 5; i++) {
            BigInteger modulus = WeakKeys.rocaModulus(keyBits, random);
            assertThat(modulus.bitLength()).isEqualTo(keyBits);
            assertThat(RocaFingerprint.isVulnerable(modulus)).as("ROCA modulus %d of %d bits", i, keyBits).isTrue();
        }
    }

    @Test
    void ordinaryRsa2048KeysFromTheJdkGiveNoFalsePositive() {
        assertThat(WeakKeys.ordinaryRsa2048()).hasSize(50)
                .noneMatch(key -> RocaFingerprint.isVulnerable(key.getModulus()));
    }

    @Test
    void aModulusWithOnlyOneFingerprintedPrimeIsNotFlagged() {
        Random random = new Random(7);
        int flagged = 0;
        for (int i = 0; i < 10; i++) {
            BigInteger modulus = WeakKeys.rocaPrime(2048, random).multiply(BigInteger.probablePrime(1024, random));
            flagged += RocaFingerprint.isVulnerable(modulus) ? 1 : 0;
        }
        assertThat(flagged).isZero();
    }

    @Test
    void oneResidueOutsideTheSubgroupClearsAModulus() {
        BigInteger vulnerable = WeakKeys.rocaModulus(512, new Random(1));
        // multiplying by a residue that is not a power of 65537 mod 11 (only 1 and 10 are) moves N mod 11 out
        BigInteger shifted = vulnerable.multiply(BigInteger.TWO);
        assertThat(RocaFingerprint.isVulnerable(vulnerable)).isTrue();
        assertThat(RocaFingerprint.isVulnerable(shifted)).isFalse();
    }

    @Test
    void aModulusThatIsNotPositiveIsRejectedWithAClearError() {
        assertThatThrownBy(() -> RocaFingerprint.isVulnerable(BigInteger.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> RocaFingerprint.isVulnerable(BigInteger.valueOf(-35)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RocaFingerprint.isVulnerable(null)).isInstanceOf(NullPointerException.class);
    }
}
