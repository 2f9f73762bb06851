package dev.vigil.jobs.cert.weakkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntegerSquareRootTest {

    @Test
    void agreesWithTheJdkOnRandomNumbersOfEverySize() {
        Random random = new Random(41);
        for (int bits = 0; bits <= 4100; bits += 1 + bits / 8) {
            for (int i = 0; i < 5; i++) {
                BigInteger n = new BigInteger(bits, random);
                BigInteger floor = n.sqrt();
                BigInteger ceil = floor.multiply(floor).equals(n) ? floor : floor.add(BigInteger.ONE);
                assertThat(IntegerSquareRoot.floor(n)).as("%d bits", bits).isEqualTo(floor);
                assertThat(IntegerSquareRoot.ceil(n)).as("%d bits", bits).isEqualTo(ceil);
            }
        }
    }

    @Test
    void isExactAroundPerfectSquares() {
        Random random = new Random(42);
        for (int bits : new int[] {1, 30, 31, 32, 33, 62, 63, 64, 100, 1024, 2048}) {
            BigInteger x = new BigInteger(bits, random).setBit(Math.max(0, bits - 1));
            BigInteger square = x.multiply(x);
            assertThat(IntegerSquareRoot.floor(square)).isEqualTo(x);
            assertThat(IntegerSquareRoot.floor(square.subtract(BigInteger.ONE))).isEqualTo(x.subtract(BigInteger.ONE));
            assertThat(IntegerSquareRoot.floor(square.add(x).add(x))).isEqualTo(x);
            assertThat(IntegerSquareRoot.ceil(square)).isEqualTo(x);
            assertThat(IntegerSquareRoot.ceil(square.add(BigInteger.ONE))).isEqualTo(x.add(BigInteger.ONE));
        }
        assertThat(IntegerSquareRoot.floor(BigInteger.valueOf(Long.MAX_VALUE)))
                .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).sqrt());
        assertThat(IntegerSquareRoot.floor(BigInteger.ZERO)).isZero();
        assertThat(IntegerSquareRoot.ceil(BigInteger.ZERO)).isZero();
        assertThat(IntegerSquareRoot.ceil(BigInteger.ONE)).isEqualTo(BigInteger.ONE);
        assertThat(IntegerSquareRoot.ceil(BigInteger.TWO)).isEqualTo(BigInteger.TWO);
    }

    @Test
    void aNegativeNumberIsRejected() {
        assertThatThrownBy(() -> IntegerSquareRoot.floor(BigInteger.valueOf(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IntegerSquareRoot.ceil(BigInteger.valueOf(-4)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
