package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.cert.RenewalAction;
import dev.vigil.spi.cert.RenewalRecord;
import dev.vigil.spi.cert.RenewalStep;
import dev.vigil.testkit.FakeCaConnector;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateKeys;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A crash at every step of a renewal and of a regeneration, each followed by recovery (the parent
 * job and the poller run again, as the schedule and the host would), ends consistent: one new
 * certificate, one CA order, the link, the key promoted (regeneration), no pending key left.
 */
class RenewalCrashRecoveryTest {
    private static final String ID = "web1";

    /** Where the process dies, always after the side effect of that point. */
    enum Crash {
        SAVE_STARTED(null, w -> w.renewals.crashOnSave(RenewalStep.STARTED)),
        HOST_SIGNS(RenewalAction.RENEW, w -> w.keys.crashOn(InMemoryCertificateKeys.Call.SIGN)),
        SAVE_CSR_READY(RenewalAction.RENEW, w -> w.renewals.crashOnSave(RenewalStep.CSR_READY)),
        STORE_PENDING_KEY(RenewalAction.REGENERATE, w -> w.keys.crashOn(InMemoryCertificateKeys.Call.STORE_PENDING_KEY)),
        SAVE_KEY_PENDING(RenewalAction.REGENERATE, w -> w.renewals.crashOnSave(RenewalStep.KEY_PENDING)),
        CA_SUBMIT(null, w -> w.ca.crashOn(FakeCaConnector.Call.SUBMIT)),
        SAVE_SUBMITTED(null, w -> w.renewals.crashOnSave(RenewalStep.SUBMITTED)),
        CA_POLL(null, w -> w.ca.crashOn(FakeCaConnector.Call.POLL)),
        SAVE_ISSUED(null, w -> w.renewals.crashOnSave(RenewalStep.ISSUED)),
        STORE_ISSUED(null, w -> w.renewals.crashOnStoreIssued()),
        SAVE_STORED(null, w -> w.renewals.crashOnSave(RenewalStep.STORED)),
        PROMOTE_KEY(RenewalAction.REGENERATE, w -> w.keys.crashOn(InMemoryCertificateKeys.Call.PROMOTE_KEY)),
        SAVE_DONE(null, w -> w.renewals.crashOnSave(RenewalStep.DONE));

        final RenewalAction only;
        final Consumer<RenewalWorld> arm;

        Crash(RenewalAction only, Consumer<RenewalWorld> arm) {
            this.only = only;
            this.arm = arm;
        }
    }

    static Stream<Arguments> crashes() {
        List<Arguments> all = new ArrayList<>();
        for (RenewalAction action : RenewalAction.values()) {
            for (Crash crash : Crash.values()) {
                if (crash.only == null || crash.only == action) {
                    all.add(Arguments.of(action, crash));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} crashing at {1}")
    @MethodSource("crashes")
    void aCrashAtAnyStepRecoversToExactlyOneNewCertificate(RenewalAction action, Crash crash) throws Exception {
        RenewalWorld world = new RenewalWorld();
        X509Certificate old = world.add(ID, TestPki.ec("secp256r1"));
        crash.arm.accept(world);

        List<HarnessRun> runs = new ArrayList<>();
        runs.add(parent(world, action));
        runs.add(world.poll(ID));
        for (int i = 0; i < 4 && world.renewals.record(ID).map(r -> r.step() != RenewalStep.DONE).orElse(true); i++) {
            world.clock.advance(Duration.ofHours(2));
            runs.add(parent(world, action));
            runs.add(world.poll(ID));
        }

        List<String> fired = new ArrayList<>(world.ca.crashesFired());
        fired.addAll(world.renewals.crashesFired());
        fired.addAll(world.keys.crashesFired());
        assertThat(fired).as("the armed crash fired").hasSize(1);
        RenewalRecord record = world.record(ID);
        assertThat(record.step()).as("record after %s", runs.stream().map(RenewalWorld::describe).toList())
                .isEqualTo(RenewalStep.DONE);
        String newId = record.newCertificateId().orElseThrow();
        assertThat(world.renewals.storedCount()).isEqualTo(1);
        assertThat(world.inventory.size()).isEqualTo(2);
        assertThat(world.renewals.links()).containsExactly(Map.entry(ID, newId));
        assertThat(world.ca.requestIdsOrdered()).isEqualTo(1);
        assertThat(world.ca.ordersPlaced(record.requestId())).isEqualTo(1);
        assertThat(world.keys.pendingKeys()).isEmpty();
        X509Certificate renewed = world.parsed(newId);
        if (action == RenewalAction.RENEW) {
            assertThat(renewed.getPublicKey().getEncoded()).isEqualTo(old.getPublicKey().getEncoded());
            assertThat(world.keys.promoted()).isEmpty();
        } else {
            assertThat(renewed.getPublicKey().getEncoded()).isNotEqualTo(old.getPublicKey().getEncoded());
            assertThat(world.keys.promoted()).containsExactly(Map.entry(record.requestId(), newId));
            byte[] data = "proof".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(world.keys.key(newId).orElseThrow());
            signer.update(data);
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(renewed.getPublicKey());
            verifier.update(data);
            assertThat(verifier.verify(signer.sign())).as("the promoted key is the new certificate's").isTrue();
        }
    }

    private static HarnessRun parent(RenewalWorld world, RenewalAction action) {
        return action == RenewalAction.RENEW ? world.renew() : world.regenerate();
    }
}
