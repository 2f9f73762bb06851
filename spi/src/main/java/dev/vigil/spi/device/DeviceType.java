package dev.vigil.spi.device;

/** The kinds of device the host manages and the device jobs synchronise. */
public enum DeviceType {
    /** An application delivery controller or load balancer. */
    ADC,
    /** A server: web, application, mail… */
    SERVER,
    /** A firewall. */
    FIREWALL,
    /** A web application firewall. */
    WAF,
    /** A cloud account or service holding certificates. */
    CLOUD,
    /** A mobile device management system. */
    MDM
}
