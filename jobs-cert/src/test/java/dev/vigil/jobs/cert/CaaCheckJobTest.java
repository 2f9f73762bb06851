package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.caa.DnsjavaCaaLookup;
import dev.vigil.jobs.cert.caa.FakeDnsResolver;
import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CaaLookup;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DNS answers come from a fake resolver through dnsjava's wire format, as a real resolver's would. */
class CaaCheckJobTest {
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    private static final TestPki.Issued CA = TestPki.rootCa("CN=CAA Job Root");
    private static final Map<String, String> LETS_ENCRYPT = Map.of(CaaCheckJob.DOMAINS_ATTRIBUTE, "letsencrypt.org");

    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final FakeDnsResolver dns = new FakeDnsResolver()
            .caa("example.com", 0, "issue", "letsencrypt.org")
            .caa("example.org", 0, "issue", "digicert.com")
            .exists("www.example.com").exists("api.example.com");

    private static byte[] withNames(String... names) {
        return Inventories.der(TestPki.leaf(CA).subject("CN=" + names[0]).dnsNames(names).issue());
    }

    private static InventoryCertificate entry(String id, byte[] der, Map<String, String> attributes) {
        return entry(id, der, Optional.empty(), attributes, Map.of());
    }

    private static InventoryCertificate entry(String id, byte[] der, Optional<String> connector,
            Map<String, String> attributes, Map<CheckKind, String> statuses) {
        return new InventoryCertificate(id, der, List.of(), "default", ManagementStatus.MANAGED, connector, attributes,
                List.of(), List.of(), Inventories.ADDED, statuses);
    }

    private HarnessRun run(Map<String, String> parameters) {
        return JobHarness.forJob(new CaaCheckJob()).clock(ManualClock.at(NOW))
                .service(CertificateInventory.class, inventory).service(CaaLookup.class, DnsjavaCaaLookup.using(dns))
                .parameters(parameters).run();
    }

    private List<CheckFinding> findings(String id) {
        return inventory.check(id, CheckKind.CAA).orElseThrow().findings();
    }

    @Test
    void eachCertificateIsAuthorisedOnlyWhenCaaLetsItsCaIssueForEveryName() {
        inventory.add(entry("authorised", withNames("www.example.com", "api.example.com"), LETS_ENCRYPT))
                .add(entry("refused", withNames("www.example.com", "shop.example.org"), LETS_ENCRYPT))
                .add(entry("no-caa", withNames("www.nocaa.test"), LETS_ENCRYPT))
                .add(entry("cn-only", Inventories.der(TestPki.leaf(CA).subject("CN=cn.example.org").issue()),
                        LETS_ENCRYPT));

        HarnessRun run = run(Map.of());

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().succeeded()).isEqualTo(4);
        assertThat(inventory.statuses(CheckKind.CAA)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "authorised", "AUTHORISED", "refused", "NOT_AUTHORISED", "no-caa", "AUTHORISED",
                "cn-only", "NOT_AUTHORISED"));
        assertThat(findings("authorised")).isEmpty();
        assertThat(findings("no-caa")).isEmpty();
        assertThat(findings("refused")).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("NOT_AUTHORISED");
            assertThat(f.severity()).isEqualTo(CheckFinding.Severity.ERROR);
            assertThat(f.detail()).startsWith("shop.example.org: ").contains("example.org").contains("digicert.com");
        });
        assertThat(findings("cn-only")).singleElement().satisfies(f -> assertThat(f.detail()).startsWith("cn.example.org"));
        assertThat(inventory.check("authorised", CheckKind.CAA).orElseThrow().checkedAt()).isEqualTo(NOW);
        assertThat(Collections.frequency(dns.queries(), "example.com")).as("answers are remembered for the run")
                .isEqualTo(1);
    }

    @Test
    void theIssuerDomainComesFromTheAttributeElseTheConnectorMappingElseTheDefault() {
        byte[] shop = withNames("shop.example.org");
        inventory.add(entry("attribute", shop, Optional.of("digicert-prod"), LETS_ENCRYPT, Map.of()))
                .add(entry("connector", shop, Optional.of("digicert-prod"), Map.of(), Map.of()))
                .add(entry("other-connector", shop, Optional.of("acme"), Map.of(), Map.of()))
                .add(entry("no-connector", shop, Optional.empty(), Map.of(), Map.of()));

        HarnessRun run = run(Map.of(CaaCheckJob.ISSUER_DOMAINS, "digicert-prod=digicert.com, letsencrypt.org"));

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(inventory.statuses(CheckKind.CAA)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "attribute", "NOT_AUTHORISED", "connector", "AUTHORISED", "other-connector", "NOT_AUTHORISED",
                "no-connector", "NOT_AUTHORISED"));
    }

    @Test
    void aLookupFailureIsLookupFailedNeverAPermissionAndTheOthersAreStillChecked() {
        dns.servfail("broken.example.net");
        inventory.add(entry("a-broken", withNames("www.broken.example.net"), LETS_ENCRYPT))
                .add(entry("b-garbage", new byte[] {0x30, 0x03, 0x02, 0x01}, LETS_ENCRYPT))
                .add(entry("c-unknown-ca", withNames("www.example.com"), Map.of()))
                .add(entry("d-authorised", withNames("www.example.com"), LETS_ENCRYPT))
                .add(entry("e-refused-and-broken", withNames("shop.example.org", "www.broken.example.net"),
                        LETS_ENCRYPT));

        HarnessRun run = run(Map.of());

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.counts().succeeded()).isEqualTo(3);
        assertThat(run.counts().failed()).isEqualTo(2);
        assertThat(run.result().itemErrors()).extracting(ItemError::item).containsExactly("b-garbage", "c-unknown-ca");
        assertThat(run.result().itemErrors().get(0).message()).startsWith("not a readable X.509 certificate");
        assertThat(run.result().itemErrors().get(1).message()).contains(CaaCheckJob.DOMAINS_ATTRIBUTE)
                .contains(CaaCheckJob.ISSUER_DOMAINS);
        assertThat(inventory.statuses(CheckKind.CAA)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a-broken", "LOOKUP_FAILED", "d-authorised", "AUTHORISED", "e-refused-and-broken", "NOT_AUTHORISED"));
        assertThat(findings("a-broken")).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("LOOKUP_FAILED");
            assertThat(f.detail()).contains("broken.example.net").contains("SERVFAIL");
        });
        assertThat(findings("e-refused-and-broken")).extracting(CheckFinding::id)
                .containsExactly("NOT_AUTHORISED", "LOOKUP_FAILED");
    }

    @Test
    void aMalformedIssuerDomainsParameterIsRejectedBeforeTheRun() {
        assertThatThrownBy(() -> run(Map.of(CaaCheckJob.ISSUER_DOMAINS, "acme=lets encrypt.org")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining(CaaCheckJob.ISSUER_DOMAINS);
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void aChangedStatusIsAuditedAndAnUnchangedOneIsNot() {
        byte[] shop = withNames("shop.example.org");
        inventory.add(entry("was-authorised", shop, Optional.empty(), LETS_ENCRYPT, Map.of(CheckKind.CAA, "AUTHORISED")))
                .add(entry("was-refused", shop, Optional.empty(), LETS_ENCRYPT, Map.of(CheckKind.CAA, "NOT_AUTHORISED")));

        HarnessRun run = run(Map.of());

        assertThat(run.auditEventsWithAction("certificate.caa-changed")).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo("was-authorised");
            assertThat(e.outcome()).isEqualTo("NOT_AUTHORISED");
            assertThat(e.details()).containsEntry("from", "AUTHORISED").containsEntry("names", "shop.example.org");
        });
    }

    @Test
    void aCertificateWithoutDnsNamesIsAuthorisedWithANotice() {
        inventory.add(entry("ip-only", Inventories.der(TestPki.leaf(CA).subject("CN=internal")
                .ipAddresses("192.0.2.10").issue()), LETS_ENCRYPT));

        run(Map.of());

        assertThat(inventory.statuses(CheckKind.CAA)).containsEntry("ip-only", "AUTHORISED");
        assertThat(findings("ip-only")).extracting(CheckFinding::id).containsExactly("NO_DNS_NAMES");
    }
}
