package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectorSettings;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.CertificatePolicySource;
import dev.vigil.testkit.FakeCaConnector;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCaConnectorSettings;
import dev.vigil.testkit.InMemoryCertificatePolicySource;
import dev.vigil.testkit.JobHarness;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CaValidityUpdateJobTest {
    private static final Duration DAYS_397 = Duration.ofDays(397);
    private static final Duration DAYS_199 = Duration.ofDays(199);

    private final InMemoryCaConnectorSettings settings = new InMemoryCaConnectorSettings();
    private final InMemoryCertificatePolicySource policies = new InMemoryCertificatePolicySource();

    private static FakeCaConnector validity(String name, Duration offered) {
        return FakeCaConnector.named(name).capabilities(CaCapability.VALIDITY).maximumValidity(offered);
    }

    private HarnessRun run(CaConnector... connectors) {
        return JobHarness.forJob(new CaValidityUpdateJob()).service(CaConnectors.class, FakeCaConnector.registry(connectors))
                .service(CaConnectorSettings.class, settings).service(CertificatePolicySource.class, policies).run();
    }

    private OptionalInt policyDays(String connector) {
        return policies.connectorPolicy(connector).orElseThrow().maxValidityDays();
    }

    @Test
    void aNewMaximumIsStoredAndAuditedWithTheOldAndNewValues() {
        settings.add("digicert", DAYS_397);

        HarnessRun run = run(validity("digicert", DAYS_199));

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(settings.maximumValidity("digicert")).contains(DAYS_199);
        assertThat(run.auditEventsWithAction(CaValidityUpdateJob.AUDIT_ACTION)).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo("digicert");
            assertThat(e.details()).containsEntry("oldMaximumValidity", "P397D")
                    .containsEntry("newMaximumValidity", "P199D").containsEntry("policy", "none tied to the connector");
        });
        assertThat(run.result().message()).contains("1 updated, 0 failed");
    }

    @Test
    void aConnectorWithoutAStoredMaximumGetsOne() {
        settings.add("sectigo");

        HarnessRun run = run(validity("sectigo", DAYS_397));

        assertThat(settings.maximumValidity("sectigo")).contains(DAYS_397);
        assertThat(run.auditEventsWithAction(CaValidityUpdateJob.AUDIT_ACTION)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("oldMaximumValidity", "none"));
    }

    @Test
    void aPolicyAboveTheNewMaximumIsLoweredToIt() {
        settings.add("digicert", DAYS_397);
        policies.put("digicert", CertificatePolicy.baseline().maxValidityDays(397));

        HarnessRun run = run(validity("digicert", DAYS_199));

        assertThat(policyDays("digicert")).hasValue(199);
        assertThat(run.auditEventsWithAction(CaValidityUpdateJob.AUDIT_ACTION)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("oldPolicyMaxValidityDays", "397")
                        .containsEntry("newPolicyMaxValidityDays", "199"));
    }

    @Test
    void aPolicyWithoutALimitGetsTheCasMaximum() {
        settings.add("digicert", DAYS_397);
        policies.put("digicert", CertificatePolicy.baseline());

        run(validity("digicert", DAYS_199));

        assertThat(policyDays("digicert")).hasValue(199);
    }

    @Test
    void aPolicyBelowTheNewMaximumIsNeverRaised() {
        settings.add("digicert", DAYS_199);
        policies.put("digicert", CertificatePolicy.baseline().maxValidityDays(90));

        HarnessRun run = run(validity("digicert", DAYS_397));

        assertThat(settings.maximumValidity("digicert")).contains(DAYS_397);
        assertThat(policyDays("digicert")).hasValue(90);
        assertThat(policies.updates()).isEmpty();
        assertThat(run.auditEventsWithAction(CaValidityUpdateJob.AUDIT_ACTION)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("oldPolicyMaxValidityDays", "90")
                        .containsEntry("newPolicyMaxValidityDays", "90"));
    }

    @Test
    void anUnchangedMaximumUpdatesNothingAndAuditsNothing() {
        settings.add("digicert", DAYS_397);
        policies.put("digicert", CertificatePolicy.baseline().maxValidityDays(500));

        HarnessRun run = run(validity("digicert", DAYS_397));

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(settings.writes()).isEmpty();
        assertThat(policies.updates()).isEmpty();
        assertThat(run.auditEventsWithAction(CaValidityUpdateJob.AUDIT_ACTION)).isEmpty();
    }

    @Test
    void aFailingConnectorFailsItsItemAndTheOthersGoOn() {
        settings.add("down", DAYS_397).add("up", DAYS_397);
        FakeCaConnector down = validity("down", DAYS_199).failWith(new IllegalStateException("401 from the CA API"));

        HarnessRun run = run(down, validity("up", DAYS_199));

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("down");
            assertThat(e.message()).contains("401 from the CA API");
        });
        assertThat(settings.maximumValidity("down")).contains(DAYS_397);
        assertThat(settings.maximumValidity("up")).contains(DAYS_199);
    }

    @Test
    void aZeroNegativeOrMissingMaximumIsAnItemErrorAndChangesNothing() {
        settings.add("zero", DAYS_397).add("negative", DAYS_397).add("missing", DAYS_397).add("hours", DAYS_397);
        policies.put("zero", CertificatePolicy.baseline().maxValidityDays(397));

        HarnessRun run = run(validity("zero", Duration.ZERO), validity("negative", Duration.ofDays(-5)),
                validity("missing", null), validity("hours", Duration.ofHours(12)));

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().itemErrors()).extracting(ItemError::item)
                .containsExactlyInAnyOrder("zero", "negative", "missing", "hours");
        assertThat(run.result().itemErrors()).filteredOn(e -> e.item().equals("zero")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("invalid maximum validity: PT0S"));
        assertThat(settings.writes()).isEmpty();
        assertThat(policyDays("zero")).hasValue(397);
    }

    @Test
    void connectorsWithoutTheCapabilityAreSkippedAndUnregisteredOnesFail() {
        settings.add("internal").add("gone");

        HarnessRun run = run(FakeCaConnector.named("internal").capabilities(CaCapability.CA_ATTRIBUTES));

        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(run.result().itemErrors()).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("the host has no CA connector named 'gone'"));
    }

    @Test
    void withoutAPolicySourceOnlyTheConnectorIsUpdated() {
        settings.add("digicert", DAYS_397);

        HarnessRun run = JobHarness.forJob(new CaValidityUpdateJob())
                .service(CaConnectors.class, FakeCaConnector.registry(validity("digicert", DAYS_199)))
                .service(CaConnectorSettings.class, settings).run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(settings.maximumValidity("digicert")).contains(DAYS_199);
    }

    @Test
    void thePolicyIsLoweredBeforeTheMaximumIsStoredSoAFailedStoreIsRetriedNextRun() {
        settings.add("digicert", DAYS_397);
        policies.put("digicert", CertificatePolicy.baseline().maxValidityDays(397));
        CaConnectorSettings failingStore = new CaConnectorSettings() {
            @Override
            public java.util.Set<String> connectorNames() {
                return settings.connectorNames();
            }

            @Override
            public java.util.Optional<Duration> maximumValidity(String connectorName) {
                return settings.maximumValidity(connectorName);
            }

            @Override
            public void setMaximumValidity(String connectorName, Duration maximumValidity) {
                throw new IllegalStateException("settings store read-only");
            }
        };
        JobHarness harness = JobHarness.forJob(new CaValidityUpdateJob())
                .service(CaConnectors.class, FakeCaConnector.registry(validity("digicert", DAYS_199)))
                .service(CertificatePolicySource.class, policies);

        HarnessRun failed = harness.service(CaConnectorSettings.class, failingStore).run();
        HarnessRun retried = harness.service(CaConnectorSettings.class, settings).run();

        assertThat(failed.result().itemErrors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("settings store read-only"));
        assertThat(failed.auditEventsWithAction(CaValidityUpdateJob.AUDIT_ACTION)).isEmpty();
        assertThat(retried.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(settings.maximumValidity("digicert")).contains(DAYS_199);
        assertThat(policyDays("digicert")).hasValue(199);
        assertThat(retried.auditEventsWithAction(CaValidityUpdateJob.AUDIT_ACTION)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("oldPolicyMaxValidityDays", "199"));
    }

    @Test
    void theJobIsRegisteredWithItsSeedSchedule() {
        assertThat(new CertificateJobs().jobs()).anySatisfy(job -> {
            assertThat(job.descriptor().id()).isEqualTo(CaValidityUpdateJob.TYPE);
            assertThat(job.descriptor().defaultSchedule().toText()).contains("0 0 6 ? * SUN");
        });
    }
}
