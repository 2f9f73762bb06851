package dev.vigil.spi;

/**
 * A job type's code. One instance serves every run of its type, possibly several at once, so a
 * job keeps no state between or during runs in fields: everything a run needs comes from its
 * {@link JobContext}.
 *
 * <p>A job pages through the host's inventories rather than loading them whole, checks
 * {@link JobContext#checkCancelled()} between items, and records a failed item with
 * {@link JobResult.Builder#failed(String, String)} instead of stopping.
 */
public interface Job {

    /** @return what this job type is; the same value on every call */
    JobDescriptor descriptor();

    /**
     * Runs once.
     *
     * @param context the run's context; not null
     * @return the outcome with counts; not null
     * @throws Exception anything; the engine records it as a failed run and applies the retry policy.
     *     {@link JobCancelledException} ends the run as cancelled or timed out.
     */
    JobResult run(JobContext context) throws Exception;
}
