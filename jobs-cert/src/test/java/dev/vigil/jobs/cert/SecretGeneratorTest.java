package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.credential.CredentialKind;
import dev.vigil.spi.credential.ManagedCredential;
import dev.vigil.spi.credential.Secret;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretGeneratorTest {
    private final SecretGenerator generator = new SecretGenerator();

    private static ManagedCredential credential(CredentialKind kind, Map<String, String> policy) {
        return new ManagedCredential("c", "s", kind, Duration.ofDays(1), Instant.EPOCH, policy);
    }

    private String password(Map<String, String> policy) {
        return new String(generator.generate(credential(CredentialKind.PASSWORD, policy)).text());
    }

    @Test
    void aDefaultPasswordHasTwentyFourCharactersOfEveryClassAndNoAmbiguousOne() {
        for (int i = 0; i < 200; i++) {
            String password = password(Map.of());

            assertThat(password).hasSize(24).containsPattern("[a-z]").containsPattern("[A-Z]").containsPattern("[0-9]")
                    .containsPattern("[!#%+\\-.:=?@_~]").doesNotContainPattern("[0Oo1lI|]");
        }
    }

    @Test
    void aPasswordFollowsItsPolicysLengthClassesAndSymbols() {
        String password = password(Map.of("length", "8", "classes", "digit, symbol", "symbols", "$", "excludeAmbiguous",
                "false"));

        assertThat(password).hasSize(8).matches("[0-9$]{8}").contains("$").containsPattern("[0-9]");
    }

    @Test
    void aPasswordPolicyThatCannotBeMetIsRejectedWithWhatToFix() {
        assertThatThrownBy(() -> password(Map.of("length", "eight"))).isInstanceOf(SecretGenerator.PolicyException.class)
                .hasMessage("policy 'length' must be a whole number from 8 to 256, was 'eight'");
        assertThatThrownBy(() -> password(Map.of("classes", "symbol", "symbols", "|")))
                .hasMessage("password policy class 'symbol' has no characters left after removing the ambiguous ones "
                        + "(0Oo1lI|)");
        assertThatThrownBy(() -> password(Map.of("symbols", "ab!")))
                .hasMessageContaining("printable ASCII symbols only");
        assertThatThrownBy(() -> password(Map.of("classes", "lower,lower")))
                .hasMessage("password policy 'classes' names 'lower' twice");
        assertThatThrownBy(() -> password(Map.of("excludeAmbiguous", "yes")))
                .hasMessage("policy 'excludeAmbiguous' must be true or false, was 'yes'");
    }

    @Test
    void aTokenIsUnpaddedBase64urlOfItsByteCount() {
        assertThat(generator.generate(credential(CredentialKind.TOKEN, Map.of())).text()).hasSize(43);
        assertThat(new String(generator.generate(credential(CredentialKind.TOKEN, Map.of("bytes", "16"))).text()))
                .matches("[A-Za-z0-9_-]{22}");
        assertThatThrownBy(() -> generator.generate(credential(CredentialKind.TOKEN, Map.of("bytes", "15"))))
                .hasMessage("policy 'bytes' must be from 16 to 512, was 15");
    }

    @Test
    void theGeneratorDrawsFromTheInjectedRandom() {
        SecureRandom zeros = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 0);
            }
        };

        Secret token = new SecretGenerator(zeros).generate(credential(CredentialKind.TOKEN, Map.of()));

        assertThat(new String(token.text())).isEqualTo("A".repeat(43));
    }

    @Test
    void keyPairsAreEcP256ByDefaultAndFollowTheirPolicy() throws Exception {
        Secret ec = generator.generate(credential(CredentialKind.KEY_PAIR, Map.of()));
        Secret p384 = generator.generate(credential(CredentialKind.KEY_PAIR, Map.of("curve", "secp384r1")));
        Secret rsa = generator.generate(credential(CredentialKind.KEY_PAIR, Map.of("algorithm", "RSA", "size", "2048")));
        Secret ed = generator.generate(credential(CredentialKind.KEY_PAIR, Map.of("algorithm", "Ed25519")));

        assertThat(((ECPublicKey) publicKey("EC", ec)).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(((ECPublicKey) publicKey("EC", p384)).getParams().getCurve().getField().getFieldSize()).isEqualTo(384);
        assertThat(((RSAPublicKey) publicKey("RSA", rsa)).getModulus().bitLength()).isEqualTo(2048);
        assertThat(publicKey("Ed25519", ed).getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(ec.value())))
                .isNotNull();
    }

    @Test
    void aKeyPolicyForAnotherAlgorithmOrAnUnsupportedSizeIsRejected() {
        assertThatThrownBy(() -> generator.generate(credential(CredentialKind.KEY_PAIR, Map.of("size", "2048"))))
                .hasMessage("key policy 'size' does not apply to EC keys");
        assertThatThrownBy(() -> generator.generate(credential(CredentialKind.KEY_PAIR,
                Map.of("algorithm", "RSA", "size", "1024"))))
                .hasMessage("key policy 'size' '1024' is not supported for RSA; allowed: [2048, 3072, 4096]");
        assertThatThrownBy(() -> generator.generate(credential(CredentialKind.KEY_PAIR, Map.of("curve", "secp256k1"))))
                .hasMessageContaining("'curve' 'secp256k1' is not supported");
    }

    private static java.security.PublicKey publicKey(String algorithm, Secret pair) throws Exception {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(pair.publicKey().orElseThrow()));
    }
}
