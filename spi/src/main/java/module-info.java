/**
 * Vigil's service-provider interface. No third-party dependency: a job plugin or a host adapter
 * needs only this module.
 */
module dev.vigil.spi {
    exports dev.vigil.spi;
    exports dev.vigil.spi.audit;
    exports dev.vigil.spi.cert;
    exports dev.vigil.spi.credential;
    exports dev.vigil.spi.device;
    exports dev.vigil.spi.notify;
    exports dev.vigil.spi.store;
}
