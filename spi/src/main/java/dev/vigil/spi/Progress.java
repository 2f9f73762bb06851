package dev.vigil.spi;

import java.util.Objects;

/**
 * How far a running job has come, for people watching it.
 *
 * @param done items done so far; not negative
 * @param total items expected, or -1 when unknown
 * @param message what it is doing now; never a secret; not null
 */
public record Progress(long done, long total, String message) {
    /** Validates the values. */
    public Progress {
        Objects.requireNonNull(message, "message");
        if (done < 0 || total < -1) {
            throw new IllegalArgumentException("Bad progress " + done + "/" + total);
        }
    }
}
