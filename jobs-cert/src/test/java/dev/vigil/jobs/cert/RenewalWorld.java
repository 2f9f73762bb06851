package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.Job;
import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectorSettings;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateKeys;
import dev.vigil.spi.cert.CertificatePolicySource;
import dev.vigil.spi.cert.CertificateRenewals;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.RenewalRecord;
import dev.vigil.spi.cert.RenewalSettings;
import dev.vigil.testkit.FakeCaConnector;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCaConnectorSettings;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.InMemoryCertificateKeys;
import dev.vigil.testkit.InMemoryCertificatePolicySource;
import dev.vigil.testkit.InMemoryCertificateRenewals;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The renewal jobs' world for tests: an inventory of managed certificates issued 2026-01-01 for 90
 * days through the CA connector {@value #CA}, their keys at the host, renewal records, and a clock
 * at day 61 (past every certificate's renewal point: day 60 minus up to a day of jitter).
 */
final class RenewalWorld {
    static final String CA = "acme";
    static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant DUE = ISSUED.plus(Duration.ofDays(61));
    static final TestPki.Issued ROOT = TestPki.rootCa("CN=Renewal Test Root");

    final ManualClock clock = ManualClock.at(DUE);
    final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    final InMemoryCertificateRenewals renewals = new InMemoryCertificateRenewals(inventory);
    final InMemoryCertificateKeys keys = new InMemoryCertificateKeys();
    final InMemoryCaConnectorSettings settings = new InMemoryCaConnectorSettings()
            .renewal(CA, new RenewalSettings(true, true, OptionalInt.empty()));
    final InMemoryCertificatePolicySource policies = new InMemoryCertificatePolicySource();
    final FakeCaConnector ca = FakeCaConnector.named(CA).capabilities(CaCapability.RENEW, CaCapability.REGENERATE)
            .clock(clock);
    final List<CaConnector> connectors = new ArrayList<>(List.of(ca));

    /** Adds a managed certificate for {@code ID.example.com} with the key, through {@value #CA}. */
    X509Certificate add(String id, KeyPair key) {
        return add(id, key, CA);
    }

    X509Certificate add(String id, KeyPair key, String connector) {
        X509Certificate certificate = TestPki.leaf(ROOT).subject("CN=" + id + ".example.com").keys(key)
                .validFor(ISSUED, Duration.ofDays(90)).dnsNames(id + ".example.com", "www." + id + ".example.com")
                .issue();
        inventory.add(new InventoryCertificate(id, Inventories.der(certificate), List.of(Inventories.der(ROOT.certificate())),
                "web", ManagementStatus.MANAGED, Optional.of(connector), Map.of("owner", "team-a"), List.of(), List.of(),
                ISSUED, Map.of()));
        keys.put(id, key.getPrivate());
        return certificate;
    }

    JobHarness harness(Job job) {
        return JobHarness.forJob(job).clock(clock).service(CertificateInventory.class, inventory)
                .service(CaConnectors.class, FakeCaConnector.registry(connectors.toArray(CaConnector[]::new)))
                .service(CaConnectorSettings.class, settings).service(CertificateRenewals.class, renewals)
                .service(CertificateKeys.class, keys).service(CertificatePolicySource.class, policies);
    }

    HarnessRun renew() {
        return harness(new AutoRenewJob()).run();
    }

    HarnessRun regenerate() {
        return harness(new AutoRegenerateJob()).run();
    }

    HarnessRun poll(String certificateId) {
        return harness(new PollingRequestJob()).parameter(PollingRequestJob.CERTIFICATE_ID, certificateId).run();
    }

    RenewalRecord record(String certificateId) {
        return renewals.record(certificateId).orElseThrow(() -> new AssertionError("no renewal record for "
                + certificateId));
    }

    InventoryCertificate certificate(String id) {
        return inventory.certificate(id).orElseThrow(() -> new AssertionError("no certificate " + id));
    }

    X509Certificate parsed(String id) {
        try {
            return CertificateScan.parse(certificate(id).der());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** @return what a run reported, for assertion messages */
    static String describe(HarnessRun run) {
        return run.returned().map(r -> r.outcome() + " " + r.message() + " " + r.itemErrors())
                .orElseGet(() -> String.valueOf(run.thrown().orElseThrow()));
    }

    static byte[] csrKey(byte[] csr) {
        try {
            return new PKCS10CertificationRequest(csr).getSubjectPublicKeyInfo().getEncoded();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static boolean sameKey(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
