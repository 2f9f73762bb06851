package dev.vigil.spi;

import java.util.Objects;

/**
 * Why one item of a run failed. The message must never contain a secret.
 *
 * @param item which item, e.g. a certificate serial, a host name, an account id; not null
 * @param message what went wrong, for people; not null
 */
public record ItemError(String item, String message) {

    /** Longest message kept; longer ones are cut. */
    public static final int MAX_MESSAGE_LENGTH = 1000;

    /** Validates presence and cuts an over-long message. */
    public ItemError {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(message, "message");
        if (message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
        }
    }
}
