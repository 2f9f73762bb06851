/**
 * Test support for job authors, engine developers and store implementers.
 *
 * <ul>
 *   <li>{@link dev.vigil.testkit.ManualClock} — a {@link java.time.Clock} that moves only when a
 *       test moves it;
 *   <li>{@link dev.vigil.testkit.JobHarness} — runs one job synchronously, no engine and no threads,
 *       and reports what it did as a {@link dev.vigil.testkit.HarnessRun};
 *   <li>{@link dev.vigil.testkit.RecordingAuditSink}, {@link dev.vigil.testkit.RecordingNotifier},
 *       {@link dev.vigil.testkit.MutableSettings} — in-memory fakes of the host-facing SPI;
 *   <li>{@link dev.vigil.testkit.EngineDriver} — steps an engine through time on the test thread;
 *   <li>{@link dev.vigil.testkit.JobStoreContract} — the tests every
 *       {@link dev.vigil.spi.store.JobStore} must pass.
 * </ul>
 */
package dev.vigil.testkit;
