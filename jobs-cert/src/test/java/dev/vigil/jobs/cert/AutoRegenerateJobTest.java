package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CertificateKeys;
import dev.vigil.spi.cert.CaOrder;
import dev.vigil.spi.cert.CertificateOrderRequest;
import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.CertificateRenewals;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.KeyType;
import dev.vigil.spi.cert.RenewalAction;
import dev.vigil.spi.cert.RenewalRecord;
import dev.vigil.spi.cert.RenewalStep;
import dev.vigil.testkit.FakeCaConnector;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.JobHarness;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AutoRegenerateJobTest {
    private final RenewalWorld world = new RenewalWorld();

    private String regenerateAndCollect(String id) {
        HarnessRun parent = world.regenerate();
        assertThat(parent.runState()).as(RenewalWorld.describe(parent)).isEqualTo(RunState.SUCCEEDED);
        HarnessRun poller = world.poll(id);
        assertThat(poller.runState()).as(RenewalWorld.describe(poller)).isEqualTo(RunState.SUCCEEDED);
        return world.record(id).newCertificateId().orElseThrow();
    }

    private static boolean signsFor(PrivateKey key, PublicKey publicKey, String algorithm) throws Exception {
        byte[] data = "proof".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(data);
        return verifier.verify(signature);
    }

    @Test
    void anEcCertificateGetsANewKeyOnTheSameCurveWhosePrivateKeyIsPromoted() throws Exception {
        X509Certificate old = world.add("web1", TestPki.ec("secp384r1"));

        String newId = regenerateAndCollect("web1");

        X509Certificate renewed = world.parsed(newId);
        assertThat(renewed.getPublicKey().getEncoded()).isNotEqualTo(old.getPublicKey().getEncoded());
        assertThat(((ECPublicKey) renewed.getPublicKey()).getParams().getCurve())
                .isEqualTo(((ECPublicKey) old.getPublicKey()).getParams().getCurve());
        assertThat(renewed.getSubjectAlternativeNames()).containsExactlyElementsOf(old.getSubjectAlternativeNames());
        RenewalRecord record = world.record("web1");
        assertThat(world.keys.promoted()).containsExactly(java.util.Map.entry(record.requestId(), newId));
        assertThat(world.keys.pendingKeys()).isEmpty();
        assertThat(signsFor(world.keys.key(newId).orElseThrow(), renewed.getPublicKey(), "SHA384withECDSA")).isTrue();
        assertThat(world.renewals.links()).containsEntry("web1", newId);
    }

    @Test
    void anRsaKeyBelowThePolicyMinimumGrowsToTheMinimum() {
        world.add("web1", TestPki.rsa(1024, "weak-regenerate"));

        String newId = regenerateAndCollect("web1");

        assertThat(((RSAPublicKey) world.parsed(newId).getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void aKeyTypeThePolicyDisallowsGivesWayToTheFirstAllowedOne() {
        world.policies.put(RenewalWorld.CA, CertificatePolicy.baseline().allowedKeyTypes(KeyType.ED25519));
        world.add("web1", TestPki.ec("secp256r1"));

        String newId = regenerateAndCollect("web1");

        assertThat(world.parsed(newId).getPublicKey().getAlgorithm()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void theNewKeyIsStoredPendingBeforeItsRequestLeaves() {
        world.add("web1", TestPki.ec("secp256r1"));
        List<Boolean> pendingAtSubmit = new ArrayList<>();
        world.connectors.set(0, new CaConnector() {
            @Override
            public String name() {
                return RenewalWorld.CA;
            }

            @Override
            public Set<CaCapability> capabilities() {
                return world.ca.capabilities();
            }

            @Override
            public CaOrder submit(CertificateOrderRequest request) {
                pendingAtSubmit.add(world.keys.hasPendingKey(request.requestId()));
                return world.ca.submit(request);
            }

            @Override
            public CaOrder pollOrder(String orderId) {
                return world.ca.pollOrder(orderId);
            }
        });

        regenerateAndCollect("web1");

        assertThat(pendingAtSubmit).containsExactly(true);
    }

    @Test
    void aRejectedRegenerationDiscardsItsPendingKey() {
        world.add("web1", TestPki.ec("secp256r1"));
        world.ca.reject("key too weak for our taste");

        HarnessRun run = world.regenerate();

        RenewalRecord record = world.record("web1");
        assertThat(run.counts().failed()).isEqualTo(1);
        assertThat(record.step()).isEqualTo(RenewalStep.FAILED);
        assertThat(world.keys.pendingKeys()).isEmpty();
        assertThat(world.keys.discarded()).containsExactly(record.requestId());
    }

    @Test
    void aPendingKeyLeftBehindAFailedRecordIsDiscardedByTheNextRun() {
        world.add("web1", TestPki.ec("secp256r1"));
        RenewalRecord failed = new RenewalRecord("web1", RenewalWorld.CA, RenewalAction.REGENERATE, RenewalStep.FAILED,
                "request-1", new byte[0], java.util.Optional.empty(), java.util.Optional.empty(), List.of(),
                java.util.Optional.empty(), 1, java.util.Optional.of(RenewalWorld.DUE.plus(Duration.ofHours(1))),
                RenewalWorld.DUE, RenewalWorld.DUE, java.util.Optional.of("rejected"), 3);
        world.renewals.put(failed);
        world.keys.storePendingKey("request-1", TestPki.ec("secp256r1").getPrivate().getEncoded());

        HarnessRun run = world.regenerate();

        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(world.keys.pendingKeys()).isEmpty();
        assertThat(world.record("web1")).isEqualTo(failed);
    }

    @Test
    void aRegenerationStartedByAnotherRunIsClaimedUnderAFreshRequestBeforeAKeyIsMade() {
        world.add("web1", TestPki.ec("secp256r1"));
        world.renewals.put(RenewalRecord.started("web1", RenewalWorld.CA, RenewalAction.REGENERATE, "other-run", 0,
                RenewalWorld.DUE.plus(Duration.ofDays(7)), RenewalWorld.DUE).withVersion(1));
        world.keys.storePendingKey("other-run", TestPki.ec("secp256r1").getPrivate().getEncoded());

        HarnessRun poller = world.poll("web1");

        RenewalRecord record = world.record("web1");
        assertThat(poller.runState()).as(RenewalWorld.describe(poller)).isEqualTo(RunState.SUCCEEDED);
        assertThat(record.step()).isEqualTo(RenewalStep.DONE);
        assertThat(record.requestId()).isNotEqualTo("other-run");
        assertThat(world.keys.discarded()).containsExactly("other-run");
        assertThat(world.keys.pendingKeys()).isEmpty();
        assertThat(world.ca.submitted()).extracting(r -> r.requestId()).containsOnly(record.requestId());
    }

    @Test
    void aClaimThatLosesToTheRunWhichStartedTheRegenerationLeavesThatRunsKeyInPlace() {
        world.add("web1", TestPki.ec("secp256r1"));
        RenewalRecord started = RenewalRecord.started("web1", RenewalWorld.CA, RenewalAction.REGENERATE, "other-run", 0,
                RenewalWorld.DUE.plus(Duration.ofDays(7)), RenewalWorld.DUE).withVersion(1);
        world.renewals.put(started);
        world.keys.storePendingKey("other-run", TestPki.ec("secp256r1").getPrivate().getEncoded());
        // The other run saves its KEY_PENDING step just before this run's claim reaches the store.
        CertificateRenewals racing = new CertificateRenewals() {
            private boolean raced;

            @Override
            public Optional<RenewalRecord> find(String certificateId) {
                return world.renewals.find(certificateId);
            }

            @Override
            public boolean save(RenewalRecord next, long expectedVersion) {
                if (!raced) {
                    raced = true;
                    assertThat(world.renewals.save(new RenewalRecord(started.certificateId(), started.caConnector(),
                            started.action(), RenewalStep.KEY_PENDING, "other-run", new byte[] {1}, Optional.empty(),
                            Optional.empty(), List.of(), Optional.empty(), 0, Optional.empty(), started.deadline(),
                            RenewalWorld.DUE, Optional.empty(), 1), 1)).isTrue();
                }
                return world.renewals.save(next, expectedVersion);
            }

            @Override
            public String storeIssued(RenewalRecord record, byte[] der, List<byte[]> chain) {
                return world.renewals.storeIssued(record, der, chain);
            }

            @Override
            public Optional<InventoryCertificate> certificate(String certificateId) {
                return world.renewals.certificate(certificateId);
            }
        };

        HarnessRun poller = JobHarness.forJob(new PollingRequestJob()).clock(world.clock)
                .service(CaConnectors.class, FakeCaConnector.registry(world.ca))
                .service(CertificateRenewals.class, racing).service(CertificateKeys.class, world.keys)
                .parameter(PollingRequestJob.CERTIFICATE_ID, "web1").run();

        assertThat(poller.counts().skipped()).as(RenewalWorld.describe(poller)).isEqualTo(1);
        assertThat(world.record("web1").requestId()).isEqualTo("other-run");
        assertThat(world.keys.pendingKeys()).as("the winner's key is still there").containsExactly("other-run");
        assertThat(world.keys.discarded()).isEmpty();
        assertThat(world.ca.submitted()).isEmpty();
    }

    @Test
    void theJobIsDailyAtTwo() {
        assertThat(new AutoRegenerateJob().descriptor().defaultSchedule().toText())
                .isEqualTo("cron quartz default 0 0 2 * * ?");
    }
}
