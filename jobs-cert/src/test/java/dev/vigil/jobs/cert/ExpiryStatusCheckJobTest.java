package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpiryStatusCheckJobTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final TestPki.Issued CA = TestPki.rootCa("CN=Expiry Test Root");

    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();

    private static X509Certificate validBetween(Instant from, Instant to) {
        return TestPki.leaf(CA).subject("CN=expiry").dnsNames("expiry.example.com").validity(from, to).issue();
    }

    private HarnessRun run(Map<String, String> parameters) {
        return JobHarness.forJob(new ExpiryStatusCheckJob()).clock(ManualClock.at(NOW))
                .service(CertificateInventory.class, inventory).parameters(parameters).run();
    }

    @Test
    void eachCertificateGetsTheStatusOfItsValidityAtTheRunsTime() {
        inventory.add(Inventories.entry("valid", validBetween(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(31)))))
                .add(Inventories.entry("expiring", validBetween(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(30)))))
                .add(Inventories.entry("expired", validBetween(NOW.minus(Duration.ofDays(90)), NOW.minusSeconds(1))))
                .add(Inventories.entry("last-second", validBetween(NOW.minus(Duration.ofDays(90)), NOW)))
                .add(Inventories.entry("future", validBetween(NOW.plusSeconds(1), NOW.plus(Duration.ofDays(90)))));

        HarnessRun run = run(Map.of());

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(inventory.statuses(CheckKind.EXPIRY)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "valid", "VALID", "expiring", "EXPIRING", "expired", "EXPIRED", "last-second", "EXPIRING",
                "future", "NOT_YET_VALID"));
        assertThat(run.counts().succeeded()).isEqualTo(5);
        assertThat(inventory.check("expired", CheckKind.EXPIRY).orElseThrow().findings())
                .singleElement().satisfies(f -> assertThat(f.id()).isEqualTo("EXPIRED"));
        assertThat(inventory.check("valid", CheckKind.EXPIRY).orElseThrow().checkedAt()).isEqualTo(NOW);
    }

    @Test
    void theExpiringThresholdIsAParameter() {
        inventory.add(Inventories.entry("in-45-days", validBetween(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(45)))));

        run(Map.of(ExpiryStatusCheckJob.EXPIRING_DAYS, "60"));

        assertThat(inventory.statuses(CheckKind.EXPIRY)).containsEntry("in-45-days", "EXPIRING");
    }

    @Test
    void aChangedStatusIsAuditedAndAnUnchangedOneIsNot() {
        X509Certificate expired = validBetween(NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(1)));
        inventory.add(Inventories.entry("was-expiring", expired, CheckKind.EXPIRY, "EXPIRING"))
                .add(Inventories.entry("was-expired", expired, CheckKind.EXPIRY, "EXPIRED"));

        HarnessRun run = run(Map.of());

        assertThat(run.auditEventsWithAction("certificate.expiry-status-changed")).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo("was-expiring");
            assertThat(e.outcome()).isEqualTo("EXPIRED");
            assertThat(e.details()).containsEntry("from", "EXPIRING");
        });
        assertThat(run.auditEventsWithAction("certificate.expiry-status-changed")).extracting(AuditEvent::target)
                .doesNotContain("was-expired");
    }

    @Test
    void aMalformedCertificateIsThatCertificatesErrorAndTheOthersAreStillChecked() {
        X509Certificate good = validBetween(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(300)));
        inventory.add(Inventories.entry("a-good", good))
                .add(Inventories.entry("b-garbage", new byte[] {0x30, 0x03, 0x02, 0x01}, Map.of()))
                .add(Inventories.entry("c-good", good));

        HarnessRun run = run(Map.of());

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.counts().succeeded()).isEqualTo(2);
        assertThat(run.counts().failed()).isEqualTo(1);
        assertThat(run.result().itemErrors()).extracting(ItemError::item).containsExactly("b-garbage");
        assertThat(run.result().itemErrors().get(0).message()).startsWith("not a readable X.509 certificate");
        assertThat(inventory.statuses(CheckKind.EXPIRY)).containsOnlyKeys("a-good", "c-good");
    }

    @Test
    void theWholeInventoryIsCheckedPageByPage() {
        byte[] der = Inventories.der(validBetween(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(300))));
        for (int i = 0; i < 1_201; i++) {
            inventory.add(Inventories.entry(String.format("cert-%05d", i), der, Map.of()));
        }

        HarnessRun run = run(Map.of());

        assertThat(run.counts().succeeded()).isEqualTo(1_201);
        assertThat(inventory.statuses(CheckKind.EXPIRY)).hasSize(1_201);
        assertThat(inventory.pagesRead()).isEqualTo(3);
    }
}
