package dev.vigil.spi;

/**
 * A job parameter is missing, unknown, or fails its declared validation. The message names the job
 * type, the parameter and what is allowed.
 */
public class InvalidParameterException extends VigilException {
    private static final long serialVersionUID = 1L;

    /**
     * @param jobType the job type whose parameter is wrong
     * @param message names the parameter, the value and what is allowed
     */
    public InvalidParameterException(String jobType, String message) {
        super(message, null, jobType, null);
    }
}
