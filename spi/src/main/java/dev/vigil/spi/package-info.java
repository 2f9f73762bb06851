/**
 * Vigil's service-provider interface: the types a job plugin implements ({@link dev.vigil.spi.Job},
 * {@link dev.vigil.spi.JobProvider}) and uses ({@link dev.vigil.spi.JobContext},
 * {@link dev.vigil.spi.JobResult}), schedules, policies, definitions and runs.
 */
package dev.vigil.spi;
