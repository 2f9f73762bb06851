package dev.vigil.testkit;

import dev.vigil.spi.notify.Notification;
import dev.vigil.spi.notify.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Notifier} that keeps what it is asked to send, for a test to inspect, and can imitate an
 * outage of the host's mail or chat system with {@link #failWith(RuntimeException)}. Thread-safe.
 *
 * <p>{@link JobHarness} registers a fresh one as the {@code Notifier} service of each run unless the
 * test supplies its own.
 */
public final class RecordingNotifier implements Notifier {

    private final List<Notification> sent = new ArrayList<>();
    private final List<Notification> refused = new ArrayList<>();
    private RuntimeException failure;

    /** Creates a notifier that accepts everything. */
    public RecordingNotifier() {
    }

    /**
     * Keeps the notification, or — while failing — keeps it as refused and throws the failure.
     *
     * @param notification what to send; not null
     * @throws RuntimeException the failure set with {@link #failWith(RuntimeException)}, if any
     */
    @Override
    public void send(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        RuntimeException toThrow;
        synchronized (sent) {
            toThrow = failure;
            if (toThrow == null) {
                sent.add(notification);
            } else {
                refused.add(notification);
            }
        }
        if (toThrow != null) {
            throw toThrow;
        }
    }

    /**
     * Makes every later {@link #send} throw {@code failure} until {@link #recover()} is called.
     *
     * @param failure what {@code send} throws, e.g. {@code new IllegalStateException("SMTP down")}; not null
     * @return this
     */
    public RecordingNotifier failWith(RuntimeException failure) {
        Objects.requireNonNull(failure, "failure");
        synchronized (sent) {
            this.failure = failure;
        }
        return this;
    }

    /**
     * Ends an outage begun with {@link #failWith(RuntimeException)}.
     *
     * @return this
     */
    public RecordingNotifier recover() {
        synchronized (sent) {
            this.failure = null;
        }
        return this;
    }

    /** @return a snapshot of the notifications accepted, oldest first; unmodifiable */
    public List<Notification> notifications() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /**
     * @param topic a topic such as {@code cert.expiring}; not null
     * @return a snapshot of the accepted notifications with that topic, oldest first
     */
    public List<Notification> notificationsWithTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        return notifications().stream().filter(n -> n.topic().equals(topic)).toList();
    }

    /** @return a snapshot of the notifications refused while failing, oldest first; unmodifiable */
    public List<Notification> refused() {
        synchronized (sent) {
            return List.copyOf(refused);
        }
    }

    /** Forgets every notification kept so far, accepted or refused; does not end an outage. */
    public void clear() {
        synchronized (sent) {
            sent.clear();
            refused.clear();
        }
    }

    @Override
    public String toString() {
        return "RecordingNotifier" + notifications();
    }
}
