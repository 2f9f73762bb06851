package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.InventoryImport;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.testkit.FakeCaConnector;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.JobHarness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaAttributesSyncJobTest {
    private static final TestPki.Issued CA = TestPki.rootCa("CN=CA Attributes Sync Root");
    private static final byte[] DER = Inventories.der(TestPki.leaf(CA).subject("CN=sync.example.test").issue());

    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();

    private static InventoryCertificate entry(String id, String connector, Map<String, String> attributes) {
        return entry(id, DER, connector, attributes);
    }

    private static InventoryCertificate entry(String id, byte[] der, String connector, Map<String, String> attributes) {
        return new InventoryCertificate(id, der, List.of(), "default", ManagementStatus.MANAGED,
                Optional.ofNullable(connector), attributes, List.of(), List.of(), Inventories.ADDED, Map.of());
    }

    private static FakeCaConnector sectigo() {
        return FakeCaConnector.named("sectigo").capabilities(CaCapability.CA_ATTRIBUTES)
                .caAttributeNames("OrderId", "Product", "Requester");
    }

    private HarnessRun run(CaConnector... connectors) {
        return JobHarness.forJob(new CaAttributesSyncJob()).service(CertificateInventory.class, inventory)
                .service(InventoryImport.class, inventory)
                .service(CaConnectors.class, FakeCaConnector.registry(connectors)).run();
    }

    private Map<String, String> attributes(String id) {
        return inventory.certificate(id).orElseThrow().attributes();
    }

    @Test
    void missingCaAttributesAreFetchedAndMergedWithTheOthers() {
        inventory.add(entry("c1", "sectigo", Map.of("Owner", "team-a")));
        FakeCaConnector sectigo = sectigo().caAttributes("c1",
                Map.of("OrderId", "ord-1", "Product", "OV SSL", "Requester", "alice"));

        HarnessRun run = run(sectigo);

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(attributes("c1")).containsExactlyInAnyOrderEntriesOf(Map.of("Owner", "team-a", "OrderId", "ord-1",
                "Product", "OV SSL", "Requester", "alice"));
        assertThat(run.counts().succeeded()).isEqualTo(1);
        assertThat(run.result().message()).contains("1 updated, 0 failed, 0 skipped");
        assertThat(run.auditEventsWithAction(CaAttributesSyncJob.AUDIT_ACTION)).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo("c1");
            assertThat(e.details()).containsEntry("connector", "sectigo")
                    .containsEntry("added", "OrderId, Product, Requester");
            assertThat(e.details().values()).doesNotContain("ord-1", "OV SSL", "alice");
        });
    }

    @Test
    void anAttributeThatHasAValueIsNeverOverwritten() {
        inventory.add(entry("c1", "sectigo", Map.of("OrderId", "set-by-host", "Product", " ")));
        FakeCaConnector sectigo = sectigo().caAttributes("c1",
                Map.of("OrderId", "ord-from-ca", "Product", "EV SSL", "Requester", "bob"));

        HarnessRun run = run(sectigo);

        assertThat(attributes("c1")).containsEntry("OrderId", "set-by-host").containsEntry("Product", "EV SSL")
                .containsEntry("Requester", "bob");
        assertThat(run.auditEventsWithAction(CaAttributesSyncJob.AUDIT_ACTION)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("added", "Product, Requester"));
    }

    @Test
    void aCertificateThatHasEveryCaAttributeIsNotSentToTheCa() {
        inventory.add(entry("complete", "sectigo", Map.of("OrderId", "1", "Product", "p", "Requester", "r")));
        FakeCaConnector sectigo = sectigo();

        HarnessRun run = run(sectigo);

        assertThat(sectigo.askedAbout()).isEmpty();
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(run.auditEventsWithAction(CaAttributesSyncJob.AUDIT_ACTION)).isEmpty();
    }

    @Test
    void certificatesWithoutACapableConnectorAreSkipped() {
        inventory.add(entry("no-connector", null, Map.of()))
                .add(entry("incapable", "internal", Map.of()));
        FakeCaConnector internal = FakeCaConnector.named("internal").capabilities(CaCapability.REVOCATION_STATUS)
                .caAttributeNames("OrderId").defaultCaAttributes(Map.of("OrderId", "x"));

        HarnessRun run = run(internal);

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().skipped()).isEqualTo(2);
        assertThat(internal.askedAbout()).isEmpty();
        assertThat(attributes("incapable")).isEmpty();
    }

    @Test
    void aCaThatIsDownFailsItsCertificatesWithItsMessageAndTheOthersAreUpdated() {
        inventory.add(entry("down-1", "digicert", Map.of()))
                .add(entry("ok-1", "sectigo", Map.of()));
        FakeCaConnector digicert = FakeCaConnector.named("digicert").capabilities(CaCapability.CA_ATTRIBUTES)
                .caAttributeNames("OrderId").failWith(new IllegalStateException("DigiCert API timed out after 30 s"));
        FakeCaConnector sectigo = sectigo().defaultCaAttributes(Map.of("OrderId", "ord-9"));

        HarnessRun run = run(digicert, sectigo);

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("down-1");
            assertThat(e.message()).contains("digicert").contains("DigiCert API timed out after 30 s");
        });
        assertThat(attributes("ok-1")).containsEntry("OrderId", "ord-9");
        assertThat(attributes("down-1")).isEmpty();
    }

    @Test
    void aCaThatFailsThreeTimesInARowIsNotAskedAgainInTheRunAndAnswersAgainInTheNext() {
        for (int i = 1; i <= 5; i++) {
            inventory.add(entry("down-" + i, "digicert", Map.of()));
        }
        inventory.add(entry("ok-1", "sectigo", Map.of()));
        FakeCaConnector digicert = FakeCaConnector.named("digicert").capabilities(CaCapability.CA_ATTRIBUTES)
                .caAttributeNames("OrderId").failWith(new IllegalStateException("DigiCert API timed out after 30 s"));
        FakeCaConnector sectigo = sectigo().defaultCaAttributes(Map.of("OrderId", "ord-9"));

        HarnessRun run = run(digicert, sectigo);

        assertThat(digicert.askedAbout()).containsExactly("down-1", "down-2", "down-3");
        assertThat(run.result().counts().failed()).isEqualTo(5);
        assertThat(run.result().itemErrors()).filteredOn(e -> e.item().equals("down-5")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("digicert").contains("not asked")
                        .contains("3 times in a row").contains("DigiCert API timed out after 30 s"));
        assertThat(attributes("ok-1")).containsEntry("OrderId", "ord-9");

        digicert.recover().defaultCaAttributes(Map.of("OrderId", "ord-1"));
        HarnessRun next = run(digicert, sectigo);

        assertThat(next.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(attributes("down-5")).containsEntry("OrderId", "ord-1");
    }

    @Test
    void aCaAnsweringWithGarbageFailsThatCertificate() {
        Map<String, String> blankName = new HashMap<>(Map.of("OrderId", "1"));
        blankName.put(" ", "x");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("OrderId", null);
        inventory.add(entry("blank-name", "sectigo", Map.of()))
                .add(entry("null-value", "sectigo", Map.of()))
                .add(entry("null-map", "broken", Map.of()));
        FakeCaConnector sectigo = sectigo().caAttributes("blank-name", blankName).caAttributes("null-value", nullValue);
        FakeCaConnector broken = FakeCaConnector.named("broken").capabilities(CaCapability.CA_ATTRIBUTES)
                .caAttributeNames("OrderId").answerNullAttributes();

        HarnessRun run = run(sectigo, broken);

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().itemErrors()).extracting(ItemError::item, ItemError::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("blank-name", "CA connector 'sectigo' answered with a blank attribute name"),
                org.assertj.core.groups.Tuple.tuple("null-value",
                        "CA connector 'sectigo' answered with no value (null) for attribute 'OrderId'"),
                org.assertj.core.groups.Tuple.tuple("null-map", "CA connector 'broken' answered with no attributes (null)"));
        assertThat(attributes("blank-name")).isEmpty();
    }

    @Test
    void aConnectorTheHostHasNotRegisteredIsThatCertificatesError() {
        inventory.add(entry("orphan", "globalsign", Map.of()))
                .add(entry("ok", "sectigo", Map.of()));

        HarnessRun run = run(sectigo().defaultCaAttributes(Map.of("Product", "DV")));

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("orphan");
            assertThat(e.message()).isEqualTo("the host has no CA connector named 'globalsign'");
        });
        assertThat(attributes("ok")).containsEntry("Product", "DV");
    }

    @Test
    void aMalformedCertificateIsAnItemErrorAndIsNotSentToTheCa() {
        inventory.add(entry("malformed", new byte[] {0x30, 0x03, 0x01}, "sectigo", Map.of()))
                .add(entry("ok", "sectigo", Map.of()));
        FakeCaConnector sectigo = sectigo().defaultCaAttributes(Map.of("Requester", "carol"));

        HarnessRun run = run(sectigo);

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("malformed");
            assertThat(e.message()).startsWith("not a readable X.509 certificate");
        });
        assertThat(sectigo.askedAbout()).containsExactly("ok");
        assertThat(attributes("ok")).containsEntry("Requester", "carol");
    }

    @Test
    void aCertificateTheCaHasNoValueForYetIsSkipped() {
        inventory.add(entry("pending", "sectigo", Map.of()));

        HarnessRun run = run(sectigo().caAttributes("pending", Map.of("Unrelated", "v", "OrderId", "")));

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(attributes("pending")).isEmpty();
    }

    @Test
    void theJobIsRegisteredWithItsSeedSchedule() {
        assertThat(new CertificateJobs().jobs()).anySatisfy(job -> {
            assertThat(job.descriptor().id()).isEqualTo(CaAttributesSyncJob.TYPE);
            assertThat(job.descriptor().defaultSchedule().toText()).contains("0 0 0,12 * * ?");
        });
    }
}
