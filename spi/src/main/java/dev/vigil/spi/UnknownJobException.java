package dev.vigil.spi;

/** A job type, job definition or run id that the engine does not know. */
public class UnknownJobException extends VigilException {
    private static final long serialVersionUID = 1L;

    /** @param message names the id and where the known ids can be listed */
    public UnknownJobException(String message) {
        super(message);
    }
}
