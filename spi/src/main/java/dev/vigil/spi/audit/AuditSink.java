package dev.vigil.spi.audit;

/**
 * Where audit events go: the host's audit log. Implementations are thread-safe. The engine logs an
 * exception thrown here and goes on, so an audit outage does not fail a run; a host that must not
 * lose events buffers them itself.
 */
@FunctionalInterface
public interface AuditSink {

    /** @param event the event; not null */
    void record(AuditEvent event);

    /** @return a sink that drops everything */
    static AuditSink discarding() {
        return event -> { };
    }
}
