package dev.vigil.jobs.cert;

import static dev.vigil.jobs.cert.CredentialFixtures.TTL;
import static dev.vigil.jobs.cert.CredentialFixtures.assertNoSecretIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.credential.CredentialKind;
import dev.vigil.spi.credential.CredentialTarget;
import dev.vigil.spi.credential.ManagedCredential;
import dev.vigil.spi.credential.RotationStep;
import dev.vigil.spi.credential.Secret;
import dev.vigil.testkit.FakeCredentialTarget;
import dev.vigil.testkit.HarnessRun;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CredentialRotationJobTest {
    private final CredentialFixtures f = new CredentialFixtures();
    private final FakeCredentialTarget digicert = FakeCredentialTarget.named("digicert");
    private final FakeCredentialTarget router = FakeCredentialTarget.named("router-7");

    @Test
    void aCredentialPastItsTtlIsRotatedAndOneNotYetDueIsSkipped() {
        Secret old = f.add("due", digicert, CredentialKind.TOKEN, TTL.plusHours(1), Map.of());
        f.add("exactly-due", digicert, CredentialKind.TOKEN, TTL, Map.of());
        Secret fresh = f.add("fresh", router, CredentialKind.PASSWORD, Duration.ofDays(1), Map.of());

        HarnessRun run = f.run(digicert, router);

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().succeeded()).isEqualTo(2);
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(run.result().message()).isEqualTo("2 credentials rotated, 0 failed, 1 not due");
        assertThat(f.store.current("due").sameValueAs(old)).isFalse();
        assertThat(f.store.find("due").orElseThrow().rotatedAt()).isEqualTo(f.clock.instant());
        assertThat(f.store.current("fresh").sameValueAs(fresh)).isTrue();
        assertThat(router.changes()).isZero();
        assertThat(run.auditEventsWithAction(CredentialRotationJob.AUDIT_ROTATED)).extracting(AuditEvent::target)
                .containsExactly("due", "exactly-due");
    }

    @Test
    void aCredentialBecomesDueWhenTheClockPassesItsTtl() {
        f.add("api", digicert, CredentialKind.TOKEN, TTL.minusHours(2), Map.of());

        HarnessRun early = f.run(digicert);
        f.clock.advance(Duration.ofHours(2));
        HarnessRun due = f.run(digicert);

        assertThat(early.counts().skipped()).isEqualTo(1);
        assertThat(due.counts().succeeded()).isEqualTo(1);
        assertThat(digicert.changes()).isEqualTo(1);
    }

    @Test
    void triggerNowRotatesTheNamedCredentialWhateverItsTtl() {
        Secret old = f.add("fresh", digicert, CredentialKind.PASSWORD, Duration.ofDays(1), Map.of());
        f.add("due", digicert, CredentialKind.PASSWORD, TTL.plusDays(3), Map.of());

        HarnessRun run = f.harness(digicert).parameter(CredentialRotationJob.CREDENTIAL_ID, "fresh").run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().processed()).isEqualTo(1);
        assertThat(f.store.current("fresh").sameValueAs(old)).isFalse();
        assertThat(digicert.accepts("fresh", f.store.current("fresh"))).isTrue();
        assertThat(run.auditEventsWithAction(CredentialRotationJob.AUDIT_ROTATED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("trigger", "manual"));
    }

    @Test
    void triggerNowWithAnUnknownCredentialIdFailsClearly() {
        f.addDue("api", digicert, CredentialKind.TOKEN);

        HarnessRun run = f.harness(digicert).parameter(CredentialRotationJob.CREDENTIAL_ID, "nope").run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().itemErrors()).containsExactly(
                new ItemError("nope", "the credential store has no credential with id 'nope'"));
        assertThat(digicert.changes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(CredentialKind.class)
    void eachKindRotatesEndToEndWithoutASecretInTheOutput(CredentialKind kind) {
        Secret old = f.addDue("cred", digicert, kind);

        HarnessRun run = f.run(digicert);

        Secret current = f.store.current("cred");
        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(current.sameValueAs(old)).isFalse();
        assertThat(digicert.accepts("cred", current)).isTrue();
        assertThat(digicert.accepts("cred", old)).isFalse();
        assertThat(f.store.previous("cred")).hasValueSatisfying(p -> assertThat(p.sameValueAs(old)).isTrue());
        assertThat(f.store.pending("cred")).isEmpty();
        assertThat(digicert.changes()).isEqualTo(1);
        assertThat(run.auditEventsWithAction(CredentialRotationJob.AUDIT_ROTATED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("system", "digicert")
                        .containsEntry("kind", kind.name()).containsKey("rotationId"));
        assertNoSecretIn(run, old, current);
    }

    @Test
    void aKeyPairRotationGivesTheTargetOnlyThePublicKey() {
        f.add("ssh", digicert, CredentialKind.KEY_PAIR, TTL.plusDays(1), Map.of("algorithm", "Ed25519"));
        CredentialTarget spy = new CredentialTarget() {
            @Override
            public void change(ManagedCredential credential, Secret current, Secret next) {
                assertThat(next.publicKey()).isPresent();
                digicert.change(credential, current, next);
            }

            @Override
            public boolean verify(ManagedCredential credential, Secret secret) {
                return digicert.verify(credential, secret);
            }
        };

        HarnessRun run = f.harness(name -> Optional.of(spy)).run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(f.store.current("ssh").publicKey()).isPresent();
        assertThat(digicert.accepts("ssh", f.store.current("ssh"))).isTrue();
    }

    @Test
    void aTargetThatIsDownFailsOnlyItsCredentialAndLosesNothing() {
        Secret old = f.addDue("device-admin", router, CredentialKind.PASSWORD);
        f.addDue("api", digicert, CredentialKind.TOKEN);
        router.down(true);

        HarnessRun run = f.run(digicert, router);

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("device-admin");
            assertThat(e.message()).contains("router-7 is unreachable").contains("every stored secret is kept");
        });
        assertThat(f.store.current("device-admin").sameValueAs(old)).isTrue();
        assertThat(f.store.pending("device-admin")).isEmpty();
        assertThat(digicert.changes()).isEqualTo(1);
        assertThat(run.auditEventsWithAction(CredentialRotationJob.AUDIT_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.target()).isEqualTo("device-admin"));
        router.down(false);
        assertThat(router.accepts("device-admin", old)).isTrue();
    }

    @Test
    void aRefusedChangeKeepsTheCurrentSecretAndDropsTheUnusedOne() {
        Secret old = f.addDue("admin", router, CredentialKind.PASSWORD);
        router.refuseChanges(true);

        HarnessRun run = f.run(router);

        assertThat(run.result().itemErrors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("refused the change").contains("still accepts the current secret"));
        assertThat(f.store.current("admin").sameValueAs(old)).isTrue();
        assertThat(f.store.pending("admin")).isEmpty();
        assertThat(router.accepts("admin", old)).isTrue();
        assertThat(router.changes()).isZero();
    }

    @Test
    void aChangeWhoseReplyIsLostStillCompletes() {
        f.addDue("admin", router, CredentialKind.PASSWORD);
        router.throwAfterNextChange();

        HarnessRun run = f.run(router);

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(router.changes()).isEqualTo(1);
        assertThat(router.accepts("admin", f.store.current("admin"))).isTrue();
    }

    @Test
    void aChangeTheTargetTookButCannotVerifyKeepsBothSecretsAndTheNextRunFinishesIt() {
        Secret old = f.addDue("admin", router, CredentialKind.PASSWORD);
        router.failVerifyAfterChange(true);

        HarnessRun first = f.run(router);

        assertThat(first.runState()).isEqualTo(RunState.FAILED);
        assertThat(first.result().itemErrors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("does not accept the new secret").contains("both the current and the pending secret are kept"));
        assertThat(f.store.current("admin").sameValueAs(old)).isTrue();
        assertThat(f.store.pending("admin")).hasValueSatisfying(p -> {
            assertThat(p.step()).isEqualTo(RotationStep.CHANGED);
            assertThat(router.accepts("admin", p.secret())).isTrue();
        });

        router.failVerifyAfterChange(false).failVerify(false);
        f.clock.advance(Duration.ofHours(1));
        HarnessRun second = f.run(router);

        assertThat(second.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(router.accepts("admin", f.store.current("admin"))).isTrue();
        assertThat(f.store.pending("admin")).isEmpty();
        assertThat(router.changes()).isEqualTo(1);
        assertThat(second.auditEventsWithAction(CredentialRotationJob.AUDIT_RESUMED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("step", "CHANGED"));
    }

    @Test
    void aTargetThatAcceptsNeitherSecretNeedsManualAttentionAndBothAreKept() {
        Secret old = f.addDue("admin", router, CredentialKind.PASSWORD);
        Secret pending = Secret.ofText("pending-Secret-123".toCharArray());
        f.store.storePending("admin", "r-1", pending, f.clock.instant());
        router.accepting("admin", Secret.ofText("someone-else-Set-This-9".toCharArray()));

        HarnessRun run = f.run(router);

        assertThat(run.result().itemErrors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("manual attention").contains("both the current and the pending secret are kept"));
        assertThat(f.store.current("admin").sameValueAs(old)).isTrue();
        assertThat(f.store.pending("admin")).hasValueSatisfying(p -> {
            assertThat(p.rotationId()).isEqualTo("r-1");
            assertThat(p.secret().sameValueAs(pending)).isTrue();
        });
        assertThat(router.changes()).isZero();
        assertNoSecretIn(run, old, pending);
    }

    @Test
    void aStoredCurrentSecretTheTargetRejectsIsNotRotated() {
        f.addDue("admin", router, CredentialKind.PASSWORD);
        router.accepting("admin", Secret.ofText("changed-By-Hand-42".toCharArray()));

        HarnessRun run = f.run(router);

        assertThat(run.result().itemErrors()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("does not accept the stored current secret"));
        assertThat(f.store.pending("admin")).isEmpty();
        assertThat(router.changes()).isZero();
    }

    @Test
    void invalidPoliciesFailTheirCredentialWithAClearErrorAndTheRunGoesOn() {
        Duration due = TTL.plusDays(1);
        f.add("short", router, CredentialKind.PASSWORD, due, Map.of("length", "3"));
        f.add("dsa", router, CredentialKind.KEY_PAIR, due, Map.of("algorithm", "DSA"));
        f.add("typo", router, CredentialKind.TOKEN, due, Map.of("lenght", "40"));
        f.add("classes", router, CredentialKind.PASSWORD, due, Map.of("classes", "lower,emoji"));
        f.add("good", digicert, CredentialKind.PASSWORD, due, Map.of("length", "12", "classes", "lower,digit"));

        HarnessRun run = f.run(router, digicert);

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.counts().succeeded()).isEqualTo(1);
        assertThat(run.result().itemErrors()).extracting(ItemError::item, ItemError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("classes", "invalid policy: password policy 'classes' has 'emoji'; "
                        + "allowed: lower, upper, digit, symbol, comma-separated; nothing was changed"),
                org.assertj.core.groups.Tuple.tuple("dsa", "invalid policy: key policy 'algorithm' 'DSA' is not "
                        + "supported; allowed: EC, RSA, Ed25519; nothing was changed"),
                org.assertj.core.groups.Tuple.tuple("short", "invalid policy: policy 'length' must be from 8 to 256, "
                        + "was 3; nothing was changed"),
                org.assertj.core.groups.Tuple.tuple("typo", "invalid policy: unknown TOKEN policy key(s) [lenght]; "
                        + "allowed: [bytes]; nothing was changed"));
        assertThat(f.store.withPendingRotation()).isEmpty();
        assertThat(router.changes()).isZero();
        char[] good = f.store.current("good").text();
        assertThat(good).hasSize(12);
        assertThat(new String(good)).matches("[a-z2-9]{12}").containsPattern("[0-9]");
    }

    @Test
    void aCredentialWhoseSystemTheHostLacksFailsAlone() {
        f.addDue("orphan", FakeCredentialTarget.named("gone"), CredentialKind.TOKEN);
        f.addDue("api", digicert, CredentialKind.TOKEN);

        HarnessRun run = f.run(digicert);

        assertThat(run.result().itemErrors()).containsExactly(new ItemError("orphan",
                "the host has no credential target for system 'gone'; nothing was changed"));
        assertThat(run.counts().succeeded()).isEqualTo(1);
    }

    @Test
    void aHostErrorThatQuotesASecretIsScrubbedFromTheResultAndAudit() {
        Secret old = f.addDue("admin", router, CredentialKind.PASSWORD);
        CredentialTarget leaky = new CredentialTarget() {
            @Override
            public void change(ManagedCredential credential, Secret current, Secret next) {
                throw new IllegalStateException("rejected '" + new String(next.text()) + "' (old was '"
                        + new String(current.text()) + "')");
            }

            @Override
            public boolean verify(ManagedCredential credential, Secret secret) {
                return router.verify(credential, secret);
            }
        };

        HarnessRun run = f.harness(name -> Optional.of(leaky)).run();

        assertThat(run.result().itemErrors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("rejected '****' (old was '****')"));
        assertNoSecretIn(run, old);
        assertThat(router.accepts("admin", f.store.current("admin"))).isTrue();
    }

    @Test
    void everyCredentialIsFoundAcrossPages() {
        f.store.pageSize(2);
        FakeCredentialTarget[] targets = new FakeCredentialTarget[5];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = FakeCredentialTarget.named("system-" + i);
            f.addDue("c" + i, targets[i], CredentialKind.TOKEN);
        }

        HarnessRun run = f.run(targets);

        assertThat(run.counts().succeeded()).isEqualTo(5);
    }

    @Test
    void theJobIsDisabledByDefaultHourlyAndRegistered() {
        var descriptor = new CredentialRotationJob().descriptor();

        assertThat(descriptor.enabledByDefault()).isFalse();
        assertThat(descriptor.defaultSchedule().toText()).contains("0 0 * * * ?");
        assertThat(new CertificateJobs().jobs()).anySatisfy(
                job -> assertThat(job.descriptor().id()).isEqualTo(CredentialRotationJob.TYPE));
    }
}
