package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CertificateRenewals;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.RenewalAction;
import dev.vigil.spi.cert.RenewalRecord;
import dev.vigil.spi.cert.RenewalSettings;
import dev.vigil.spi.cert.RenewalStep;
import dev.vigil.testkit.FakeCaConnector;
import dev.vigil.testkit.HarnessRun;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AutoRenewJobTest {
    private static final KeyPair KEY = TestPki.ec("secp256r1");

    private final RenewalWorld world = new RenewalWorld();

    @Test
    void aDueCertificateIsRenewedWithItsOwnKeyAndStoredWithChainAndLink() throws Exception {
        X509Certificate old = world.add("web1", KEY);

        HarnessRun parent = world.renew();

        assertThat(parent.runState()).as(RenewalWorld.describe(parent)).isEqualTo(RunState.SUCCEEDED);
        assertThat(parent.counts().succeeded()).isEqualTo(1);
        assertThat(parent.triggered()).singleElement().satisfies(child -> {
            assertThat(child.jobType()).isEqualTo(PollingRequestJob.TYPE);
            assertThat(child.parameters()).containsEntry(PollingRequestJob.CERTIFICATE_ID, "web1");
            assertThat(child.mutexKey()).contains("certificate:web1");
        });
        assertThat(parent.auditEventsWithAction(CertificateRenewal.SUBMITTED_AUDIT)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("action", "RENEW").containsKey("orderId"));
        byte[] csr = world.ca.submitted().get(0).csr();
        assertThat(RenewalWorld.csrKey(csr)).isEqualTo(old.getPublicKey().getEncoded());

        HarnessRun poller = world.poll("web1");

        assertThat(poller.runState()).isEqualTo(RunState.SUCCEEDED);
        RenewalRecord record = world.record("web1");
        assertThat(record.step()).isEqualTo(RenewalStep.DONE);
        String newId = record.newCertificateId().orElseThrow();
        assertThat(world.renewals.links()).containsEntry("web1", newId);
        InventoryCertificate renewed = world.certificate(newId);
        assertThat(renewed.group()).isEqualTo("web");
        assertThat(renewed.status()).isEqualTo(ManagementStatus.MANAGED);
        assertThat(renewed.caConnector()).contains(RenewalWorld.CA);
        assertThat(renewed.chain()).singleElement().isEqualTo(world.ca.issuingCaCertificate());
        X509Certificate issued = world.parsed(newId);
        assertThat(issued.getPublicKey().getEncoded()).isEqualTo(old.getPublicKey().getEncoded());
        assertThat(issued.getSubjectX500Principal()).isEqualTo(old.getSubjectX500Principal());
        assertThat(issued.getSubjectAlternativeNames()).containsExactlyElementsOf(old.getSubjectAlternativeNames());
        assertThat(poller.auditEventsWithAction(CertificateRenewal.RENEWED_AUDIT)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("newCertificateId", newId));
        assertThat(poller.notifications()).singleElement().satisfies(n -> {
            assertThat(n.topic()).isEqualTo(CertificateRenewal.RENEWED_TOPIC);
            assertThat(n.body()).contains("web1", newId);
        });
        assertThat(world.ca.requestIdsOrdered()).isEqualTo(1);
    }

    @Test
    void anOrderIssuedAfterSomePollsIsCollectedByTheRetriedPoller() {
        world.add("web1", KEY);
        world.ca.issueAfterPolls(2);
        world.renew();

        HarnessRun first = world.poll("web1");
        world.clock.advance(Duration.ofMinutes(2));
        HarnessRun second = world.poll("web1");

        assertThat(first.runState()).isEqualTo(RunState.FAILED);
        assertThat(first.result().message()).contains("still pending");
        assertThat(second.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(world.record("web1").step()).isEqualTo(RenewalStep.DONE);
        assertThat(world.renewals.storedCount()).isEqualTo(1);
    }

    @Test
    void aCertificateBeforeItsRenewalPointIsSkipped() {
        world.clock.set(RenewalWorld.ISSUED.plus(Duration.ofDays(50)));
        world.add("web1", KEY);

        HarnessRun run = world.renew();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(world.renewals.record("web1")).isEmpty();
        assertThat(world.ca.submitted()).isEmpty();
    }

    @Test
    void theConnectorsThresholdDecidesWhenItIsSet() {
        world.settings.renewal(RenewalWorld.CA, new RenewalSettings(true, false, OptionalInt.of(10)));
        world.add("web1", KEY);

        HarnessRun early = world.renew();
        world.clock.set(RenewalWorld.ISSUED.plus(Duration.ofDays(80)));
        HarnessRun due = world.renew();

        assertThat(early.counts().skipped()).isEqualTo(1);
        assertThat(due.counts().succeeded()).isEqualTo(1);
    }

    @Test
    void certificatesOfAConnectorWithAutoRenewOffOrUnsupportedOrAbsentAreSkipped() {
        world.settings.renewal("off", new RenewalSettings(false, true, OptionalInt.empty()));
        world.settings.renewal("unable", new RenewalSettings(true, true, OptionalInt.empty()));
        world.connectors.add(FakeCaConnector.named("off").capabilities(CaCapability.RENEW));
        world.connectors.add(FakeCaConnector.named("unable").capabilities(CaCapability.REGENERATE));
        world.add("a", KEY, "off");
        world.add("b", KEY, "unable");
        world.add("c", KEY, "unknown");

        HarnessRun run = world.renew();

        assertThat(run.counts().skipped()).isEqualTo(3);
        assertThat(run.triggered()).isEmpty();
        assertThat(world.renewals.history()).isEmpty();
    }

    @Test
    void aSubmittedCertificateGoesToANewPollerOnlyWhenNoPollHasTouchedItForThreeHours() {
        world.add("web1", KEY);
        world.ca.slow();

        HarnessRun first = world.renew();
        world.clock.advance(Duration.ofHours(2));
        HarnessRun pending = world.poll("web1");
        world.clock.advance(Duration.ofHours(2));
        HarnessRun second = world.renew();
        world.clock.advance(Duration.ofHours(2));
        HarnessRun third = world.renew();

        assertThat(first.triggered()).hasSize(1);
        assertThat(pending.runState()).isEqualTo(RunState.FAILED);
        assertThat(pending.result().message()).contains("still pending");
        assertThat(second.triggered()).as("polled 2 h ago: its poller is at work").isEmpty();
        assertThat(second.counts().skipped()).isEqualTo(1);
        assertThat(third.triggered()).as("no poll for 4 h: a new poller").singleElement()
                .satisfies(t -> assertThat(t.mutexKey()).contains("certificate:web1"));
        assertThat(world.ca.ordersPlaced(world.record("web1").requestId())).isEqualTo(1);
    }

    @Test
    void aCaThatIsDownBacksOffPerCertificateWhileOtherConnectorsGoOn() {
        FakeCaConnector other = FakeCaConnector.named("other").capabilities(CaCapability.RENEW).clock(world.clock);
        world.connectors.add(other);
        world.settings.renewal("other", new RenewalSettings(true, false, OptionalInt.empty()));
        world.add("down1", KEY);
        world.add("up1", KEY, "other");
        world.ca.failWith(new IllegalStateException("connection refused"));

        HarnessRun first = world.renew();

        assertThat(first.counts().failed()).isEqualTo(1);
        assertThat(first.counts().succeeded()).isEqualTo(1);
        assertThat(first.result().itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("down1");
            assertThat(e.message()).contains("connection refused");
        });
        RenewalRecord afterOne = world.record("down1");
        assertThat(afterOne.failures()).isEqualTo(1);
        assertThat(afterOne.retryAt()).contains(RenewalWorld.DUE.plus(Duration.ofHours(1)));
        assertThat(first.auditEventsWithAction(CertificateRenewal.FAILED_AUDIT)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("failure"));

        world.clock.advance(Duration.ofMinutes(30));
        HarnessRun waiting = world.renew();
        world.clock.advance(Duration.ofMinutes(31));
        world.renew();

        assertThat(waiting.counts().skipped()).as("down1 backs off; up1's poller is at work").isEqualTo(2);
        assertThat(waiting.triggered()).as("no second poller for up1").isEmpty();
        RenewalRecord afterTwo = world.record("down1");
        assertThat(afterTwo.failures()).isEqualTo(2);
        assertThat(afterTwo.retryAt()).contains(world.clock.instant().plus(Duration.ofHours(2)));
        assertThat(afterTwo.requestId()).isEqualTo(afterOne.requestId());

        world.ca.recover();
        world.clock.advance(Duration.ofHours(3));
        HarnessRun recovered = world.renew();
        world.poll("down1");

        assertThat(recovered.triggered()).extracting(c -> c.parameters().get(PollingRequestJob.CERTIFICATE_ID))
                .contains("down1", "up1"); // up1: no poll for over 3 h, so a new poller
        assertThat(world.record("down1").step()).isEqualTo(RenewalStep.DONE);
        assertThat(world.ca.ordersPlaced(afterOne.requestId())).isEqualTo(1);
    }

    @Test
    void aSlowCaKeepsThePollerFailingUntilTheDeadlineFailsTheAttempt() {
        world.add("web1", KEY);
        world.ca.slow();
        world.renew();

        HarnessRun pending = world.poll("web1");
        world.clock.advance(Duration.ofDays(8));
        HarnessRun late = world.poll("web1");
        HarnessRun after = world.poll("web1");

        assertThat(pending.runState()).isEqualTo(RunState.FAILED);
        assertThat(pending.result().message()).contains("still pending", "web1");
        assertThat(late.runState()).isEqualTo(RunState.FAILED);
        RenewalRecord failed = world.record("web1");
        assertThat(failed.step()).isEqualTo(RenewalStep.FAILED);
        assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e).contains("deadline"));
        assertThat(failed.retryAt()).contains(world.clock.instant().plus(Duration.ofHours(1)));
        assertThat(after.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(after.result().message()).contains("nothing pending");
        assertThat(world.renewals.storedCount()).isZero();
    }

    @Test
    void garbageFromTheCaFailsTheCertificateAndStoresNothing() {
        world.add("web1", KEY);
        world.ca.returnGarbage();
        world.renew();

        HarnessRun poll = world.poll("web1");

        assertThat(poll.runState()).isEqualTo(RunState.FAILED);
        assertThat(poll.result().itemErrors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("not readable X.509", "nothing stored"));
        assertThat(world.record("web1").step()).isEqualTo(RenewalStep.FAILED);
        assertThat(world.inventory.size()).isEqualTo(1);
        assertThat(world.renewals.storedCount()).isZero();
    }

    @Test
    void aRejectedOrderFailsTheAttemptAndIsAuditedWithoutSecrets() {
        world.add("web1", KEY);
        world.ca.reject("domain control validation failed");

        HarnessRun run = world.renew();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().itemErrors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("rejected", "domain control validation failed"));
        assertThat(world.record("web1").step()).isEqualTo(RenewalStep.FAILED);
        assertThat(run.auditEventsWithAction(CertificateRenewal.FAILED_AUDIT)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("attemptEnded", "true")
                        .doesNotContainKeys("csr", "privateKey"));
        assertThat(run.notifications()).singleElement().satisfies(n -> {
            assertThat(n.topic()).isEqualTo(CertificateRenewal.FAILED_TOPIC);
            assertThat(n.body()).contains("domain control validation failed");
        });
    }

    @Test
    void aFailedAttemptStartsAfreshWithANewRequestOnceItsBackoffIsOver() {
        world.add("web1", KEY);
        world.ca.reject("no");
        world.renew();
        String firstRequest = world.record("web1").requestId();

        world.clock.advance(Duration.ofMinutes(59));
        HarnessRun tooEarly = world.renew();
        world.ca.reject(null);
        world.clock.advance(Duration.ofMinutes(2));
        HarnessRun again = world.renew();

        assertThat(tooEarly.counts().skipped()).isEqualTo(1);
        assertThat(again.counts().succeeded()).isEqualTo(1);
        RenewalRecord second = world.record("web1");
        assertThat(second.requestId()).isNotEqualTo(firstRequest);
        assertThat(second.step()).isEqualTo(RenewalStep.SUBMITTED);
        assertThat(second.failures()).isEqualTo(1);
        assertThat(world.ca.requestIdsOrdered()).isEqualTo(2);
    }

    @Test
    void aMalformedCertificateFailsAloneAndTheOthersAreRenewed() {
        world.add("good", KEY);
        world.inventory.add(new InventoryCertificate("bad", "not DER".getBytes(StandardCharsets.US_ASCII), List.of(),
                "web", ManagementStatus.MANAGED, Optional.of(RenewalWorld.CA), Map.of(), List.of(), List.of(),
                RenewalWorld.ISSUED, Map.of()));

        HarnessRun run = world.renew();

        assertThat(run.counts().failed()).isEqualTo(1);
        assertThat(run.counts().succeeded()).isEqualTo(1);
        assertThat(run.result().outcome()).isEqualTo(JobResult.Outcome.PARTIAL);
        assertThat(run.result().itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("bad");
            assertThat(e.message()).contains("not a readable X.509 certificate");
        });
    }

    @Test
    void monitoredCertificatesAreNotRenewed() {
        world.add("web1", KEY);
        InventoryCertificate c = world.certificate("web1");
        world.inventory.add(new InventoryCertificate(c.id(), c.der(), c.chain(), c.group(), ManagementStatus.MONITORED,
                c.caConnector(), c.attributes(), c.deviceIds(), c.endpoints(), c.addedAt(), c.statuses()));

        HarnessRun run = world.renew();

        assertThat(run.counts().processed()).isZero();
        assertThat(world.ca.submitted()).isEmpty();
    }

    @Test
    void aHostThatSignsWithTheWrongKeyFailsTheCertificateBeforeAnythingIsSent() {
        world.add("web1", KEY);
        world.keys.put("web1", TestPki.ec("secp384r1").getPrivate());

        HarnessRun run = world.renew();

        assertThat(run.counts().failed()).isEqualTo(1);
        assertThat(world.ca.submitted()).isEmpty();
        assertThat(world.record("web1").step()).isEqualTo(RenewalStep.STARTED);
    }

    @Test
    void aRenewalInProgressMakesAutoRegenerateLeaveTheCertificateAlone() {
        world.add("web1", KEY);
        world.ca.slow();
        world.renew();
        RenewalRecord renewing = world.record("web1");

        HarnessRun regenerate = world.regenerate();

        assertThat(regenerate.counts().skipped()).isEqualTo(1);
        assertThat(world.record("web1")).isEqualTo(renewing);
        assertThat(world.keys.pendingKeys()).isEmpty();
        assertThat(world.ca.requestIdsOrdered()).isEqualTo(1);
    }

    @Test
    void aRecordChangedByAnotherRunMeanwhileIsLeftToThatRun() {
        world.add("web1", KEY);
        CertificateRenewals losing = new CertificateRenewals() {
            @Override
            public Optional<RenewalRecord> find(String certificateId) {
                return world.renewals.find(certificateId);
            }

            @Override
            public boolean save(RenewalRecord next, long expectedVersion) {
                return false;
            }

            @Override
            public String storeIssued(RenewalRecord record, byte[] der, List<byte[]> chain) {
                throw new AssertionError("not reached");
            }

            @Override
            public Optional<InventoryCertificate> certificate(String certificateId) {
                return world.renewals.certificate(certificateId);
            }
        };

        HarnessRun run = world.harness(new AutoRenewJob()).service(CertificateRenewals.class, losing).run();

        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(world.ca.submitted()).isEmpty();
        assertThat(run.triggered()).isEmpty();
    }

    @Test
    void theJobIsEverySixHoursAndRegistered() {
        assertThat(new AutoRenewJob().descriptor().defaultSchedule().toText()).isEqualTo("cron quartz default 0 0 0/6 * * ?");
        assertThat(new AutoRenewJob().descriptor().requiredServices()).contains(CertificateRenewals.class);
        assertThat(new CertificateJobs().jobs()).hasSize(20).extracting(j -> j.descriptor().id())
                .contains(AutoRenewJob.TYPE, AutoRegenerateJob.TYPE, PollingRequestJob.TYPE).doesNotHaveDuplicates();
        assertThat(RenewalAction.RENEW.capability()).isEqualTo(CaCapability.RENEW);
    }
}
