package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.ocsp.TestOcspResponder;
import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CaRevocationStatus;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.UrlFetcher;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.bouncycastle.asn1.x509.CRLReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RevokeStatusCheckJobTest {
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=Revoke Job Root");
    private static final TestPki.Issued CA = TestPki.intermediate(ROOT, "CN=Revoke Job CA").issueWithKey();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant REVOKED_AT = Instant.parse("2025-12-30T08:00:00Z");

    private final ManualClock clock = ManualClock.at(T0.plus(Duration.ofHours(1)));
    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final UrlFetcher fetcher = HttpUrlFetcher.create(Duration.ofSeconds(5), Duration.ofSeconds(10), 0);
    private final List<TestOcspResponder> responders = new ArrayList<>();
    private final TestOcspResponder responder = responder();

    private TestOcspResponder responder() {
        TestOcspResponder r = TestOcspResponder.start(CA);
        responders.add(r);
        return r;
    }

    @AfterEach
    void stop() {
        responders.forEach(TestOcspResponder::close);
    }

    private static X509Certificate leaf(TestOcspResponder responder) {
        return TestPki.leaf(CA).subject("CN=revoke.example.test").ocsp(responder.url()).issue();
    }

    private static InventoryCertificate entry(String id, X509Certificate certificate, String connector) {
        return RevocationFixtures.entry(id, Inventories.der(certificate), List.of(Inventories.der(CA.certificate())),
                Inventories.ADDED, null, Optional.ofNullable(connector));
    }

    private JobHarness harness() {
        return JobHarness.forJob(new RevokeStatusCheckJob()).clock(clock).service(CertificateInventory.class, inventory)
                .service(UrlFetcher.class, fetcher);
    }

    private List<String> findingIds(String id) {
        return inventory.check(id, CheckKind.REVOCATION).orElseThrow().findings().stream().map(CheckFinding::id).toList();
    }

    /** A connector that answers from a function of the certificate id. */
    private static CaConnector connector(String name, Set<CaCapability> capabilities,
                                         Function<String, CaRevocationStatus> answers) {
        return new CaConnector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<CaCapability> capabilities() {
                return capabilities;
            }

            @Override
            public CaRevocationStatus revocationStatus(InventoryCertificate certificate) {
                return answers.apply(certificate.id());
            }
        };
    }

    private static CaConnectors connectors(CaConnector... all) {
        return name -> java.util.Arrays.stream(all).filter(c -> c.name().equals(name)).findFirst();
    }

    @Test
    void theOcspResponderOfEachCertificateGivesItsStatus() {
        X509Certificate good = leaf(responder);
        X509Certificate revoked = leaf(responder);
        responder.good(good).revoked(revoked, REVOKED_AT, CRLReason.keyCompromise);
        inventory.add(entry("good", good, null))
                .add(entry("revoked", revoked, null))
                .add(entry("not-known-to-responder", leaf(responder), null))
                .add(entry("no-source", TestPki.leaf(CA).issue(), null))
                .add(RevocationFixtures.entry("no-issuer", Inventories.der(leaf(responder)), List.of(), Inventories.ADDED,
                        null, Optional.empty()));

        HarnessRun run = harness().run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "good", "GOOD", "revoked", "REVOKED", "not-known-to-responder", "UNKNOWN", "no-source", "UNKNOWN",
                "no-issuer", "UNKNOWN"));
        assertThat(inventory.check("revoked", CheckKind.REVOCATION).orElseThrow().findings()).singleElement()
                .satisfies(f -> {
                    assertThat(f.id()).isEqualTo("REVOKED");
                    assertThat(f.detail()).contains("2025-12-30T08:00:00Z").contains("keyCompromise");
                });
        assertThat(findingIds("not-known-to-responder")).containsExactly("OCSP_UNKNOWN_CERTIFICATE");
        assertThat(findingIds("no-source")).containsExactly("NO_REVOCATION_SOURCE");
        assertThat(findingIds("no-issuer")).containsExactly("NO_ISSUER");
        assertThat(run.auditEventsWithAction(RevocationRecorder.AUDIT_ACTION)).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo("revoked");
            assertThat(e.details()).containsEntry("source", "ocsp").containsEntry("reason", "keyCompromise")
                    .containsEntry("from", "none");
        });
        assertThat(run.notifications()).extracting(n -> n.attributes().get("certificateId")).containsExactly("revoked");
        assertThat(run.result().message()).contains("1 good, 1 revoked, 3 unknown");
    }

    @Test
    void theCaConnectorDecidesWhereItReportsRevocationStatus() {
        X509Certificate revoked = leaf(responder);
        X509Certificate good = leaf(responder);
        responder.good(revoked).good(good); // the responder would say good: the CA is asked instead
        inventory.add(entry("digicert-revoked", revoked, "digicert"))
                .add(entry("digicert-good", good, "digicert"));
        CaConnector digicert = connector("digicert", EnumSet.of(CaCapability.REVOCATION_STATUS),
                id -> id.endsWith("revoked") ? CaRevocationStatus.revoked(REVOKED_AT, "superseded", "order 42")
                        : CaRevocationStatus.good("order 43"));

        HarnessRun run = harness().service(CaConnectors.class, connectors(digicert)).run();

        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "digicert-revoked", "REVOKED", "digicert-good", "GOOD"));
        assertThat(responder.requests()).isZero();
        assertThat(run.auditEventsWithAction(RevocationRecorder.AUDIT_ACTION)).singleElement().satisfies(e -> {
            assertThat(e.details()).containsEntry("source", "ca:digicert").containsEntry("reason", "superseded")
                    .containsEntry("revokedAt", REVOKED_AT.toString());
        });
        assertThat(inventory.check("digicert-revoked", CheckKind.REVOCATION).orElseThrow().findings().get(0).detail())
                .contains("order 42");
    }

    @Test
    void aConnectorWithoutTheCapabilityFallsBackToOcsp() {
        X509Certificate certificate = leaf(responder);
        responder.revoked(certificate, REVOKED_AT, CRLReason.cessationOfOperation);
        inventory.add(entry("internal", certificate, "internal-ca"));
        CaConnector internal = connector("internal-ca", EnumSet.noneOf(CaCapability.class), id -> {
            throw new AssertionError("a connector without REVOCATION_STATUS must not be asked");
        });

        HarnessRun run = harness().service(CaConnectors.class, connectors(internal)).run();

        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsEntry("internal", "REVOKED");
        assertThat(responder.requests()).isEqualTo(1);
        assertThat(run.auditEventsWithAction(RevocationRecorder.AUDIT_ACTION)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("source", "ocsp"));
    }

    @Test
    void aFailingOrUndecidedCaFallsBackToOcspAndSaysSo() {
        X509Certificate failing = leaf(responder);
        X509Certificate undecided = leaf(responder);
        responder.good(failing).good(undecided);
        inventory.add(entry("ca-down", failing, "digicert"))
                .add(entry("ca-unknown", undecided, "digicert"))
                .add(entry("ca-unknown-no-ocsp", TestPki.leaf(CA).issue(), "digicert"))
                .add(entry("ca-down-no-ocsp", TestPki.leaf(CA).issue(), "digicert-down"))
                .add(entry("connector-missing", leaf(responder), "retired-ca"));
        CaConnector digicert = connector("digicert", EnumSet.of(CaCapability.REVOCATION_STATUS), id -> {
            if (id.equals("ca-down")) {
                throw new IllegalStateException("HTTP 503 from the CA");
            }
            return CaRevocationStatus.unknown("no order for this certificate");
        });
        CaConnector down = connector("digicert-down", EnumSet.of(CaCapability.REVOCATION_STATUS), id -> {
            throw new IllegalStateException("connection refused");
        });

        HarnessRun run = harness().service(CaConnectors.class, connectors(digicert, down)).run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ca-down", "GOOD", "ca-unknown", "GOOD", "ca-unknown-no-ocsp", "UNKNOWN",
                "ca-down-no-ocsp", "UNKNOWN", "connector-missing", "UNKNOWN"));
        assertThat(findingIds("ca-down")).containsExactly("CA_QUERY_FAILED");
        assertThat(inventory.check("ca-down", CheckKind.REVOCATION).orElseThrow().findings().get(0).detail())
                .contains("HTTP 503 from the CA");
        assertThat(findingIds("ca-unknown")).containsExactly("CA_UNKNOWN");
        assertThat(findingIds("ca-unknown-no-ocsp")).containsExactly("NO_REVOCATION_SOURCE", "CA_UNKNOWN");
        assertThat(findingIds("ca-down-no-ocsp")).containsExactly("NO_REVOCATION_SOURCE", "CA_QUERY_FAILED");
        assertThat(findingIds("connector-missing")).containsExactly("OCSP_UNKNOWN_CERTIFICATE", "CA_CONNECTOR_MISSING");
    }

    @Test
    void aConnectorThatKeepsFailingIsNotAskedAgainInTheRun() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        CaConnector down = connector("digicert", EnumSet.of(CaCapability.REVOCATION_STATUS), id -> {
            calls.incrementAndGet();
            throw new IllegalStateException("read timed out");
        });
        for (int i = 0; i < 5; i++) {
            X509Certificate certificate = leaf(responder);
            responder.good(certificate);
            inventory.add(entry("cert-" + i, certificate, "digicert"));
        }

        HarnessRun run = harness().service(CaConnectors.class, connectors(down)).run();

        assertThat(calls).hasValue(3);
        assertThat(inventory.statuses(CheckKind.REVOCATION)).hasSize(5).containsValue("GOOD").doesNotContainValue("UNKNOWN");
        assertThat(inventory.check("cert-4", CheckKind.REVOCATION).orElseThrow().findings()).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("not asked").contains("read timed out"));
        assertThat(run.counts().succeeded()).isEqualTo(5);
    }

    @Test
    void aCertificateWithoutAnySourceKeepsTheStatusTheCrlJobsRecorded() {
        inventory.add(RevocationFixtures.entry("crl-only", Inventories.der(TestPki.leaf(CA).issue()),
                List.of(Inventories.der(CA.certificate())), Inventories.ADDED, "GOOD", Optional.empty()));

        HarnessRun run = harness().run();

        assertThat(inventory.check("crl-only", CheckKind.REVOCATION)).isEmpty();
        assertThat(run.counts().skipped()).isEqualTo(1);
        assertThat(run.auditEvents()).isEmpty();
    }

    @Test
    void badAnswersAndBadInputAreThatCertificatesResultAndTheOthersAreStillChecked() {
        TestOcspResponder garbage = responder().mode(TestOcspResponder.Mode.GARBAGE);
        TestOcspResponder forged = responder();
        TestOcspResponder replaying = responder().mode(TestOcspResponder.Mode.WRONG_NONCE);
        TestOcspResponder stale = responder().updates(T0.minus(Duration.ofDays(8)), Duration.ofDays(7));
        X509Certificate good = leaf(responder);
        X509Certificate forgedLeaf = leaf(forged);
        X509Certificate replayedLeaf = leaf(replaying);
        X509Certificate staleLeaf = leaf(stale);
        responder.good(good);
        forged.good(forgedLeaf).signedBy(CA.certificate(), TestPki.rsa("forger").getPrivate());
        replaying.good(replayedLeaf);
        stale.good(staleLeaf);
        inventory.add(entry("a-good", good, null))
                .add(RevocationFixtures.entry("b-malformed", new byte[] {0x30, 0x03, 0x02, 0x01}, List.of(),
                        Inventories.ADDED, null, Optional.empty()))
                .add(entry("c-garbage-answer", leaf(garbage), null))
                .add(entry("d-forged-answer", forgedLeaf, null))
                .add(entry("e-replayed-answer", replayedLeaf, null))
                .add(RevocationFixtures.entry("f-stale-answer", Inventories.der(staleLeaf),
                        List.of(Inventories.der(CA.certificate())), Inventories.ADDED, "GOOD", Optional.empty()))
                .add(entry("g-good", good, null));

        HarnessRun run = harness().run();

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).extracting(ItemError::item).containsExactly("b-malformed");
        assertThat(inventory.statuses(CheckKind.REVOCATION)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a-good", "GOOD", "c-garbage-answer", "UNKNOWN", "d-forged-answer", "UNKNOWN",
                "e-replayed-answer", "UNKNOWN", "f-stale-answer", "UNKNOWN", "g-good", "GOOD"));
        assertThat(findingIds("c-garbage-answer")).containsExactly("OCSP_MALFORMED");
        assertThat(findingIds("d-forged-answer")).containsExactly("OCSP_BAD_SIGNATURE");
        assertThat(findingIds("e-replayed-answer")).containsExactly("OCSP_NONCE_MISMATCH");
        assertThat(findingIds("f-stale-answer")).containsExactly("OCSP_STALE");
        assertThat(run.auditEventsWithAction(RevocationRecorder.AUDIT_ACTION)).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo("f-stale-answer");
            assertThat(e.outcome()).isEqualTo("UNKNOWN");
            assertThat(e.details()).containsEntry("from", "GOOD").containsEntry("finding", "OCSP_STALE");
        });
        assertThat(run.counts().succeeded()).isEqualTo(6);
        assertThat(run.counts().failed()).isEqualTo(1);
    }

    @Test
    void aConnectorOffersOnlyWhatItsCapabilitiesSay() {
        CaConnector bare = new CaConnector() {
            @Override
            public String name() {
                return "bare";
            }

            @Override
            public Set<CaCapability> capabilities() {
                return EnumSet.noneOf(CaCapability.class);
            }
        };

        assertThat(bare.supports(CaCapability.REVOCATION_STATUS)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bare.revocationStatus(entry("x", leaf(responder), "bare")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("bare");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CaRevocationStatus(CaRevocationStatus.State.GOOD,
                Optional.of(REVOKED_AT), Optional.empty(), "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
