package dev.vigil.examples;

import dev.vigil.core.Vigil;
import dev.vigil.jobs.cert.AutoRenewJob;
import dev.vigil.jobs.cert.DeviceSyncJob;
import dev.vigil.spi.cert.CaConnector;
import dev.vigil.spi.cert.CaConnectorSettings;
import dev.vigil.spi.cert.CaConnectors;
import dev.vigil.spi.cert.CertificateKeys;
import dev.vigil.spi.cert.CertificateRenewals;
import dev.vigil.spi.cert.ManagementStatus;
import dev.vigil.spi.cert.RenewalSettings;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.device.Device;
import dev.vigil.spi.device.DeviceCertificate;
import dev.vigil.spi.device.DeviceConfiguration;
import dev.vigil.spi.device.DeviceConnectors;
import dev.vigil.spi.device.DeviceInventory;
import dev.vigil.spi.device.DeviceType;
import dev.vigil.spi.cert.InventoryCertificate;
import dev.vigil.spi.cert.InventoryImport;
import dev.vigil.testkit.FakeDeviceConnector;
import dev.vigil.testkit.InMemoryCaConnectorSettings;
import dev.vigil.testkit.InMemoryCertificateKeys;
import dev.vigil.testkit.InMemoryCertificateRenewals;
import dev.vigil.testkit.InMemoryCertificateInventory;
import dev.vigil.testkit.InMemoryDeviceInventory;
import java.io.IOException;
import java.io.PrintStream;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The certificate side of the demo host: the adapters a certificate-lifecycle product would write
 * against its own inventory, devices and CA, here in memory and rebuilt at each demo. It gives the
 * certificate jobs their services, so that the demo can trigger them:
 * <ul>
 *   <li>{@code cert.device-sync} over five devices, four managed: each managed device's child starts
 *       {@value #DEVICE_DELAY_SECONDS} s after the previous one (the host setting
 *       {@code MISC_SYNC_QUEUE_DELAY_IN_SEC}), and {@code forti-01} cannot be reached, which fails
 *       only its own child.
 *   <li>{@code cert.auto-renew} of {@code portal.example.com}, 80 days into its 90: the job signs a
 *       CSR with the certificate's key (held by the host), submits it to the {@link DemoCaConnector},
 *       and hands the order to a {@code cert.polling-request} run, which collects the new certificate
 *       from the CA and stores it in the inventory, linked to the old one.
 * </ul>
 * The inventory, device, renewal and key stores are the testkit's in-memory ones; the certificates
 * come from a demo CA made with BouncyCastle at start.
 */
final class DemoCertificateHost {
    /** Seconds between two devices' synchronisations in the demo. */
    static final int DEVICE_DELAY_SECONDS = 3;
    /** The device connector's name. */
    static final String DEVICE_CONNECTOR = "demo-devices";

    private final Clock clock;
    private final InMemoryCertificateInventory inventory = new InMemoryCertificateInventory();
    private final InMemoryDeviceInventory devices = new InMemoryDeviceInventory();
    private final FakeDeviceConnector deviceConnector = new FakeDeviceConnector(DEVICE_CONNECTOR);
    private final InMemoryCertificateRenewals renewals = new InMemoryCertificateRenewals(inventory);
    private final InMemoryCertificateKeys keys = new InMemoryCertificateKeys();
    private final CaConnector ca;

    /** @param clock the engine's clock: validities are set around its present */
    DemoCertificateHost(Clock clock) {
        this.clock = clock;
        Instant now = clock.instant();
        DemoPki pki = new DemoPki("Vigil Demo CA", now.minus(Duration.ofDays(365)), now.plus(Duration.ofDays(3650)));
        ca = new DemoCaConnector(pki, clock);
        KeyPair portalKey = DemoPki.ecKeyPair();
        byte[] portal = pki.issue("portal.example.com", portalKey.getPublic(), now.minus(Duration.ofDays(80)),
                now.plus(Duration.ofDays(10)));
        inventory.add(new InventoryCertificate("portal-2026", portal, List.of(pki.caCertificate()), "web",
                ManagementStatus.MANAGED, Optional.of(DemoCaConnector.NAME), Map.of(), List.of(), List.of(),
                now.minus(Duration.ofDays(80)), Map.of()));
        keys.put("portal-2026", portalKey.getPrivate());
        byte[] shop = pki.issue("shop.example.com", DemoPki.ecKeyPair().getPublic(), now.minus(Duration.ofDays(30)),
                now.plus(Duration.ofDays(60)));
        byte[] api = pki.issue("api.example.com", DemoPki.ecKeyPair().getPublic(), now.minus(Duration.ofDays(10)),
                now.plus(Duration.ofDays(80)));
        byte[] vpn = pki.issue("vpn.example.com", DemoPki.ecKeyPair().getPublic(), now.minus(Duration.ofDays(100)),
                now.plus(Duration.ofDays(265)));
        devices.add(new Device("bigip-01", "bigip-01.dc1", DeviceType.ADC, true, DEVICE_CONNECTOR))
                .add(new Device("bigip-02", "bigip-02.dc1", DeviceType.ADC, true, DEVICE_CONNECTOR))
                .add(new Device("forti-01", "forti-01.edge", DeviceType.FIREWALL, true, DEVICE_CONNECTOR))
                .add(new Device("nginx-01", "nginx-01.dc2", DeviceType.SERVER, true, DEVICE_CONNECTOR))
                .add(new Device("lab-01", "lab-01.test", DeviceType.SERVER, false, DEVICE_CONNECTOR));
        deviceConnector
                .returns("bigip-01", configuration(DeviceCertificate.of(shop, "vs-shop-443"),
                        DeviceCertificate.of(api, "vs-api-443")))
                .returns("bigip-02", configuration(DeviceCertificate.of(shop, "vs-shop-443")))
                .returns("nginx-01", configuration(DeviceCertificate.of(vpn, "/etc/nginx/tls/vpn.pem")))
                .unreachable("forti-01", "connection to forti-01.edge:443 timed out (simulated)");
    }

    private static DeviceConfiguration configuration(DeviceCertificate... certificates) {
        return new DeviceConfiguration(List.of(certificates), List.of());
    }

    /**
     * @param engine the demo's engine builder
     * @return it, with the certificate services and the device delay setting
     */
    Vigil.Builder wire(Vigil.Builder engine) {
        return engine
                .service(CertificateInventory.class, inventory)
                .service(InventoryImport.class, inventory)
                .service(DeviceInventory.class, devices)
                .service(DeviceConnectors.class, DeviceConnectors.of(deviceConnector))
                .service(CaConnectors.class, name -> Optional.of(ca).filter(c -> c.name().equals(name)))
                .service(CaConnectorSettings.class, new InMemoryCaConnectorSettings().renewal(DemoCaConnector.NAME,
                        RenewalSettings.disabled().autoRenew(true)))
                .service(CertificateRenewals.class, renewals)
                .service(CertificateKeys.class, keys)
                .setting(DeviceSyncJob.DELAY_SETTING, Integer.toString(DEVICE_DELAY_SECONDS));
    }

    /** @return the job types the demo triggers at its start */
    List<String> triggeredAtStart() {
        return List.of(DeviceSyncJob.TYPE, AutoRenewJob.TYPE);
    }

    private static X509CertificateHolder parse(byte[] der) {
        try {
            return new X509CertificateHolder(der);
        } catch (IOException e) {
            throw new IllegalStateException("the demo inventory holds a malformed certificate: " + e.getMessage(), e);
        }
    }

    /** Prints what the inventory holds at the end: each certificate and the devices it was found on. */
    void printInventory(PrintStream out) {
        List<InventoryCertificate> certificates = inventory.certificates();
        out.println("Certificate inventory: " + certificates.size() + " certificates");
        Map<String, String> replacedBy = renewals.links();
        TextTable table = new TextTable("ID", "SUBJECT", "NOT AFTER", "STATUS", "DEVICES", "REPLACED BY");
        for (InventoryCertificate c : certificates) {
            X509CertificateHolder parsed = parse(c.der());
            table.row(c.id(), parsed.getSubject().toString(), parsed.getNotAfter().toInstant().toString(),
                    c.status().name(), c.attributes().getOrDefault(DeviceInventory.DEVICES_ATTRIBUTE, "-"),
                    replacedBy.getOrDefault(c.id(), "-"));
        }
        table.print(out);
    }
}
