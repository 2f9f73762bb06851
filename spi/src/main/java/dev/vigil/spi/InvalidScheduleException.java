package dev.vigil.spi;

/**
 * A schedule is malformed: a cron expression with a bad field, an interval with a non-positive
 * step, an unknown time zone, an unparseable text form. Thrown when the schedule is defined, never
 * when it fires.
 */
public class InvalidScheduleException extends VigilException {
    private static final long serialVersionUID = 1L;

    /** @param message names the field, the value and what is allowed */
    public InvalidScheduleException(String message) {
        super(message);
    }

    /**
     * @param message names the field, the value and what is allowed
     * @param cause the parser's own exception; may be null
     */
    public InvalidScheduleException(String message, Throwable cause) {
        super(message, cause);
    }
}
