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

class DeleteExpiredJobTest {
    private static final Instant NOW = Instant.parse("2026-09-01T00:00:00Z");
    private static final TestPki.Issued CA = TestPki.rootCa("CN=Delete Test Root");

    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();

    private static X509Certificate expiredFor(Duration ago) {
        Instant notAfter = NOW.minus(ago);
        return TestPki.leaf(CA).subject("CN=old").dnsNames("old.example.com").validity(notAfter.minus(Duration.ofDays(90)),
                notAfter).issue();
    }

    private HarnessRun run(boolean enabled) {
        JobHarness harness = JobHarness.forJob(new DeleteExpiredJob()).clock(ManualClock.at(NOW))
                .service(CertificateInventory.class, inventory);
        return (enabled ? harness.setting(DeleteExpiredJob.ENABLED_SETTING, "true") : harness).run();
    }

    @Test
    void nothingIsDeletedUnlessTheHostEnablesIt() {
        inventory.add(Inventories.entry("long-expired", expiredFor(Duration.ofDays(365))));

        HarnessRun run = run(false);

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.result().message()).contains(DeleteExpiredJob.ENABLED_SETTING);
        assertThat(inventory.deleted()).isEmpty();
        assertThat(inventory.size()).isEqualTo(1);
    }

    @Test
    void certificatesExpiredLongerThanTheGraceAreDeletedEachAudited() {
        inventory.add(Inventories.entry("expired-40-days", expiredFor(Duration.ofDays(40))))
                .add(Inventories.entry("expired-20-days", expiredFor(Duration.ofDays(20))))
                .add(Inventories.entry("valid", TestPki.leaf(CA).subject("CN=new").dnsNames("new.example.com")
                        .validFor(NOW.minus(Duration.ofDays(1)), Duration.ofDays(90)).issue()));

        HarnessRun run = run(true);

        assertThat(inventory.deleted()).containsExactly("expired-40-days");
        assertThat(run.counts().succeeded()).isEqualTo(1);
        assertThat(run.auditEventsWithAction("certificate.delete-expired")).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo("expired-40-days");
            assertThat(e.outcome()).isEqualTo("deleted");
        });
    }

    @Test
    void aRevokedCertificateIsKeptForItsCrls() {
        inventory.add(Inventories.entry("revoked", expiredFor(Duration.ofDays(100)), CheckKind.REVOCATION, "REVOKED"))
                .add(Inventories.entry("good", expiredFor(Duration.ofDays(100)), CheckKind.REVOCATION, "GOOD"));

        HarnessRun run = run(true);

        assertThat(inventory.deleted()).containsExactly("good");
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(run.auditEventsWithAction("certificate.delete-expired")).extracting(AuditEvent::target,
                AuditEvent::outcome).containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("revoked", "kept"),
                org.assertj.core.groups.Tuple.tuple("good", "deleted"));
    }

    @Test
    void anUnreadableCertificateIsNeverDeletedAndTheRunGoesOn() {
        inventory.add(Inventories.entry("a-garbage", new byte[] {1, 2, 3}, Map.of()))
                .add(Inventories.entry("b-expired", expiredFor(Duration.ofDays(100))));

        HarnessRun run = run(true);

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).extracting(ItemError::item).containsExactly("a-garbage");
        assertThat(inventory.deleted()).containsExactly("b-expired");
    }

    @Test
    void deletingWhilePagingMissesNoCertificate() {
        byte[] expired = Inventories.der(expiredFor(Duration.ofDays(100)));
        for (int i = 0; i < 1_100; i++) {
            inventory.add(Inventories.entry(String.format("c-%05d", i), expired, Map.of()));
        }

        run(true);

        assertThat(inventory.deleted()).hasSize(1_100);
        assertThat(inventory.size()).isZero();
    }
}
