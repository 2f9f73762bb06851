package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.credential.CredentialKind;
import dev.vigil.spi.credential.CredentialPage;
import dev.vigil.spi.credential.ManagedCredential;
import dev.vigil.spi.credential.RotationStep;
import dev.vigil.spi.credential.Secret;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialFakesTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final ManagedCredential API = credential("api");

    private static ManagedCredential credential(String id) {
        return new ManagedCredential(id, "digicert", CredentialKind.TOKEN, Duration.ofDays(30), T, Map.of());
    }

    private static Secret text(String value) {
        return Secret.ofText(value.toCharArray());
    }

    @Test
    void aPendingSecretOfAnotherRotationIsNeverOverwritten() {
        InMemoryCredentialStore store = new InMemoryCredentialStore().add(API, text("old"));
        store.storePending("api", "r1", text("new"), T);
        store.storePending("api", "r1", text("ignored"), T);

        assertThatThrownBy(() -> store.storePending("api", "r2", text("other"), T))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("never overwritten");
        assertThat(store.pending("api")).hasValueSatisfying(p -> assertThat(p.secret().sameValueAs(text("new"))).isTrue());
        assertThat(store.withPendingRotation()).containsExactly("api");
    }

    @Test
    void stepsOnlyAdvanceAndPromotionKeepsThePreviousSecretOnce() {
        InMemoryCredentialStore store = new InMemoryCredentialStore().add(API, text("old"));
        store.storePending("api", "r1", text("new"), T);
        store.markPending("api", "r1", RotationStep.VERIFIED);
        store.markPending("api", "r1", RotationStep.CHANGED);
        assertThat(store.pending("api").orElseThrow().step()).isEqualTo(RotationStep.VERIFIED);

        store.promote("api", "r1", T.plusSeconds(5));
        store.promote("api", "r1", T.plusSeconds(9));

        assertThat(store.current("api").sameValueAs(text("new"))).isTrue();
        assertThat(store.previous("api")).hasValueSatisfying(p -> assertThat(p.sameValueAs(text("old"))).isTrue());
        assertThat(store.find("api").orElseThrow().rotatedAt()).isEqualTo(T.plusSeconds(5));
        assertThat(store.pending("api")).isEmpty();
        assertThatThrownBy(() -> store.promote("api", "r2", T)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void discardingRemovesOnlyThatRotationsPendingSecret() {
        InMemoryCredentialStore store = new InMemoryCredentialStore().add(API, text("old"));
        store.storePending("api", "r1", text("new"), T);

        store.discardPending("api", "other");
        assertThat(store.pending("api")).isPresent();
        store.discardPending("api", "r1");
        assertThat(store.pending("api")).isEmpty();
    }

    @Test
    void pagesFollowTheCursorInIdOrder() {
        InMemoryCredentialStore store = new InMemoryCredentialStore().pageSize(2);
        for (String id : new String[] {"c", "a", "b"}) {
            store.add(credential(id), text(id));
        }

        CredentialPage first = store.page(Optional.empty(), 10);
        CredentialPage second = store.page(first.nextCursor(), 10);

        assertThat(first.credentials()).extracting(ManagedCredential::id).containsExactly("a", "b");
        assertThat(second.credentials()).extracting(ManagedCredential::id).containsExactly("c");
        assertThat(second.nextCursor()).isEmpty();
    }

    @Test
    void aStoreCrashHappensOnceAtItsPoint() {
        InMemoryCredentialStore store = new InMemoryCredentialStore().add(API, text("old"))
                .crashOn(InMemoryCredentialStore.Crash.BEFORE_PROMOTE);
        store.storePending("api", "r1", text("new"), T);

        assertThatThrownBy(() -> store.promote("api", "r1", T)).isInstanceOf(RotationCrash.class);
        assertThat(store.pending("api")).isPresent();
        store.promote("api", "r1", T);
        assertThat(store.pending("api")).isEmpty();
    }

    @Test
    void aTargetChangesOnlyWithTheCurrentSecretAndCountsWhatItApplied() {
        FakeCredentialTarget target = FakeCredentialTarget.named("digicert").accepting("api", text("old"));

        assertThatThrownBy(() -> target.change(API, text("wrong"), text("new"))).hasMessageContaining("authentication");
        target.change(API, text("old"), text("new"));

        assertThat(target.verify(API, text("new"))).isTrue();
        assertThat(target.verify(API, text("old"))).isFalse();
        assertThat(target.changes()).isEqualTo(1);
        assertThat(target.verifications()).isEqualTo(2);
        assertThat(target.accepts("other", text("new"))).isFalse();
    }

    @Test
    void aTargetCanBeDownRefuseChangesOrLoseTheReply() {
        FakeCredentialTarget target = FakeCredentialTarget.named("digicert").accepting("api", text("old")).down(true);
        assertThatThrownBy(() -> target.verify(API, text("old"))).hasMessage("system digicert is unreachable");

        target.down(false).refuseChanges(true);
        assertThatThrownBy(() -> target.change(API, text("old"), text("new"))).hasMessageContaining("refused");
        assertThat(target.accepts("api", text("old"))).isTrue();

        target.refuseChanges(false).throwAfterNextChange();
        assertThatThrownBy(() -> target.change(API, text("old"), text("new"))).hasMessageContaining("timed out");
        assertThat(target.accepts("api", text("new"))).isTrue();
    }

    @Test
    void aTargetCrashesAtTheChosenOccurrence() {
        FakeCredentialTarget target = FakeCredentialTarget.named("digicert").accepting("api", text("old"))
                .crashOn(FakeCredentialTarget.Crash.AFTER_VERIFY, 2);

        assertThat(target.verify(API, text("old"))).isTrue();
        assertThatThrownBy(() -> target.verify(API, text("old"))).isInstanceOf(RotationCrash.class);
        assertThat(target.verify(API, text("old"))).isTrue();
    }

    @Test
    void aKeyPairTargetHoldsThePublicKeyAndChecksPossessionOfThePrivateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair a = generator.generateKeyPair();
        KeyPair b = generator.generateKeyPair();
        Secret pair = Secret.ofKeyPair(a.getPrivate().getEncoded(), a.getPublic().getEncoded());
        Secret forged = Secret.ofKeyPair(b.getPrivate().getEncoded(), a.getPublic().getEncoded());
        FakeCredentialTarget target = FakeCredentialTarget.named("ssh").accepting("api", pair);

        assertThat(target.accepts("api", pair)).isTrue();
        assertThat(target.accepts("api", forged)).isFalse();
    }
}
