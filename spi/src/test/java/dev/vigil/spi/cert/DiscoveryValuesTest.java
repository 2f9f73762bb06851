package dev.vigil.spi.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveryValuesTest {

    @Test
    void anAssetsTextFormIsItsNameThenItsAddressInBracketsThenItsPort() {
        assertThat(DiscoveredAsset.of("web-01.example.com", "192.0.2.10", 443).toText())
                .isEqualTo("web-01.example.com[192.0.2.10]:443");
        assertThat(DiscoveredAsset.named("web-01.example.com", 443).toText()).isEqualTo("web-01.example.com:443");
        assertThat(DiscoveredAsset.atAddress("2001:db8::10", 8443).toText()).isEqualTo("[2001:db8::10]:8443");
    }

    @Test
    void theAssetsAttributeIsSortedWithoutRepeatsAndJoinedByCommaSpace() {
        String value = DiscoveredAsset.describe(List.of(DiscoveredAsset.named("b.example.com", 443),
                DiscoveredAsset.atAddress("192.0.2.1", 443), DiscoveredAsset.named("a.example.com", 8443),
                DiscoveredAsset.named("b.example.com", 443)));

        assertThat(value).isEqualTo("[192.0.2.1]:443, a.example.com:8443, b.example.com:443");
        assertThat(DiscoveredAsset.describe(List.of())).isEmpty();
    }

    @Test
    void anAssetNeedsANameOrAnAddressAndAPortInRange() {
        assertThatThrownBy(() -> new DiscoveredAsset(Optional.empty(), Optional.empty(), 443))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host name or an IP address");
        assertThatThrownBy(() -> DiscoveredAsset.named("web", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65535");
        assertThatThrownBy(() -> DiscoveredAsset.named("web", 65_536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAssetRejectsTheCharactersItsTextFormUses() {
        assertThatThrownBy(() -> DiscoveredAsset.named("a, b", 443)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoveredAsset.named("web:443", 443)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoveredAsset.atAddress("[::1]", 443)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DiscoveredAsset.named(" ", 443)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void aDiscoveredCertificateKeepsItsOwnCopyOfTheBytesAndMayHoldBadOnes() {
        byte[] bytes = {1, 2, 3};
        DiscoveredCertificate record = DiscoveredCertificate.of("q-1", bytes, List.of());
        bytes[0] = 9;
        record.der()[1] = 9;

        assertThat(record.der()).containsExactly(1, 2, 3);
        assertThat(DiscoveredCertificate.of("q-2", new byte[0], List.of()).der()).isEmpty();
        assertThat(record).isEqualTo(DiscoveredCertificate.of("q-1", new byte[] {1, 2, 3}, List.of()));
        assertThatThrownBy(() -> DiscoveredCertificate.of(" ", bytes, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewInventoryCertificateNeedsBytesAndAGroup() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        assertThatThrownBy(() -> new NewInventoryCertificate(new byte[0], "g", ManagementStatus.MANAGED, Map.of(), now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("der");
        assertThatThrownBy(() -> new NewInventoryCertificate(new byte[] {1}, " ", ManagementStatus.MANAGED, Map.of(), now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group");
        assertThat(new NewInventoryCertificate(new byte[] {1}, "g", ManagementStatus.MONITORED, Map.of("a", "b"), now))
                .isEqualTo(new NewInventoryCertificate(new byte[] {1}, "g", ManagementStatus.MONITORED, Map.of("a", "b"), now));
    }

    @Test
    void aPageHasNoNextCursorAfterTheLast() {
        assertThat(new DiscoveryPage(List.of(), Optional.empty()).nextCursor()).isEmpty();
        assertThatThrownBy(() -> new DiscoveryPage(List.of(), null)).isInstanceOf(NullPointerException.class);
    }
}
