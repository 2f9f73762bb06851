package dev.vigil.spi;

import java.util.Optional;

/**
 * The root of every exception Vigil throws. Unchecked: a caller's mistake is reported by a subtype
 * whose message says how to fix it; a failure that is not the caller's fault carries its cause.
 *
 * <p>Where an exception concerns one job type or one run, it carries them so that a host can log
 * and display them without parsing the message.
 */
public class VigilException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String jobType;
    private final Long runId;

    /**
     * @param message what went wrong and how to fix it; never null
     */
    public VigilException(String message) {
        this(message, null, null, null);
    }

    /**
     * @param message what went wrong and how to fix it; never null
     * @param cause the underlying failure; may be null
     */
    public VigilException(String message, Throwable cause) {
        this(message, cause, null, null);
    }

    /**
     * @param message what went wrong and how to fix it; never null
     * @param cause the underlying failure; may be null
     * @param jobType the job type concerned; may be null
     * @param runId the run concerned; may be null
     */
    public VigilException(String message, Throwable cause, String jobType, Long runId) {
        super(message, cause);
        this.jobType = jobType;
        this.runId = runId;
    }

    /** @return the job type this exception concerns, if any */
    public Optional<String> jobType() {
        return Optional.ofNullable(jobType);
    }

    /** @return the run this exception concerns, if any */
    public Optional<Long> runId() {
        return Optional.ofNullable(runId);
    }
}
