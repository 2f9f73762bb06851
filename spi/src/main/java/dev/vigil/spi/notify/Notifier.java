package dev.vigil.spi.notify;

/**
 * Sends notifications: the host's mail server, chat or ticketing system. Implementations are
 * thread-safe. An exception thrown here fails only the item that sent it, not the run.
 */
@FunctionalInterface
public interface Notifier {

    /** @param notification what to send; not null */
    void send(Notification notification);
}
