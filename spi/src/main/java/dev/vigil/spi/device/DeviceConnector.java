package dev.vigil.spi.device;

/**
 * Reaches one kind of device (an F5 BIG-IP, a FortiGate, a cloud account…) on the host's behalf,
 * with the credentials the host holds. Implementations must be safe for use by several threads at
 * once, apply their own connect and read timeouts, and never put a credential in an exception
 * message: the device jobs record the message in the run's item errors.
 */
public interface DeviceConnector {

    /** @return the connector's name, as {@link Device#connectorName()} refers to it; not blank */
    String name();

    /**
     * Reads the certificates and named objects on a device.
     *
     * @param device the device; managed; not null
     * @return what it holds, never null
     * @throws RuntimeException if the device cannot be reached or read; its message says why (never
     *     a credential), and only this device's synchronisation fails
     */
    DeviceConfiguration synchronise(Device device);

    /**
     * Asks a device for its server status.
     *
     * @param device the device; managed; not null
     * @return its status, never null; a connector may return {@link DeviceStatus#unreachable} instead
     *     of throwing
     * @throws RuntimeException if the device cannot be reached; its message says why (never a
     *     credential), and the job records the device as unreachable with that message
     */
    DeviceStatus status(Device device);
}
