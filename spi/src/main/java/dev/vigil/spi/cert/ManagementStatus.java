package dev.vigil.spi.cert;

/** How the inventory holds a certificate. */
public enum ManagementStatus {
    /** Its lifecycle is managed: it may be renewed, regenerated, pushed to devices. */
    MANAGED,
    /** It is watched only: checks and reports, no lifecycle actions. */
    MONITORED
}
