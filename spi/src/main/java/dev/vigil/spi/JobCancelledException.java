package dev.vigil.spi;

/**
 * Thrown by {@link JobContext#checkCancelled()} when the run was cancelled or timed out. A job lets
 * it propagate; the engine records the run as {@code CANCELLED} or {@code TIMED_OUT}.
 */
public class JobCancelledException extends VigilException {
    private static final long serialVersionUID = 1L;

    /**
     * @param jobType the job type of the cancelled run
     * @param runId the cancelled run
     * @param reason why it was cancelled
     */
    public JobCancelledException(String jobType, long runId, String reason) {
        super("Run " + runId + " of " + jobType + " was cancelled: " + reason, null, jobType, runId);
    }
}
