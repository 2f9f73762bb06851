package dev.vigil.spi.notify;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message for people: an expiry warning, a failed rotation, a run that failed. The host decides
 * how it travels (mail, chat, ticket). Never holds a secret.
 *
 * @param severity how urgent; not null
 * @param topic a stable key a host routes on, e.g. {@code cert.expiring} or {@code run.failed}; not blank
 * @param subject one line; not null
 * @param body the text; not null
 * @param recipients addresses or group names the job knows of; empty lets the host decide
 * @param attributes further facts for templates and routing
 */
public record Notification(Severity severity, String topic, String subject, String body, List<String> recipients,
                           Map<String, String> attributes) {

    /** How urgent a notification is. */
    public enum Severity {
        /** For information. */
        INFO,
        /** Needs attention soon. */
        WARNING,
        /** Needs attention now. */
        CRITICAL
    }

    /** Validates presence and copies collections. */
    public Notification {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        recipients = List.copyOf(recipients);
        attributes = Map.copyOf(attributes);
        if (topic.isBlank()) {
            throw new IllegalArgumentException("A notification needs a topic");
        }
    }
}
