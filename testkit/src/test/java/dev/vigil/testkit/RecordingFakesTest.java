package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.notify.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingFakesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void auditSinkKeepsEventsInOrderAndFiltersByAction() {
        RecordingAuditSink sink = new RecordingAuditSink();
        AuditEvent renewed = event("certificate.renewed", "serial-1");
        AuditEvent removed = event("key.removed", "host:web-01");

        sink.record(renewed);
        sink.record(removed);
        sink.record(renewed);

        assertThat(sink.events()).containsExactly(renewed, removed, renewed);
        assertThat(sink.eventsWithAction("key.removed")).containsExactly(removed);
        sink.clear();
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void auditSinkEventsAreASnapshot() {
        RecordingAuditSink sink = new RecordingAuditSink();
        sink.record(event("a.b", "x"));
        List<AuditEvent> snapshot = sink.events();

        sink.record(event("a.c", "y"));

        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(() -> snapshot.add(event("a.d", "z"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void notifierKeepsWhatItSends() {
        RecordingNotifier notifier = new RecordingNotifier();

        notifier.send(notification("cert.expiring"));
        notifier.send(notification("run.failed"));

        assertThat(notifier.notifications()).extracting(Notification::topic).containsExactly("cert.expiring", "run.failed");
        assertThat(notifier.notificationsWithTopic("run.failed")).hasSize(1);
    }

    @Test
    void failingNotifierThrowsAndKeepsTheRefusedUntilItRecovers() {
        IllegalStateException outage = new IllegalStateException("SMTP down");
        RecordingNotifier notifier = new RecordingNotifier().failWith(outage);

        assertThatThrownBy(() -> notifier.send(notification("cert.expiring"))).isSameAs(outage);
        notifier.recover();
        notifier.send(notification("run.failed"));

        assertThat(notifier.refused()).extracting(Notification::topic).containsExactly("cert.expiring");
        assertThat(notifier.notifications()).extracting(Notification::topic).containsExactly("run.failed");
        notifier.clear();
        assertThat(notifier.notifications()).isEmpty();
        assertThat(notifier.refused()).isEmpty();
    }

    @Test
    void mutableSettingsChangeWhileBeingRead() {
        MutableSettings settings = MutableSettings.of(Map.of("MISC_SYNC_QUEUE_DELAY_IN_SEC", "30"));
        Map<String, String> before = settings.all();

        settings.put("MISC_SYNC_QUEUE_DELAY_IN_SEC", "60").put("LEASE", "PT2M").remove("NEVER_SET");

        assertThat(settings.getLong("MISC_SYNC_QUEUE_DELAY_IN_SEC", 0)).isEqualTo(60);
        assertThat(settings.getDuration("LEASE", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(before).isEqualTo(Map.of("MISC_SYNC_QUEUE_DELAY_IN_SEC", "30"));
        settings.remove("LEASE");
        assertThat(settings.all()).isEqualTo(Map.of("MISC_SYNC_QUEUE_DELAY_IN_SEC", "60"));
        settings.clear();
        assertThat(settings.get("MISC_SYNC_QUEUE_DELAY_IN_SEC")).isEmpty();
    }

    @Test
    void mutableSettingsRejectNullsAndReportBadNumbers() {
        MutableSettings settings = new MutableSettings().put("N", "ten");

        assertThatThrownBy(() -> settings.put("K", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> settings.getLong("N", 0)).isInstanceOf(InvalidParameterException.class);
    }

    private static AuditEvent event(String action, String target) {
        return new AuditEvent(T, "test.job", "test.job", 1, action, target, "success", Map.of());
    }

    private static Notification notification(String topic) {
        return new Notification(Notification.Severity.INFO, topic, "subject", "body", List.of(), Map.of());
    }
}
