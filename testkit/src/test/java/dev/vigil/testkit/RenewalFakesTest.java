package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.cert.CaCapability;
import dev.vigil.spi.cert.CaOrder;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.RenewalAction;
import dev.vigil.spi.cert.RenewalRecord;
import dev.vigil.spi.cert.RenewalStep;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenewalFakesTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static InventoryCertificate old(String id) {
        return new InventoryCertificate(id, new byte[] {1}, List.of(), "web", ManagementStatus.MANAGED,
                Optional.of("acme"), Map.of("k", "v"), List.of(), List.of(), NOW, Map.of());
    }

    @Test
    void renewalRecordsAreCompareAndSetOnTheirVersion() {
        InMemoryCertificateRenewals renewals = new InMemoryCertificateRenewals(new InMemoryCertificateInventory());
        RenewalRecord started = RenewalRecord.started("c1", "acme", RenewalAction.RENEW, "r1", 0, NOW, NOW);

        assertThat(renewals.save(started, 1)).isFalse();
        assertThat(renewals.save(started, 0)).isTrue();
        assertThat(renewals.save(started, 0)).isFalse();
        assertThat(renewals.find("c1")).hasValueSatisfying(r -> assertThat(r.version()).isEqualTo(1));
        assertThat(renewals.save(started, 1)).isTrue();
        assertThat(renewals.history()).hasSize(2);
    }

    @Test
    void storingAnIssuedCertificateIsIdempotentPerRequestAndCrashesAfterTheWrite() {
        InMemoryCertificateInventory inventory = new InMemoryCertificateInventory().add(old("c1"));
        InMemoryCertificateRenewals renewals = new InMemoryCertificateRenewals(inventory).crashOnStoreIssued();
        RenewalRecord record = RenewalRecord.started("c1", "acme", RenewalAction.RENEW, "r1", 0, NOW, NOW);

        assertThatThrownBy(() -> renewals.storeIssued(record, new byte[] {7}, List.of())).isInstanceOf(SimulatedCrash.class);
        String id = renewals.storeIssued(record, new byte[] {7}, List.of());

        assertThat(inventory.size()).isEqualTo(2);
        assertThat(renewals.links()).containsEntry("c1", id);
        assertThat(inventory.certificate(id)).hasValueSatisfying(c -> {
            assertThat(c.group()).isEqualTo("web");
            assertThat(c.caConnector()).contains("acme");
        });
        assertThat(renewals.crashesFired()).hasSize(1);
    }

    @Test
    void keysSignWithTheRealKeyAndPromotePendingKeysOnce() throws Exception {
        KeyPair key = ecKey();
        KeyPair fresh = ecKey();
        InMemoryCertificateKeys keys = new InMemoryCertificateKeys().put("c1", key.getPrivate());

        byte[] signature = keys.sign("c1", "SHA256withECDSA", new byte[] {1, 2});
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key.getPublic());
        verifier.update(new byte[] {1, 2});
        assertThat(verifier.verify(signature)).isTrue();
        assertThatThrownBy(() -> keys.sign("nope", "SHA256withECDSA", new byte[] {1}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope");

        keys.storePendingKey("r1", fresh.getPrivate().getEncoded());
        assertThat(keys.hasPendingKey("r1")).isTrue();
        keys.promoteKey("r1", "c2");
        keys.promoteKey("r1", "c2");
        assertThat(keys.pendingKeys()).isEmpty();
        assertThat(keys.key("c2")).contains(fresh.getPrivate());
        assertThatThrownBy(() -> keys.promoteKey("r1", "c3")).isInstanceOf(IllegalStateException.class);
        keys.storePendingKey("r2", fresh.getPrivate().getEncoded());
        keys.discardPendingKey("r2");
        assertThat(keys.discarded()).containsExactly("r2");
    }

    @Test
    void theFakeCaIssuesRealCertificatesIdempotentlyPerRequest() throws Exception {
        ManualClock clock = ManualClock.at(NOW);
        FakeCaConnector ca = FakeCaConnector.named("acme").capabilities(CaCapability.RENEW).clock(clock)
                .issueAfterPolls(1);
        byte[] csr = Csrs.selfSigned(ecKey());
        var request = new dev.vigil.spi.cert.CertificateOrderRequest("r1", RenewalAction.RENEW, old("c1"), csr);

        CaOrder first = ca.submit(request);
        CaOrder again = ca.submit(request);
        CaOrder issued = ca.pollOrder(first.orderId());

        assertThat(first.state()).isEqualTo(CaOrder.State.PENDING);
        assertThat(again.orderId()).isEqualTo(first.orderId());
        assertThat(ca.ordersPlaced("r1")).isEqualTo(1);
        assertThat(issued.state()).isEqualTo(CaOrder.State.ISSUED);
        var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(issued.certificate().orElseThrow()));
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(issued.chain()).singleElement().isEqualTo(ca.issuingCaCertificate());
    }
}
