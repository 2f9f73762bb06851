package dev.vigil.spi.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialValuesTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aSecretNeverShowsItsValue() {
        Secret secret = Secret.ofText("hunter2-Pässword".toCharArray());

        assertThat(secret).hasToString("Secret[****]");
        assertThat(new PendingCredential("c", "r", secret, RotationStep.STORED, T).toString())
                .doesNotContain("hunter2");
        assertThat(secret).isNotEqualTo(Secret.ofText("hunter2-Pässword".toCharArray()));
    }

    @Test
    void aTextSecretRoundTripsThroughUtf8AndIsCopiedInAndOut() {
        char[] text = "hunter2-Pässword".toCharArray();
        Secret secret = Secret.ofText(text);
        text[0] = 'X';
        char[] read = secret.text();
        read[1] = 'Y';

        assertThat(secret.text()).containsExactly("hunter2-Pässword".toCharArray());
        assertThat(secret.value()).hasSize("hunter2-Pässword".length() + 1);
        assertThat(secret.publicKey()).isEmpty();
        assertThat(secret.sameValueAs(Secret.ofText("hunter2-Pässword".toCharArray()))).isTrue();
        assertThat(secret.sameValueAs(Secret.ofText("hunter3-Pässword".toCharArray()))).isFalse();
        assertThat(secret.copy().sameValueAs(secret)).isTrue();
    }

    @Test
    void aDestroyedSecretIsWipedAndCannotBeRead() {
        Secret secret = Secret.ofText("hunter2".toCharArray());
        Secret copy = secret.copy();

        secret.destroy();
        secret.destroy();

        assertThat(secret.isDestroyed()).isTrue();
        assertThatThrownBy(secret::value).isInstanceOf(IllegalStateException.class).hasMessage("This secret was destroyed");
        assertThatThrownBy(secret::text).isInstanceOf(IllegalStateException.class);
        assertThat(copy.text()).containsExactly("hunter2".toCharArray());
    }

    @Test
    void aKeyPairSecretHasAPublicKeyAndNoText() {
        Secret pair = Secret.ofKeyPair(new byte[] {1, 2, 3}, new byte[] {9});

        assertThat(pair.value()).containsExactly(1, 2, 3);
        assertThat(pair.publicKey()).hasValueSatisfying(k -> assertThat(k).containsExactly(9));
        assertThatThrownBy(pair::text).isInstanceOf(IllegalStateException.class).hasMessageContaining("no text");
        assertThat(pair.sameValueAs(Secret.ofKeyPair(new byte[] {1, 2, 3}, new byte[] {8}))).isFalse();
    }

    @Test
    void emptyOrMalformedSecretsAreRejected() {
        assertThatThrownBy(() -> Secret.ofText(new char[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Secret.ofText(new char[] {'a', '\uD800'})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> Secret.ofKeyPair(new byte[] {1}, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aManagedCredentialIsDueOnceItsTtlHasPassed() {
        ManagedCredential credential = new ManagedCredential("api", "digicert", CredentialKind.TOKEN, Duration.ofDays(30),
                T, Map.of());

        assertThat(credential.dueAt()).isEqualTo(T.plus(Duration.ofDays(30)));
        assertThat(credential.isDue(T.plus(Duration.ofDays(30)).minusSeconds(1))).isFalse();
        assertThat(credential.isDue(T.plus(Duration.ofDays(30)))).isTrue();
    }

    @Test
    void aManagedCredentialNeedsAnIdASystemAndAPositiveTtl() {
        assertThatThrownBy(() -> new ManagedCredential(" ", "s", CredentialKind.TOKEN, Duration.ofDays(1), T, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ManagedCredential("a", "", CredentialKind.TOKEN, Duration.ofDays(1), T, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a system");
        assertThatThrownBy(() -> new ManagedCredential("a", "s", CredentialKind.TOKEN, Duration.ZERO, T, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive TTL");
    }

    @Test
    void rotationStepsOnlyAdvanceInOrder() {
        assertThat(RotationStep.CHANGED.isAfter(RotationStep.STORED)).isTrue();
        assertThat(RotationStep.VERIFIED.isAfter(RotationStep.CHANGED)).isTrue();
        assertThat(RotationStep.STORED.isAfter(RotationStep.STORED)).isFalse();
    }
}
