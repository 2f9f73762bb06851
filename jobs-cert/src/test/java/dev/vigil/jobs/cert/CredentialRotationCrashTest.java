package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.RunState;
import dev.vigil.spi.credential.CredentialKind;
import dev.vigil.spi.credential.Secret;
import dev.vigil.testkit.FakeCredentialTarget;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCredentialStore;
import dev.vigil.testkit.RotationCrash;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A crash at every step of a rotation, then a recovery run: the store and the target end
 * consistent, the target was changed exactly once, and at every write in between the target
 * accepted the stored current or pending secret.
 */
class CredentialRotationCrashTest {

    enum CrashPoint {
        AFTER_STORE_PENDING((store, target) -> store.crashOn(InMemoryCredentialStore.Crash.AFTER_STORE_PENDING)),
        DURING_CHANGE_BEFORE_IT_IS_APPLIED((store, target) -> target.crashOn(FakeCredentialTarget.Crash.BEFORE_CHANGE)),
        AFTER_THE_CHANGE_IS_APPLIED_BEFORE_IT_IS_RECORDED(
                (store, target) -> target.crashOn(FakeCredentialTarget.Crash.AFTER_CHANGE)),
        AFTER_CHANGED_IS_RECORDED((store, target) -> store.crashOn(InMemoryCredentialStore.Crash.AFTER_MARK_CHANGED)),
        // The first verification checks the current secret; the second, the new one.
        AFTER_THE_NEW_SECRET_IS_VERIFIED((store, target) -> target.crashOn(FakeCredentialTarget.Crash.AFTER_VERIFY, 2)),
        AFTER_VERIFIED_IS_RECORDED((store, target) -> store.crashOn(InMemoryCredentialStore.Crash.AFTER_MARK_VERIFIED)),
        DURING_PROMOTION_BEFORE_IT_IS_STORED((store, target) -> store.crashOn(InMemoryCredentialStore.Crash.BEFORE_PROMOTE)),
        DURING_PROMOTION_AFTER_IT_IS_STORED((store, target) -> store.crashOn(InMemoryCredentialStore.Crash.AFTER_PROMOTE));

        final BiConsumer<InMemoryCredentialStore, FakeCredentialTarget> arm;

        CrashPoint(BiConsumer<InMemoryCredentialStore, FakeCredentialTarget> arm) {
            this.arm = arm;
        }
    }

    static Stream<Arguments> crashes() {
        return Arrays.stream(CrashPoint.values())
                .flatMap(point -> Arrays.stream(CredentialKind.values()).map(kind -> Arguments.of(point, kind)));
    }

    @ParameterizedTest(name = "{1}, crash {0}")
    @MethodSource("crashes")
    void aCrashAtAnyStepLeavesAWorkingStoredSecretAndTheNextRunFinishesTheRotation(CrashPoint point,
                                                                                   CredentialKind kind) {
        CredentialFixtures f = new CredentialFixtures();
        FakeCredentialTarget target = FakeCredentialTarget.named("device-9");
        Secret original = f.addDue("admin", target, kind);
        Runnable invariant = () -> assertThat(f.targetAcceptsAStoredSecret("admin", target))
                .as("the target accepts the stored current or pending secret").isTrue();
        f.store.afterEachWrite(invariant);
        target.afterEachChange(invariant);
        point.arm.accept(f.store, target);

        HarnessRun crashed = f.run(target);

        assertThat(crashed.runState()).isEqualTo(RunState.FAILED);
        assertThat(crashed.thrown()).containsInstanceOf(RotationCrash.class);
        invariant.run();

        f.clock.advance(Duration.ofMinutes(5));
        HarnessRun recovery = f.run(target);

        assertThat(recovery.runState()).isEqualTo(RunState.SUCCEEDED);
        invariant.run();
        Secret current = f.store.current("admin");
        assertThat(target.accepts("admin", current)).as("the target accepts the store's current secret").isTrue();
        assertThat(current.sameValueAs(original)).as("the secret was rotated").isFalse();
        assertThat(f.store.previous("admin")).hasValueSatisfying(p -> assertThat(p.sameValueAs(original)).isTrue());
        assertThat(f.store.pending("admin")).isEmpty();
        assertThat(target.changes()).as("changes applied on the target").isEqualTo(1);
        if (point == CrashPoint.DURING_PROMOTION_AFTER_IT_IS_STORED) {
            assertThat(recovery.counts().skipped()).isEqualTo(1);
        } else {
            assertThat(recovery.counts().succeeded()).isEqualTo(1);
            assertThat(recovery.auditEventsWithAction(CredentialRotationJob.AUDIT_RESUMED)).hasSize(1);
        }
        CredentialFixtures.assertNoSecretIn(crashed, original, current);
        CredentialFixtures.assertNoSecretIn(recovery, original, current);
    }
}
