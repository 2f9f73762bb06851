/**
 * Vigil's testkit: a manual clock, a harness that runs one job against in-memory fakes, a driver
 * that steps an engine through time on the test thread, and the executable contract every
 * {@link dev.vigil.spi.store.JobStore} must pass.
 *
 * <p>JUnit Jupiter and AssertJ are optional: only {@link dev.vigil.testkit.JobStoreContract} needs
 * them, and a test that extends it has them on its path already.
 */
module dev.vigil.testkit {
    requires transitive dev.vigil.spi;
    requires static org.junit.jupiter.api;
    requires static org.assertj.core;

    exports dev.vigil.testkit;
    // JUnit invokes the contract's lifecycle and test methods reflectively.
    opens dev.vigil.testkit to org.junit.platform.commons;
}
