package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.Vigil;
import dev.vigil.core.store.InMemoryJobStore;
import dev.vigil.jobs.cert.DiscoveryImportJob;
import dev.vigil.spi.IntervalEnd;
import dev.vigil.spi.IntervalUnit;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.cert.DiscoveredAsset;
import dev.vigil.spi.cert.DiscoverySource;
import dev.vigil.spi.cert.InventoryImport;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.store.RunQuery;
import dev.vigil.testkit.EngineDriver;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.InMemoryDiscoverySource;
import dev.vigil.testkit.ManualClock;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cert.discovery-import} on an engine, scheduled as the seed's Once/Repeat form
 * ({@link Schedule.Interval} / {@link Schedule.Once}) and driven through time on a manual clock.
 */
class DiscoveryImportScheduleTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final ManualClock clock = ManualClock.at(T0, ZoneOffset.UTC);
    private final InMemoryJobStore store = new InMemoryJobStore(clock);
    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final InMemoryDiscoverySource qualys = new InMemoryDiscoverySource("qualys");
    private Vigil vigil;
    private EngineDriver driver;

    @BeforeEach
    void engineWithTheImportJob() throws CertificateEncodingException {
        TestCertificates.Issued root = TestCertificates.root("CN=Schedule Test Root");
        byte[] web = TestCertificates.leaf(root, "web.example.com", TestCertificates.rsa(2048, "web"))
                .certificate().getEncoded();
        qualys.add("q-1", web, DiscoveredAsset.named("web-01.example.com", 443));
        vigil = Vigil.builder().clock(clock).store(store).discoverJobs(false).nodeId("test-node")
                .register(new DiscoveryImportJob())
                .service(DiscoverySource.class, qualys)
                .service(InventoryImport.class, inventory)
                .build();
        // The built-in jobs fire every minute and daily; they are not what this test is about.
        vigil.disable("vigil.watchdog");
        vigil.disable("vigil.purge-history");
        driver = new EngineDriver(clock, store, vigil::runDue);
    }

    @AfterEach
    void closeEngine() {
        vigil.close();
    }

    private List<RunRecord> history(String definitionId) {
        return vigil.runs(RunQuery.forDefinition(definitionId).limit(100)).stream()
                .sorted(Comparator.comparingLong(RunRecord::id)).toList();
    }

    @Test
    void anImportEveryDayEndingAfterTwoRunsRunsExactlyTwiceAndAddsNoDuplicate() {
        vigil.define("import-web", DiscoveryImportJob.TYPE)
                .parameters(Map.of("group", "web", "createGroup", "true", "importAs", "MANAGED"))
                .schedule(Schedule.every(1, IntervalUnit.DAYS).from(T0).until(IntervalEnd.after(2)))
                .save();

        int ran = driver.advance(Duration.ofDays(10));

        assertThat(ran).isEqualTo(2);
        List<RunRecord> runs = history("import-web");
        assertThat(runs).extracting(RunRecord::scheduledTime).containsExactly(T0, T0.plus(Duration.ofDays(1)));
        assertThat(runs).extracting(RunRecord::origin).containsOnly(RunOrigin.SCHEDULED);
        assertThat(runs).extracting(RunRecord::state).containsOnly(RunState.SUCCEEDED);
        assertThat(runs.get(0).message()).contains("1 added to web");
        assertThat(runs.get(1).message()).contains("0 added", "1 updated");
        assertThat(vigil.definition("import-web").nextFireTime()).isEmpty();
        assertThat(inventory.size()).isEqualTo(1);
        assertThat(inventory.certificates().get(0).status()).isEqualTo(ManagementStatus.MANAGED);
    }

    @Test
    void anImportScheduledOnceRunsOnceAtItsTime() {
        Instant at = T0.plus(Duration.ofHours(5));
        vigil.define("import-once", DiscoveryImportJob.TYPE)
                .parameters(Map.of("group", "web", "createGroup", "true"))
                .schedule(Schedule.once(at))
                .save();

        assertThat(driver.advance(Duration.ofDays(3))).isEqualTo(1);
        assertThat(history("import-once")).singleElement().satisfies(run -> {
            assertThat(run.scheduledTime()).isEqualTo(at);
            assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        });
        assertThat(inventory.certificates()).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(ManagementStatus.MONITORED));
    }
}
