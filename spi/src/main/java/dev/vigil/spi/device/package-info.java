/**
 * The host's devices, as the device jobs reach them: its {@link dev.vigil.spi.device.DeviceInventory}
 * of ADCs, servers, firewalls, WAFs, cloud accounts and MDMs, and the
 * {@link dev.vigil.spi.device.DeviceConnector}s that talk to each kind. {@code cert.device-sync}
 * reads the certificates and objects a device holds; {@code cert.device-status-sync} reads whether it
 * answers. Later job modules (SSH, PAM) may reach devices through the same interfaces.
 */
package dev.vigil.spi.device;
