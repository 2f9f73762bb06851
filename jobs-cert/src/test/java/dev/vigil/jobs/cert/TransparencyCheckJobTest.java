package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.ct.SctLeaves;
import dev.vigil.jobs.cert.ct.TestCtLog;
import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.CtLogListSource;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.TrustAnchorSource;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Leaves carry SCTs really signed by test logs over their precertificates. */
class TransparencyCheckJobTest {
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant LOGGED = Instant.parse("2025-12-31T12:00:00Z");
    private static final Instant SINCE = Instant.parse("2025-01-01T00:00:00Z");
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=CT Job Root");
    private static final TestPki.Issued INTERMEDIATE = TestPki.intermediate(ROOT, "CN=CT Job Int").issueWithKey();

    private static final TestCtLog A1 = TestCtLog.ec("Job A1", "Operator A");
    private static final TestCtLog A2 = TestCtLog.ec("Job A2", "Operator A");
    private static final TestCtLog B1 = TestCtLog.ec("Job B1", "Operator B");
    private static final TestCtLog C_REJECTED = TestCtLog.ec("Job C rejected", "Operator C");
    private static final TestCtLog UNLISTED = TestCtLog.ec("Job unlisted", "Operator E");
    private static final String LOG_LIST = "{\"version\": \"1.0\", \"operators\": ["
            + "{\"name\": \"Operator A\", \"email\": [], \"logs\": [" + A1.json("usable", SINCE) + ", "
            + A2.json("usable", SINCE) + "]},"
            + "{\"name\": \"Operator B\", \"email\": [], \"logs\": [" + B1.json("usable", SINCE) + "]},"
            + "{\"name\": \"Operator C\", \"email\": [], \"logs\": [" + C_REJECTED.json("rejected", SINCE) + "]}]}";

    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();

    private static InventoryCertificate entry(String id, X509Certificate leaf, X509Certificate... chain) {
        return entry(id, Inventories.der(leaf), Map.of(), chain);
    }

    private static InventoryCertificate entry(String id, byte[] der, Map<CheckKind, String> statuses,
            X509Certificate... chain) {
        return new InventoryCertificate(id, der, List.of(chain).stream().map(Inventories::der).toList(), "default",
                ManagementStatus.MANAGED, Optional.empty(), Map.of(), List.of(), List.of(), Inventories.ADDED, statuses);
    }

    private HarnessRun run(String logList) {
        CtLogListSource source = () -> logList.getBytes(StandardCharsets.UTF_8);
        TrustAnchorSource anchors = () -> List.of(ROOT.certificate());
        return JobHarness.forJob(new TransparencyCheckJob()).clock(ManualClock.at(NOW))
                .service(CertificateInventory.class, inventory).service(CtLogListSource.class, source)
                .service(TrustAnchorSource.class, anchors).run();
    }

    private List<String> findingIds(String id) {
        return inventory.check(id, CheckKind.TRANSPARENCY).orElseThrow().findings().stream().map(CheckFinding::id)
                .toList();
    }

    @Test
    void eachCertificateIsJudgedByChromesPolicyWithAFindingPerProblem() {
        inventory.add(entry("compliant", SctLeaves.issuedBy(ROOT).sct(A1, LOGGED).sct(B1, LOGGED).issue()))
                .add(entry("via-intermediate", SctLeaves.issuedBy(INTERMEDIATE).sct(A2, LOGGED).sct(B1, LOGGED).issue(),
                        INTERMEDIATE.certificate()))
                .add(entry("extra-unknown", SctLeaves.issuedBy(ROOT).sct(A1, LOGGED).sct(B1, LOGGED)
                        .sct(UNLISTED, LOGGED).issue()))
                .add(entry("one-operator", SctLeaves.issuedBy(ROOT).sct(A1, LOGGED).sct(A2, LOGGED).issue()))
                .add(entry("tampered", SctLeaves.issuedBy(ROOT).sct(A1, LOGGED).tamperedSct(B1, LOGGED).issue()))
                .add(entry("rejected-log", SctLeaves.issuedBy(ROOT).sct(A1, LOGGED).sct(C_REJECTED, LOGGED).issue()))
                .add(entry("no-scts", SctLeaves.issuedBy(ROOT).issue()));

        HarnessRun run = run(LOG_LIST);

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().succeeded()).isEqualTo(7);
        assertThat(inventory.statuses(CheckKind.TRANSPARENCY)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "compliant", "COMPLIANT", "via-intermediate", "COMPLIANT", "extra-unknown", "COMPLIANT",
                "one-operator", "NOT_COMPLIANT", "tampered", "NOT_COMPLIANT", "rejected-log", "NOT_COMPLIANT",
                "no-scts", "NOT_COMPLIANT"));
        assertThat(findingIds("compliant")).isEmpty();
        assertThat(findingIds("via-intermediate")).isEmpty();
        assertThat(findingIds("extra-unknown")).containsExactly("UNKNOWN_LOG");
        assertThat(findingIds("one-operator")).containsExactly("TOO_FEW_OPERATORS");
        assertThat(findingIds("tampered")).containsExactly("TOO_FEW_SCTS", "TOO_FEW_OPERATORS", "INVALID_SIGNATURE");
        assertThat(findingIds("rejected-log")).containsExactly("TOO_FEW_SCTS", "TOO_FEW_OPERATORS", "LOG_NOT_ACCEPTABLE");
        assertThat(findingIds("no-scts")).containsExactly("NO_EMBEDDED_SCTS");
        CheckFinding rejected = inventory.check("rejected-log", CheckKind.TRANSPARENCY).orElseThrow().findings().get(2);
        assertThat(rejected.severity()).isEqualTo(CheckFinding.Severity.WARNING);
        assertThat(rejected.detail()).startsWith("SCT 2 from log 'Job C rejected'").contains("rejected");
        assertThat(inventory.check("compliant", CheckKind.TRANSPARENCY).orElseThrow().checkedAt()).isEqualTo(NOW);
    }

    @Test
    void badInputIsThatCertificatesFindingOrErrorAndTheOthersAreStillChecked() throws IOException {
        X509Certificate garbageScts = TestPki.leaf(ROOT).subject("CN=garbage.example.com")
                .extension(SctLeaves.extension(new byte[] {0x00, 0x09, 0x01})).issue();
        X509Certificate issuerUnknown = SctLeaves.issuedBy(INTERMEDIATE).sct(A1, LOGGED).sct(B1, LOGGED).issue();
        inventory.add(entry("a-compliant", SctLeaves.issuedBy(ROOT).sct(A1, LOGGED).sct(B1, LOGGED).issue()))
                .add(entry("b-garbage-der", new byte[] {0x30, 0x03, 0x02, 0x01}, Map.of()))
                .add(entry("c-garbage-scts", garbageScts))
                .add(entry("d-issuer-unknown", issuerUnknown));

        HarnessRun run = run(LOG_LIST);

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.counts().succeeded()).isEqualTo(2);
        assertThat(run.counts().failed()).isEqualTo(2);
        assertThat(run.result().itemErrors()).extracting(ItemError::item).containsExactly("b-garbage-der",
                "d-issuer-unknown");
        assertThat(run.result().itemErrors().get(0).message()).startsWith("not a readable X.509 certificate");
        assertThat(run.result().itemErrors().get(1).message()).contains("CN=CT Job Int")
                .contains("neither in the certificate's inventory chain nor among the trust anchors");
        assertThat(inventory.statuses(CheckKind.TRANSPARENCY)).containsOnly(Map.entry("a-compliant", "COMPLIANT"),
                Map.entry("c-garbage-scts", "NOT_COMPLIANT"));
        assertThat(findingIds("c-garbage-scts")).containsExactly("MALFORMED_SCT_LIST");
    }

    @Test
    void aLogListThatDoesNotParseFailsTheRunAndRecordsNothing() {
        inventory.add(entry("compliant", SctLeaves.issuedBy(ROOT).sct(A1, LOGGED).sct(B1, LOGGED).issue()));

        HarnessRun run = run("{\"operators\": 42}");

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.thrown().orElseThrow()).hasMessageContaining("CT log list")
                .hasMessageContaining("$.operators").hasMessageContaining("no certificate was checked");
        assertThat(inventory.statuses(CheckKind.TRANSPARENCY)).isEmpty();
    }

    @Test
    void aLogListThatCannotBeReadFailsTheRunWithTheSourcesMessage() {
        inventory.add(entry("compliant", SctLeaves.issuedBy(ROOT).sct(A1, LOGGED).sct(B1, LOGGED).issue()));
        CtLogListSource unreadable = () -> {
            throw new IOException("log_list.json: no such file");
        };

        HarnessRun run = JobHarness.forJob(new TransparencyCheckJob()).clock(ManualClock.at(NOW))
                .service(CertificateInventory.class, inventory).service(CtLogListSource.class, unreadable).run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.thrown().orElseThrow()).hasMessageContaining("CT log list could not be read")
                .hasMessageContaining("no such file");
        assertThat(inventory.statuses(CheckKind.TRANSPARENCY)).isEmpty();
    }

    @Test
    void aChangedComplianceIsAuditedAndAnUnchangedOneIsNot() {
        byte[] oneOperator = Inventories.der(SctLeaves.issuedBy(ROOT).sct(A1, LOGGED).sct(A2, LOGGED).issue());
        inventory.add(entry("was-compliant", oneOperator, Map.of(CheckKind.TRANSPARENCY, "COMPLIANT")))
                .add(entry("was-not", oneOperator, Map.of(CheckKind.TRANSPARENCY, "NOT_COMPLIANT")));

        HarnessRun run = run(LOG_LIST);

        assertThat(run.auditEventsWithAction("certificate.transparency-changed")).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo("was-compliant");
            assertThat(e.outcome()).isEqualTo("NOT_COMPLIANT");
            assertThat(e.details()).containsEntry("from", "COMPLIANT").containsEntry("findings", "TOO_FEW_OPERATORS");
        });
    }
}
