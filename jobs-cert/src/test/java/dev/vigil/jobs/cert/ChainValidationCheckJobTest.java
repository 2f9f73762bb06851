package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.FetchException;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.TrustAnchorSource;
import dev.vigil.spi.cert.UrlFetcher;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.net.URI;
import java.security.cert.CRLException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainValidationCheckJobTest {
    /** Inside the validity of every default TestPki certificate (leaves: 2026-01-01 for 90 days). */
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=Chain Job Root");
    private static final TestPki.Issued INTERMEDIATE = TestPki.intermediate(ROOT, "CN=Chain Job Int").issueWithKey();
    private static final TestPki.Issued STRANGER = TestPki.rootCa("CN=Chain Job Stranger Root");
    private static final String INT_URL = "http://ca.test/int.cer";
    private static final String DEAD_URL = "http://dead.test/int.cer";
    private static final String CRL_URL = "http://ca.test/int.crl";

    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final FakeFetcher fetcher = new FakeFetcher();

    private static TestPki.CertificateSpec leaf(String name) {
        return TestPki.leaf(INTERMEDIATE).subject("CN=" + name + ".example.com").dnsNames(name + ".example.com");
    }

    private static InventoryCertificate entry(String id, X509Certificate leaf, byte[]... chain) {
        return entry(id, Inventories.der(leaf), Map.of(), chain);
    }

    private static InventoryCertificate entry(String id, byte[] der, Map<CheckKind, String> statuses, byte[]... chain) {
        return new InventoryCertificate(id, der, List.of(chain), "default", ManagementStatus.MANAGED, Optional.empty(),
                Map.of(), List.of(), List.of(), Inventories.ADDED, statuses);
    }

    private static byte[] intermediate() {
        return Inventories.der(INTERMEDIATE.certificate());
    }

    private HarnessRun run(Map<String, String> parameters) {
        TrustAnchorSource anchors = () -> List.of(ROOT.certificate());
        return JobHarness.forJob(new ChainValidationCheckJob()).clock(ManualClock.at(NOW))
                .service(CertificateInventory.class, inventory).service(TrustAnchorSource.class, anchors)
                .service(UrlFetcher.class, fetcher).parameters(parameters).run();
    }

    private List<String> findingIds(String id) {
        return inventory.check(id, CheckKind.CHAIN).orElseThrow().findings().stream().map(CheckFinding::id).toList();
    }

    @Test
    void eachCertificateGetsItsChainStatusWithEveryProblemAsAFinding() {
        inventory.add(entry("valid", leaf("valid").issue(), intermediate()))
                .add(entry("expired", leaf("expired").validity(NOW.minus(Duration.ofDays(60)), NOW.minusSeconds(1))
                        .issue(), intermediate()))
                .add(entry("not-yet", leaf("not-yet").validity(NOW.plusSeconds(60), NOW.plus(Duration.ofDays(30)))
                        .issue(), intermediate()))
                .add(entry("no-chain", leaf("no-chain").issue()))
                .add(entry("stranger", TestPki.leaf(STRANGER).subject("CN=stranger").issue()));

        HarnessRun run = run(Map.of());

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().succeeded()).isEqualTo(5);
        assertThat(inventory.statuses(CheckKind.CHAIN)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "valid", "VALID", "expired", "EXPIRED", "not-yet", "NOT_YET_VALID", "no-chain", "INCOMPLETE_CHAIN",
                "stranger", "INCOMPLETE_CHAIN"));
        assertThat(findingIds("valid")).isEmpty();
        assertThat(findingIds("expired")).containsExactly("EXPIRED");
        assertThat(inventory.check("expired", CheckKind.CHAIN).orElseThrow().findings().get(0).detail())
                .startsWith("CN=expired.example.com (path position 0)");
        assertThat(inventory.check("valid", CheckKind.CHAIN).orElseThrow().checkedAt()).isEqualTo(NOW);
        assertThat(fetcher.calls).isEmpty();
    }

    @Test
    void aMissingIntermediateIsFetchedFromCaIssuersOncePerRunWithAByteCap() {
        fetcher.serve(INT_URL, intermediate());
        inventory.add(entry("a-aia", leaf("a-aia").caIssuers(INT_URL).issue()))
                .add(entry("b-aia", leaf("b-aia").caIssuers(INT_URL).issue()));

        run(Map.of());

        assertThat(inventory.statuses(CheckKind.CHAIN)).containsOnly(Map.entry("a-aia", "VALID"),
                Map.entry("b-aia", "VALID"));
        assertThat(fetcher.calls).containsExactly(URI.create(INT_URL));
        assertThat(fetcher.maxBytesAsked).containsExactly((long) ChainValidationCheckJob.MAX_AIA_BYTES);
    }

    @Test
    void fetchesPerCertificateAreBoundedByAParameter() {
        fetcher.serve(INT_URL, intermediate());
        inventory.add(entry("aia", leaf("aia").caIssuers(INT_URL).issue()));

        run(Map.of(ChainValidationCheckJob.MAX_AIA_FETCHES, "0"));

        assertThat(inventory.statuses(CheckKind.CHAIN)).containsEntry("aia", "INCOMPLETE_CHAIN");
        assertThat(inventory.check("aia", CheckKind.CHAIN).orElseThrow().findings().get(0).detail())
                .contains("limit of 0 fetches");
        assertThat(fetcher.calls).isEmpty();
    }

    @Test
    void anUnreachableCaIssuersUrlIsAnIncompleteChainNamingTheUrlAndTheOthersAreStillChecked() {
        inventory.add(entry("a-dead", leaf("a-dead").caIssuers(DEAD_URL).issue()))
                .add(entry("b-valid", leaf("b-valid").issue(), intermediate()));

        HarnessRun run = run(Map.of());

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(inventory.statuses(CheckKind.CHAIN)).containsOnly(Map.entry("a-dead", "INCOMPLETE_CHAIN"),
                Map.entry("b-valid", "VALID"));
        assertThat(inventory.check("a-dead", CheckKind.CHAIN).orElseThrow().findings()).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains(DEAD_URL).contains("connection refused"));
    }

    @Test
    void aMalformedCertificateIsThatCertificatesErrorAndAMalformedIntermediateAFinding() {
        inventory.add(entry("a-valid", leaf("a-valid").issue(), intermediate()))
                .add(entry("b-garbage", new byte[] {0x30, 0x03, 0x02, 0x01}, Map.of()))
                .add(entry("c-bad-intermediate", leaf("c-bad").issue(), new byte[] {0x30, 0x00}, intermediate()));

        HarnessRun run = run(Map.of());

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.counts().succeeded()).isEqualTo(2);
        assertThat(run.counts().failed()).isEqualTo(1);
        assertThat(run.result().itemErrors()).extracting(ItemError::item).containsExactly("b-garbage");
        assertThat(run.result().itemErrors().get(0).message()).startsWith("not a readable X.509 certificate");
        assertThat(inventory.statuses(CheckKind.CHAIN)).containsOnlyKeys("a-valid", "c-bad-intermediate")
                .containsEntry("a-valid", "VALID");
        assertThat(findingIds("c-bad-intermediate")).containsExactly("MALFORMED_CERTIFICATE");
        assertThat(inventory.check("c-bad-intermediate", CheckKind.CHAIN).orElseThrow().findings().get(0).detail())
                .startsWith("intermediate #0");
    }

    @Test
    void revocationIsCheckedAgainstTheCrlsOnlyWhenAsked() throws CRLException {
        X509Certificate revoked = leaf("revoked").crlDistributionPoints(CRL_URL).issue();
        X509Certificate good = leaf("good").crlDistributionPoints(CRL_URL).issue();
        fetcher.serve(CRL_URL, TestPki.crl(INTERMEDIATE).updates(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(6)))
                .revoke(revoked.getSerialNumber(), NOW.minus(Duration.ofDays(2))).issue().getEncoded());
        inventory.add(entry("revoked", revoked, intermediate())).add(entry("good", good, intermediate()));

        run(Map.of());
        assertThat(inventory.statuses(CheckKind.CHAIN)).containsOnly(Map.entry("revoked", "VALID"),
                Map.entry("good", "VALID"));
        assertThat(fetcher.calls).isEmpty();

        run(Map.of(ChainValidationCheckJob.CHECK_REVOCATION, "true"));
        assertThat(inventory.statuses(CheckKind.CHAIN)).containsOnly(Map.entry("revoked", "REVOKED"),
                Map.entry("good", "VALID"));
        assertThat(findingIds("revoked")).containsExactly("REVOKED", "REVOCATION_UNKNOWN");
        assertThat(inventory.check("good", CheckKind.CHAIN).orElseThrow().findings()).singleElement()
                .satisfies(f -> {
                    assertThat(f.id()).isEqualTo("REVOCATION_UNKNOWN");
                    assertThat(f.severity()).isEqualTo(CheckFinding.Severity.NOTICE);
                    assertThat(f.detail()).startsWith("CN=Chain Job Int");
                });
        assertThat(fetcher.calls).containsExactly(URI.create(CRL_URL));
    }

    @Test
    void aChangedStatusIsAuditedAndAnUnchangedOneIsNot() {
        X509Certificate expired = leaf("expired").validity(NOW.minus(Duration.ofDays(60)), NOW.minusSeconds(1)).issue();
        inventory.add(entry("was-valid", Inventories.der(expired), Map.of(CheckKind.CHAIN, "VALID"), intermediate()))
                .add(entry("was-expired", Inventories.der(expired), Map.of(CheckKind.CHAIN, "EXPIRED"), intermediate()));

        HarnessRun run = run(Map.of());

        assertThat(run.auditEventsWithAction("certificate.chain-status-changed")).singleElement().satisfies(e -> {
            assertThat(e.target()).isEqualTo("was-valid");
            assertThat(e.outcome()).isEqualTo("EXPIRED");
            assertThat(e.details()).containsEntry("from", "VALID").containsEntry("problems", "EXPIRED");
        });
    }

    @Test
    void theTrustAnchorsAreARequiredServiceAndNoAnchorFailsTheRunClearly() {
        inventory.add(entry("valid", leaf("valid").issue(), intermediate()));

        assertThatThrownBy(() -> JobHarness.forJob(new ChainValidationCheckJob())
                .service(CertificateInventory.class, inventory).run())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TrustAnchorSource");
        HarnessRun run = JobHarness.forJob(new ChainValidationCheckJob()).clock(ManualClock.at(NOW))
                .service(CertificateInventory.class, inventory).service(TrustAnchorSource.class, List::of).run();
        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.thrown().orElseThrow()).hasMessageContaining("no trust anchor");
        assertThat(inventory.statuses(CheckKind.CHAIN)).isEmpty();
    }

    /** Serves fixed bodies per URL and refuses the others, recording each fetch and its cap. */
    private static final class FakeFetcher implements UrlFetcher {
        private final Map<URI, byte[]> bodies = new HashMap<>();
        final List<URI> calls = new ArrayList<>();
        final List<Long> maxBytesAsked = new ArrayList<>();

        void serve(String url, byte[] body) {
            bodies.put(URI.create(url), body);
        }

        @Override
        public byte[] fetch(URI uri, long maxBytes) {
            calls.add(uri);
            maxBytesAsked.add(maxBytes);
            byte[] body = bodies.get(uri);
            if (body == null) {
                throw new FetchException(uri, "connection refused by " + uri.getHost(), null);
            }
            return body.clone();
        }
    }
}
