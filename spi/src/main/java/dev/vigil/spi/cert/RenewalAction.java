package dev.vigil.spi.cert;

/** What a certificate's renewal does with its key. */
public enum RenewalAction {
    /** A new certificate for the same key: the CSR is signed by the host with the existing key. */
    RENEW(CaCapability.RENEW),
    /** A new certificate for a new key pair, which the host stores pending and promotes once issued. */
    REGENERATE(CaCapability.REGENERATE);

    private final CaCapability capability;

    RenewalAction(CaCapability capability) {
        this.capability = capability;
    }

    /** @return the capability a {@link CaConnector} lists when it accepts orders for this action; not null */
    public CaCapability capability() {
        return capability;
    }
}
