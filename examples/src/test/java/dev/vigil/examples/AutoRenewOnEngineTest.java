package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Vigil;
import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.jobs.cert.AutoRenewJob;
import dev.vigil.jobs.cert.PollingRequestJob;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnectorSettings;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateKeys;
import dev.vigil.spi.cert.CertificateRenewals;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.RenewalSettings;
import dev.vigil.spi.cert.RenewalStep;
import dev.vigil.spi.store.RunQuery;
import dev.vigil.testkit.EngineDriver;
import dev.vigil.testkit.FakeCaConnector;
import dev.vigil.testkit.InMemoryCaConnectorSettings;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.InMemoryCertificateKeys;
import dev.vigil.testkit.InMemoryCertificateRenewals;
import dev.vigil.testkit.ManualClock;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cert.auto-renew} on an engine driven through time: the six-hourly run submits a due
 * certificate and triggers a {@code cert.polling-request} run of its own (mutex
 * {@code certificate:ID}), then ends; the poller finds the order still pending, fails, and is
 * retried by its own policy a minute or so later, when it collects the certificate.
 */
class AutoRenewOnEngineTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-03-03T00:00:00Z");

    private final ManualClock clock = ManualClock.at(MIDNIGHT.minus(Duration.ofMinutes(1)), ZoneOffset.UTC);
    private final InMemoryJobStore store = new InMemoryJobStore(clock);
    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final InMemoryCertificateRenewals renewals = new InMemoryCertificateRenewals(inventory);
    private final InMemoryCertificateKeys keys = new InMemoryCertificateKeys();
    private final FakeCaConnector ca = FakeCaConnector.named("acme").capabilities(CaCapability.RENEW).clock(clock)
            .issueAfterPolls(2);
    private Vigil vigil;
    private EngineDriver driver;

    @BeforeEach
    void engineWithAutoRenew() throws CertificateEncodingException {
        TestCertificates.Issued root = TestCertificates.root("CN=Auto Renew Root");
        TestCertificates.Issued web = TestCertificates.leaf(root, "web.example.com", TestCertificates.rsa(2048, "web"));
        inventory.add(new InventoryCertificate("web", web.certificate().getEncoded(), List.of(), "servers",
                ManagementStatus.MANAGED, Optional.of("acme"), Map.of(), List.of(), List.of(),
                TestCertificates.NOT_BEFORE, Map.of()));
        keys.put("web", web.keys().getPrivate());
        vigil = Vigil.builder().clock(clock).store(store).discoverJobs(false).nodeId("test-node")
                .register(new AutoRenewJob()).register(new PollingRequestJob())
                .service(CertificateInventory.class, inventory)
                .service(CaConnectors.class, FakeCaConnector.registry(ca))
                .service(CaConnectorSettings.class, new InMemoryCaConnectorSettings()
                        .renewal("acme", new RenewalSettings(true, false, OptionalInt.empty())))
                .service(CertificateRenewals.class, renewals)
                .service(CertificateKeys.class, keys)
                .build();
        vigil.disable("vigil.watchdog");
        vigil.disable("vigil.purge-history");
        driver = new EngineDriver(clock, store, vigil::runDue);
    }

    @AfterEach
    void closeEngine() {
        vigil.close();
    }

    @Test
    void thePendingOrderIsCollectedByThePollersRetryMinutesLaterWhileTheSweepHasEnded() {
        driver.advanceTo(MIDNIGHT.plus(Duration.ofHours(7)));

        List<RunRecord> sweeps = vigil.runs(RunQuery.forDefinition(AutoRenewJob.TYPE).limit(100)).stream()
                .filter(r -> r.startedAt() != null).sorted(Comparator.comparingLong(RunRecord::id)).toList();
        assertThat(sweeps).extracting(RunRecord::startedAt).containsExactly(MIDNIGHT, MIDNIGHT.plus(Duration.ofHours(6)));
        assertThat(sweeps.get(0).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(sweeps.get(0).endedAt()).as("the sweep does not wait for the CA").isEqualTo(MIDNIGHT);
        assertThat(sweeps.get(1).message()).contains("0 submitted").contains("0 polling requests triggered");
        List<RunRecord> pollers = vigil.runs(RunQuery.forDefinition(PollingRequestJob.TYPE).limit(100)).stream()
                .sorted(Comparator.comparingLong(RunRecord::id)).toList();
        assertThat(pollers).extracting(RunRecord::parentRunId).containsOnlyNulls();
        assertThat(pollers).extracting(RunRecord::mutexKey).containsOnly("certificate:web");
        assertThat(pollers).extracting(RunRecord::origin).containsExactly(RunOrigin.MANUAL, RunOrigin.RETRY);
        assertThat(pollers).extracting(RunRecord::state).containsExactly(RunState.FAILED, RunState.SUCCEEDED);
        assertThat(pollers.get(0).message()).contains("still pending");
        assertThat(pollers.get(1).startedAt()).isBetween(MIDNIGHT.plusSeconds(48), MIDNIGHT.plusSeconds(72));
        assertThat(renewals.record("web")).hasValueSatisfying(r -> assertThat(r.step()).isEqualTo(RenewalStep.DONE));
        assertThat(inventory.size()).isEqualTo(2);
        assertThat(ca.requestIdsOrdered()).isEqualTo(1);
    }
}
