package dev.vigil.spi.device;

import java.util.List;

/**
 * What a {@link DeviceConnector} read from one device: its certificates and its named objects.
 *
 * @param certificates the certificates on the device, in the device's order; copied; not null
 * @param objects the named objects on the device; copied; not null
 */
public record DeviceConfiguration(List<DeviceCertificate> certificates, List<DeviceObject> objects) {

    /**
     * Copies.
     *
     * @throws NullPointerException if a list or an element is null
     */
    public DeviceConfiguration {
        certificates = List.copyOf(certificates);
        objects = List.copyOf(objects);
    }
}
