package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.cert.DiscoveredCertificate;
import dev.vigil.spi.cert.DiscoveryPage;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.NewInventoryCertificate;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveryImportFakesTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final byte[] BYTES = {0x30, 0x01, 0x00};

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static NewInventoryCertificate newCertificate(byte[] der, String group) {
        return new NewInventoryCertificate(der, group, ManagementStatus.MONITORED, Map.of("Assets", "a:1"), T);
    }

    @Test
    void discoverySourceServesItsRecordsPageByPageInTheOrderAdded() {
        InMemoryDiscoverySource source = new InMemoryDiscoverySource("qualys");
        for (int i = 0; i < 5; i++) {
            source.add("r-" + i, new byte[] {(byte) i});
        }

        DiscoveryPage first = source.page(Optional.empty(), 2);
        DiscoveryPage second = source.page(first.nextCursor(), 2);
        DiscoveryPage third = source.page(second.nextCursor(), 2);

        assertThat(first.items()).extracting(DiscoveredCertificate::sourceRecordId).containsExactly("r-0", "r-1");
        assertThat(second.items()).extracting(DiscoveredCertificate::sourceRecordId).containsExactly("r-2", "r-3");
        assertThat(third.items()).extracting(DiscoveredCertificate::sourceRecordId).containsExactly("r-4");
        assertThat(third.nextCursor()).isEmpty();
        assertThat(source.pagesServed()).isEqualTo(3);
        assertThat(source.name()).isEqualTo("qualys");
    }

    @Test
    void discoverySourceFailsOnDemandFromAGivenPageAndRecovers() {
        InMemoryDiscoverySource source = new InMemoryDiscoverySource("qualys")
                .add("r-1", BYTES).add("r-2", BYTES).add("r-3", BYTES)
                .failFromPage(2, new IllegalStateException("connection refused"));

        DiscoveryPage first = source.page(Optional.empty(), 2);
        assertThatThrownBy(() -> source.page(first.nextCursor(), 2)).hasMessage("connection refused");

        source.recover();
        assertThat(source.page(first.nextCursor(), 2).items()).hasSize(1);
        source.failWith(new IllegalStateException("down"));
        assertThatThrownBy(() -> source.page(Optional.empty(), 2)).hasMessage("down");
    }

    @Test
    void anEmptySourceServesOneEmptyLastPage() {
        DiscoveryPage page = new InMemoryDiscoverySource("empty").page(Optional.empty(), 10);

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void inventoryFindsAnImportedCertificateBySha256OfItsBytes() throws Exception {
        InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
        inventory.createGroup("g");

        String id = inventory.add(newCertificate(BYTES, "g"));

        assertThat(id).isEqualTo("imported-00001");
        assertThat(inventory.findBySha256(sha256(BYTES))).contains(id);
        assertThat(inventory.findBySha256(sha256(new byte[] {9}))).isEmpty();
        InventoryCertificate held = inventory.certificate(id).orElseThrow();
        assertThat(held.group()).isEqualTo("g");
        assertThat(held.status()).isEqualTo(ManagementStatus.MONITORED);
        assertThat(held.attributes()).containsEntry("Assets", "a:1");
        assertThat(held.addedAt()).isEqualTo(T);
    }

    @Test
    void inventoryRefusesAnImportIntoAMissingGroupOrOfACertificateItHolds() {
        InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();

        assertThatThrownBy(() -> inventory.add(newCertificate(BYTES, "nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope' does not exist");
        inventory.createGroup("g");
        inventory.add(newCertificate(BYTES, "g"));
        assertThatThrownBy(() -> inventory.add(newCertificate(BYTES, "g")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imported-00001");
    }

    @Test
    void aGroupExistsOnceCreatedOrOnceACertificateIsAddedToIt() {
        InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
        inventory.createGroup("b");
        inventory.add(new InventoryCertificate("c-1", BYTES, List.of(), "a", ManagementStatus.MANAGED, Optional.empty(),
                Map.of(), List.of(), List.of(), T, Map.of()));

        assertThat(inventory.groupExists("a")).isTrue();
        assertThat(inventory.groupExists("b")).isTrue();
        assertThat(inventory.groupExists("c")).isFalse();
        assertThat(inventory.groups()).containsExactly("a", "b");
    }

    @Test
    void updatingAttributesMergesThemAndLeavesGroupAndStatusAlone() {
        InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
        inventory.add(new InventoryCertificate("c-1", BYTES, List.of(), "a", ManagementStatus.MANAGED, Optional.empty(),
                Map.of("DiscoverySource", "scan", "Assets", "old:1"), List.of(), List.of(), T, Map.of()));

        assertThat(inventory.updateAttributes("c-1", Map.of("Assets", "new:2", "extra", "x"))).isTrue();
        assertThat(inventory.updateAttributes("gone", Map.of("Assets", "new:2"))).isFalse();

        InventoryCertificate c = inventory.certificate("c-1").orElseThrow();
        assertThat(c.attributes()).containsExactlyInAnyOrderEntriesOf(
                Map.of("DiscoverySource", "scan", "Assets", "new:2", "extra", "x"));
        assertThat(c.group()).isEqualTo("a");
        assertThat(c.status()).isEqualTo(ManagementStatus.MANAGED);
    }

    @Test
    void aDeletedCertificateIsNoLongerFoundBySha256() throws Exception {
        InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
        inventory.createGroup("g");
        String id = inventory.add(newCertificate(BYTES, "g"));

        inventory.delete(id);

        assertThat(inventory.findBySha256(sha256(BYTES))).isEmpty();
    }
}
