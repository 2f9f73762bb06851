package dev.vigil.jobs.cert.crl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.cert.RevocationReason;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SerialTableTest {

    private static SerialTable table(List<BigInteger> serials) {
        SerialTable.Builder b = new SerialTable.Builder(4);
        for (int i = 0; i < serials.size(); i++) {
            byte[] bytes = serials.get(i).toByteArray();
            b.add(bytes, 0, bytes.length, i, (byte) (i % 11));
        }
        return b.build();
    }

    @Test
    void agreesWithAMapForEverySizeUpTo200() {
        Random random = new Random(11);
        for (int n = 0; n <= 200; n++) {
            List<BigInteger> serials = new ArrayList<>();
            Map<BigInteger, Integer> expected = new HashMap<>();
            for (int i = 0; i < n; i++) {
                BigInteger s = switch (random.nextInt(4)) {
                    case 0 -> BigInteger.valueOf(random.nextInt(3 * n + 1));
                    case 1 -> BigInteger.valueOf(random.nextLong());
                    case 2 -> new BigInteger(160, random);
                    default -> new BigInteger(64, random);
                };
                if (expected.putIfAbsent(s, i) == null) {
                    serials.add(s);
                } else {
                    serials.add(BigInteger.valueOf(-1_000_000L - i)); // keep positions aligned, no duplicate
                    expected.put(serials.get(i), i);
                }
            }
            SerialTable table = table(serials);

            assertThat(table.size()).isEqualTo(n);
            for (Map.Entry<BigInteger, Integer> e : expected.entrySet()) {
                assertThat(table.find(e.getKey()).orElseThrow().revocationDate())
                        .as("n=%d serial %s", n, e.getKey()).isEqualTo(Instant.ofEpochSecond(e.getValue()));
            }
            for (int probe = 0; probe < 3 * n + 2; probe++) {
                BigInteger s = BigInteger.valueOf(probe);
                assertThat(table.find(s).isPresent()).as("n=%d probe %d", n, probe).isEqualTo(expected.containsKey(s));
            }
        }
    }

    @Test
    void farApartClustersOfSerialsAreAllFound() {
        List<BigInteger> serials = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            serials.add(BigInteger.valueOf(i));
            serials.add(BigInteger.valueOf(Long.MAX_VALUE - i * 3L));
        }
        SerialTable table = table(serials);

        for (int i = 0; i < 1000; i++) {
            assertThat(table.find(BigInteger.valueOf(i))).isPresent();
            assertThat(table.find(BigInteger.valueOf(Long.MAX_VALUE - i * 3L))).isPresent();
            assertThat(table.find(BigInteger.valueOf(Long.MAX_VALUE - i * 3L - 1))).isEmpty();
            assertThat(table.find(BigInteger.valueOf(1000L + i * 1_000_000_007L))).isEmpty();
        }
    }

    @Test
    void serialsSharingTheirLastEightBytesAreTold() {
        BigInteger tail = new BigInteger("1122334455667788", 16);
        List<BigInteger> serials = new ArrayList<>();
        for (int prefix = 1; prefix <= 100; prefix++) {
            serials.add(BigInteger.valueOf(prefix).shiftLeft(64).add(tail));
        }
        SerialTable table = table(serials);

        for (int prefix = 1; prefix <= 100; prefix++) {
            assertThat(table.find(serials.get(prefix - 1)).orElseThrow().revocationDate())
                    .isEqualTo(Instant.ofEpochSecond(prefix - 1L));
        }
        assertThat(table.find(BigInteger.valueOf(101).shiftLeft(64).add(tail))).isEmpty();
        assertThat(table.find(tail)).isEmpty();
    }

    @Test
    void redundantLeadingZerosOnTheCrlStillMatch() {
        SerialTable.Builder b = new SerialTable.Builder(1);
        b.add(new byte[] {0, 0, 0x12}, 0, 3, 5, SerialTable.NO_REASON);
        b.add(new byte[] {0, 0, (byte) 0x80, 1, 2, 3, 4, 5, 6, 7}, 0, 10, 6, (byte) 1);
        SerialTable table = b.build();

        assertThat(table.find(BigInteger.valueOf(0x12)).orElseThrow().reason()).isEmpty();
        assertThat(table.find(new BigInteger("80010203040506", 16).shiftLeft(8).add(BigInteger.valueOf(7)))
                .orElseThrow().reason()).contains(RevocationReason.KEY_COMPROMISE);
    }

    @Test
    void datesBefore1970AndEveryReasonSurviveThePacking() {
        SerialTable.Builder b = new SerialTable.Builder(1);
        b.add(new byte[] {1}, 0, 1, -86_400L * 365 * 19, (byte) 10);
        b.add(new byte[] {2}, 0, 1, 253_402_300_799L, SerialTable.NO_REASON); // 9999-12-31T23:59:59Z
        SerialTable table = b.build();

        assertThat(table.find(BigInteger.ONE).orElseThrow())
                .isEqualTo(new RevokedEntry(BigInteger.ONE, Instant.parse("1951-01-06T00:00:00Z"),
                        java.util.Optional.of(RevocationReason.AA_COMPROMISE)));
        assertThat(table.find(BigInteger.TWO).orElseThrow())
                .isEqualTo(new RevokedEntry(BigInteger.TWO, Instant.parse("9999-12-31T23:59:59Z"),
                        java.util.Optional.empty()));
    }

    @Test
    void radixSortOrdersNegativeAndPositiveKeys() {
        long[] keys = {5, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0, -300, 256, 255};

        int[] order = SerialTable.Builder.sort(keys);

        assertThat(keys).containsExactly(Long.MIN_VALUE, -300, -1, 0, 5, 255, 256, Long.MAX_VALUE);
        assertThat(order).containsExactly(2, 5, 1, 4, 0, 7, 6, 3);
    }
}
