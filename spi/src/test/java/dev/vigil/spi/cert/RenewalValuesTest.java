package dev.vigil.spi.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RenewalValuesTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final InventoryCertificate CERTIFICATE = new InventoryCertificate("c1", new byte[] {1, 2}, List.of(),
            "web", ManagementStatus.MANAGED, Optional.of("acme"), Map.of(), List.of(), List.of(), NOW, Map.of());

    @Test
    void aConnectorWithoutRenewalOperationsRefusesThemAndSettingsDefaultToDisabled() {
        CaConnector connector = new CaConnector() {
            @Override
            public String name() {
                return "old";
            }

            @Override
            public Set<CaCapability> capabilities() {
                return Set.of();
            }
        };
        CaConnectorSettings settings = new CaConnectorSettings() {
            @Override
            public Set<String> connectorNames() {
                return Set.of("old");
            }

            @Override
            public Optional<java.time.Duration> maximumValidity(String connectorName) {
                return Optional.empty();
            }

            @Override
            public void setMaximumValidity(String connectorName, java.time.Duration maximumValidity) {
            }
        };

        assertThatThrownBy(() -> connector.submit(new CertificateOrderRequest("r1", RenewalAction.RENEW, CERTIFICATE,
                new byte[] {1}))).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("old");
        assertThatThrownBy(() -> connector.pollOrder("o1")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(settings.renewalSettings("old")).isEqualTo(RenewalSettings.disabled());
        assertThat(RenewalSettings.disabled().enables(RenewalAction.RENEW)).isFalse();
    }

    @Test
    void renewalSettingsRejectAThresholdOutOfRange() {
        assertThatThrownBy(() -> new RenewalSettings(true, false, OptionalInt.of(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thresholdDays");
        assertThat(RenewalSettings.disabled().autoRegenerate(true).thresholdDays(30).enables(RenewalAction.REGENERATE))
                .isTrue();
    }

    @Test
    void anOrderRequestCopiesItsBytesAndDoesNotPrintThem() {
        byte[] csr = {9, 9, 9};
        CertificateOrderRequest request = new CertificateOrderRequest("r1", RenewalAction.REGENERATE, CERTIFICATE, csr);
        csr[0] = 0;

        assertThat(request.csr()).containsExactly(9, 9, 9);
        assertThat(request.toString()).contains("r1", "3 bytes").doesNotContain("[9");
        assertThatThrownBy(() -> new CertificateOrderRequest(" ", RenewalAction.RENEW, CERTIFICATE, csr))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CertificateOrderRequest("r", RenewalAction.RENEW, CERTIFICATE, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderCarriesACertificateExactlyWhenIssued() {
        CaOrder issued = CaOrder.issued("o1", new byte[] {1}, List.of(new byte[] {2}));

        assertThat(issued.certificate()).hasValueSatisfying(c -> assertThat(c).containsExactly(1));
        assertThat(issued).isEqualTo(CaOrder.issued("o1", new byte[] {1}, List.of(new byte[] {2})));
        assertThat(CaOrder.pending("o1", "waiting").certificate()).isEmpty();
        assertThatThrownBy(() -> new CaOrder(CaOrder.State.PENDING, "o1", Optional.of(new byte[] {1}), List.of(), ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CaOrder.rejected(" ", "no")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordAtAStepMustHoldWhatTheStepImplies() {
        RenewalRecord started = RenewalRecord.started("c1", "acme", RenewalAction.RENEW, "r1", 0, NOW, NOW);

        assertThat(started.version()).isZero();
        assertThat(started.withVersion(4).version()).isEqualTo(4);
        assertThat(started.toString()).contains("c1", "STARTED", "r1");
        assertThatThrownBy(() -> new RenewalRecord("c1", "acme", RenewalAction.RENEW, RenewalStep.SUBMITTED, "r1",
                new byte[] {1}, Optional.empty(), Optional.empty(), List.of(), Optional.empty(), 0, Optional.empty(), NOW,
                NOW, Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order id");
        assertThatThrownBy(() -> new RenewalRecord("c1", "acme", RenewalAction.RENEW, RenewalStep.CSR_READY, "r1",
                new byte[0], Optional.empty(), Optional.empty(), List.of(), Optional.empty(), 0, Optional.empty(), NOW,
                NOW, Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSR");
        assertThat(RenewalStep.FAILED.terminal()).isTrue();
        assertThat(RenewalStep.SUBMITTED.terminal()).isFalse();
        assertThat(RenewalAction.REGENERATE.capability()).isEqualTo(CaCapability.REGENERATE);
    }
}
