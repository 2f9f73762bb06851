package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.CertificatePolicySource;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComplianceCheckJobTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant BEFORE_200_DAY_RULE = Instant.parse("2026-03-01T00:00:00Z");
    private static final TestPki.Issued CA = TestPki.rootCa("CN=Compliance Test Root");

    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();

    private HarnessRun run(JobHarness harness) {
        return harness.clock(ManualClock.at(NOW)).service(CertificateInventory.class, inventory).run();
    }

    private static X509Certificate leaf(Instant notBefore, Duration validity, String... names) {
        return TestPki.leaf(CA).subject("CN=" + names[0]).dnsNames(names).validFor(notBefore, validity).issue();
    }

    @Test
    void certificatesAreHeldToTheRuleOfTheirIssuanceDate() {
        inventory.add(Inventories.entry("ok", leaf(BEFORE_200_DAY_RULE, Duration.ofDays(90), "ok.example.com")))
                .add(Inventories.entry("too-long", leaf(NOW.minus(Duration.ofDays(1)), Duration.ofDays(200),
                        "long.example.com")));

        HarnessRun run = run(JobHarness.forJob(new ComplianceCheckJob()));

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(inventory.statuses(CheckKind.COMPLIANCE)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ok", "COMPLIANT", "too-long", "NON_COMPLIANT"));
        assertThat(inventory.check("too-long", CheckKind.COMPLIANCE).orElseThrow().findings())
                .extracting(CheckFinding::id).contains("validity_over_200_days");
    }

    @Test
    void theHostsPolicyForTheCertificateApplies() {
        inventory.add(Inventories.entry("wildcard", leaf(BEFORE_200_DAY_RULE, Duration.ofDays(90), "*.example.com")));
        CertificatePolicySource forbidsWildcards = c -> CertificatePolicy.baseline().forbidWildcards(true);

        run(JobHarness.forJob(new ComplianceCheckJob()));
        String withBaseline = inventory.statuses(CheckKind.COMPLIANCE).get("wildcard");
        HarnessRun strict = run(JobHarness.forJob(new ComplianceCheckJob())
                .service(CertificatePolicySource.class, forbidsWildcards));

        assertThat(withBaseline).isEqualTo("COMPLIANT");
        assertThat(inventory.statuses(CheckKind.COMPLIANCE)).containsEntry("wildcard", "NON_COMPLIANT");
        assertThat(inventory.check("wildcard", CheckKind.COMPLIANCE).orElseThrow().findings())
                .anySatisfy(f -> {
                    assertThat(f.id()).isEqualTo("wildcard_san");
                    assertThat(f.severity()).isEqualTo(CheckFinding.Severity.ERROR);
                });
        assertThat(strict.auditEventsWithAction("certificate.compliance-changed")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("from", "COMPLIANT"));
    }

    @Test
    void aMalformedCertificateIsThatCertificatesErrorAndTheOthersAreStillChecked() {
        inventory.add(Inventories.entry("a", leaf(BEFORE_200_DAY_RULE, Duration.ofDays(90), "a.example.com")))
                .add(Inventories.entry("b-broken", "-----BEGIN CERTIFICATE-----\nnot base64\n".getBytes(), Map.of()))
                .add(Inventories.entry("c", leaf(BEFORE_200_DAY_RULE, Duration.ofDays(90), "c.example.com")));

        HarnessRun run = run(JobHarness.forJob(new ComplianceCheckJob()));

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).extracting(ItemError::item).containsExactly("b-broken");
        assertThat(inventory.statuses(CheckKind.COMPLIANCE)).containsOnlyKeys("a", "c");
    }

    @Test
    void aPolicyChangeMarksTheCertificatesItGovernsPendingUntilTheNextRun() {
        for (int i = 0; i < 5; i++) {
            inventory.add(new InventoryCertificate("c" + i, Inventories.der(leaf(BEFORE_200_DAY_RULE, Duration.ofDays(90),
                    "c" + i + ".example.com")), List.of(), i % 2 == 0 ? "web" : "mail", ManagementStatus.MANAGED,
                    Optional.empty(), Map.of(), List.of(), List.of(), Inventories.ADDED, Map.of()));
        }
        run(JobHarness.forJob(new ComplianceCheckJob()));

        long marked = ComplianceCheckJob.markPending(inventory, c -> c.group().equals("web"),
                ManualClock.at(NOW));

        assertThat(marked).isEqualTo(3);
        assertThat(inventory.statuses(CheckKind.COMPLIANCE)).containsOnly(Map.entry("c0", "PENDING"),
                Map.entry("c1", "COMPLIANT"), Map.entry("c2", "PENDING"), Map.entry("c3", "COMPLIANT"),
                Map.entry("c4", "PENDING"));

        run(JobHarness.forJob(new ComplianceCheckJob()));

        assertThat(inventory.statuses(CheckKind.COMPLIANCE).values()).containsOnly("COMPLIANT");
    }
}
