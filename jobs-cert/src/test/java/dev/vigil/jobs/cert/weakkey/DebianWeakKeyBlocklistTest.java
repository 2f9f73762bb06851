package dev.vigil.jobs.cert.weakkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DebianWeakKeyBlocklistTest {

    /** Made with {@code openssl genrsa 1024}; expected = {@code openssl rsa -noout -modulus | sha1sum | cut -c21-40}. */
    private static final BigInteger MODULUS_1024 = new BigInteger("DE7339C46DC7A7E9CC7F255F868C81D8E1AFA35941DD5D48"
            + "68AC6693B533165C8CE754D5EDD49BAC053220597E6A41C59D6820646CC40BEBC5B4AECF8B1B5F4AE6F710E514A473777998"
            + "FE66EACD034D4E289E22ADAAE95FECD921A5462074B8AB7C488B023BD17B8996A32FFDED47AEBF2E7A041019E7BEDD50A4FA"
            + "98A9EE03", 16);
    /** The same for {@code openssl genrsa 1028}: 257 hex digits, which OpenSSL prints without a leading zero. */
    private static final BigInteger MODULUS_1028 = new BigInteger("EA633B2B2DBC16AD6A08D9142FFC55A5E7CD13B0848DD080"
            + "6FF474396F403E241A078702F87134C505ED431A3655E35D5CDD1BC2831A4EDC1BF0C806AD42BE15CE5FEC4362FF0570181C"
            + "F5682142FD1930C224B8E18741CD8B37A4167120DCB51EB2020CCA1B5639F585FFC6978FB8C095072BFA94534BCC6717D33F"
            + "17833BA9F", 16);

    @Test
    void fingerprintIsTheLast20HexDigitsOfTheSha1OfOpensslsModulusLine() {
        assertThat(DebianWeakKeyBlocklist.fingerprint(MODULUS_1024)).isEqualTo("44f4a825b4f5079fcb83");
        assertThat(DebianWeakKeyBlocklist.fingerprint(MODULUS_1028)).isEqualTo("6d7bc828543d8ffc3fc7");
    }

    @Test
    void parsedLinesMatchTheirKeysAndNothingElse() {
        List<String> lines = List.of(
                "# Keysize: 1024",
                "",
                "   ",
                "44F4A825B4F5079FCB83",
                "  6d7bc828543d8ffc3fc7  ",
                "6d7bc828543d8ffc3fc7",
                "00000000000000000000",
                "ffffffffffffffffffff");
        DebianWeakKeyBlocklist blocklist = DebianWeakKeyBlocklist.parse(lines);
        assertThat(blocklist.size()).isEqualTo(4);
        assertThat(blocklist.contains(MODULUS_1024)).isTrue();
        assertThat(blocklist.contains(MODULUS_1028)).isTrue();
        assertThat(blocklist.contains(MODULUS_1024.add(BigInteger.TWO))).isFalse();
        assertThat(blocklist.toString()).contains("4 entries");
    }

    @Test
    void aStreamOfManyFingerprintsRoundTrips() throws IOException {
        Random random = new Random(21);
        List<BigInteger> listed = new ArrayList<>();
        StringBuilder file = new StringBuilder("# openssl-blacklist style\n");
        for (int i = 0; i < 2000; i++) {
            BigInteger modulus = new BigInteger(1024, random).setBit(1023).setBit(0);
            listed.add(modulus);
            String entry = DebianWeakKeyBlocklist.fingerprint(modulus);
            file.append(i % 2 == 0 ? entry : entry.toUpperCase(Locale.ROOT)).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        DebianWeakKeyBlocklist blocklist = DebianWeakKeyBlocklist.read(
                new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.US_ASCII)));

        assertThat(blocklist.size()).isEqualTo(2000);
        assertThat(listed).allMatch(blocklist::contains);
        for (int i = 0; i < 2000; i++) {
            assertThat(blocklist.contains(new BigInteger(1024, random).setBit(1023))).isFalse();
        }
    }

    @Test
    void entriesThatShareTheirLow64BitsAreTellApartByTheHigh16() {
        String entry = DebianWeakKeyBlocklist.fingerprint(MODULUS_1024);
        String sameLow = (entry.startsWith("0000") ? "0001" : "0000") + entry.substring(4);
        DebianWeakKeyBlocklist blocklist = DebianWeakKeyBlocklist.parse(List.of(sameLow, "ffff" + entry.substring(4)));
        assertThat(blocklist.size()).isEqualTo(2);
        assertThat(blocklist.contains(MODULUS_1024)).isFalse();
        assertThat(DebianWeakKeyBlocklist.parse(List.of(sameLow, entry, "ffff" + entry.substring(4)))
                .contains(MODULUS_1024)).isTrue();
    }

    @Test
    void aMalformedLineIsRejectedWithItsLineNumber() {
        assertThatThrownBy(() -> DebianWeakKeyBlocklist.parse(List.of("# header", "44f4a825b4f5079fcb83", "44f4a825b4")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Line 3");
        assertThatThrownBy(() -> DebianWeakKeyBlocklist.parse(List.of("44f4a825b4f5079fcb8g")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Line 1");
        assertThatThrownBy(() -> DebianWeakKeyBlocklist.parse(List.of("", "44f4a825b4f5079fcb83 # listed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Line 2");
        assertThatThrownBy(() -> DebianWeakKeyBlocklist.read(new ByteArrayInputStream(
                "0123456789abcdef0123\n\n-123456789abcdef0123\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Line 3");
    }

    @Test
    void anEmptyListMatchesNothingAndANonPositiveModulusIsAnError() {
        assertThat(DebianWeakKeyBlocklist.empty().isEmpty()).isTrue();
        assertThat(DebianWeakKeyBlocklist.parse(List.of("# nothing", "")).isEmpty()).isTrue();
        assertThat(DebianWeakKeyBlocklist.empty().contains(MODULUS_1024)).isFalse();
        assertThatThrownBy(() -> DebianWeakKeyBlocklist.fingerprint(BigInteger.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
