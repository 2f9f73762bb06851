package dev.vigil.examples;

/**
 * The command line is wrong: an unknown command or option, a missing or malformed value. The CLI
 * prints the message as one line on stderr and exits with status 2.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to put it right, one line */
    UsageException(String message) {
        super(message);
    }
}
