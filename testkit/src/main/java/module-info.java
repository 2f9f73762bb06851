/**
 * Vigil's testkit: a manual clock, a harness that runs one job against in-memory fakes, a driver
 * that steps an engine through time on the test thread, and the executable contract every
 * {@link dev.vigil.spi.store.JobStore} must pass.
 *
 * <p>JUnit Jupiter and AssertJ are optional: only {@link dev.vigil.testkit.JobStoreContract} needs
 * them, and a test that extends it has them on its path already. BouncyCastle ({@code bcpkix}) is
 * optional too: only the issuing CA behind {@link dev.vigil.testkit.FakeCaConnector}'s renewal
 * orders needs it.
 */
module dev.vigil.testkit {
    requires transitive dev.vigil.spi;
    requires static org.junit.jupiter.api;
    requires static org.assertj.core;
    // Only FakeCaConnector's issuing CA needs BouncyCastle, and only when a test orders certificates.
    requires static org.bouncycastle.pkix;
    requires static org.bouncycastle.provider;

    exports dev.vigil.testkit;
    // JUnit invokes the contract's lifecycle and test methods reflectively.
    opens dev.vigil.testkit to org.junit.platform.commons;
}
