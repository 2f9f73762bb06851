package dev.vigil.testkit;

import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.audit.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link AuditSink} that keeps every event in memory, in the order recorded, for a test to
 * inspect. Thread-safe.
 */
public final class RecordingAuditSink implements AuditSink {

    private final List<AuditEvent> events = new ArrayList<>();

    /** Creates an empty sink. */
    public RecordingAuditSink() {
    }

    /** @param event the event to keep; not null */
    @Override
    public void record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        synchronized (events) {
            events.add(event);
        }
    }

    /** @return a snapshot of every event kept, oldest first; unmodifiable */
    public List<AuditEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /**
     * @param action an action such as {@code certificate.renewed}; not null
     * @return a snapshot of the events with that action, oldest first; unmodifiable
     */
    public List<AuditEvent> eventsWithAction(String action) {
        Objects.requireNonNull(action, "action");
        return events().stream().filter(e -> e.action().equals(action)).toList();
    }

    /** Forgets every event kept so far. */
    public void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    @Override
    public String toString() {
        return "RecordingAuditSink" + events();
    }
}
