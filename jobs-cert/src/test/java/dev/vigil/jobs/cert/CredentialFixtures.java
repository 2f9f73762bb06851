package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.ItemError;
import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.credential.CredentialKind;
import dev.vigil.spi.credential.CredentialStore;
import dev.vigil.spi.credential.CredentialTargets;
import dev.vigil.spi.credential.ManagedCredential;
import dev.vigil.spi.credential.Secret;
import dev.vigil.testkit.FakeCredentialTarget;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryCredentialStore;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A credential store, targets and a clock for the credential rotation tests, and their assertions. */
final class CredentialFixtures {
    static final Instant NOW = JobHarness.DEFAULT_TIME;
    static final Duration TTL = Duration.ofDays(30);

    final ManualClock clock = ManualClock.at(NOW);
    final InMemoryCredentialStore store = new InMemoryCredentialStore();

    /** A credential of {@code kind} on {@code target}, rotated {@code age} ago with a 30-day TTL. */
    Secret add(String id, FakeCredentialTarget target, CredentialKind kind, Duration age, Map<String, String> policy) {
        ManagedCredential credential = new ManagedCredential(id, target.system(), kind, TTL, clock.instant().minus(age),
                policy);
        Secret secret = initialSecret(kind, id);
        store.add(credential, secret);
        target.accepting(id, secret);
        return secret;
    }

    Secret addDue(String id, FakeCredentialTarget target, CredentialKind kind) {
        return add(id, target, kind, TTL.plusDays(1), Map.of());
    }

    static Secret initialSecret(CredentialKind kind, String id) {
        if (kind != CredentialKind.KEY_PAIR) {
            return Secret.ofText(("initial-" + kind + "-" + id + "-Xy7").toCharArray());
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair pair = generator.generateKeyPair();
            return Secret.ofKeyPair(pair.getPrivate().getEncoded(), pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    HarnessRun run(FakeCredentialTarget... targets) {
        return harness(targets).run();
    }

    JobHarness harness(FakeCredentialTarget... targets) {
        return harness(FakeCredentialTarget.registry(targets));
    }

    JobHarness harness(CredentialTargets targets) {
        return JobHarness.forJob(new CredentialRotationJob()).clock(clock).service(CredentialStore.class, store)
                .service(CredentialTargets.class, targets);
    }

    /** The invariant: the target accepts the stored current secret or the pending one. */
    boolean targetAcceptsAStoredSecret(String id, FakeCredentialTarget target) {
        return target.accepts(id, store.current(id))
                || store.pending(id).map(p -> target.accepts(id, p.secret())).orElse(false);
    }

    /** Asserts that no form of any of the secrets appears in the run's audit events, message or item errors. */
    static void assertNoSecretIn(HarnessRun run, Secret... secrets) {
        List<String> texts = new ArrayList<>();
        for (AuditEvent e : run.auditEvents()) {
            texts.add(e.toString());
        }
        run.returned().ifPresent(r -> {
            texts.add(r.message());
            r.itemErrors().stream().map(ItemError::toString).forEach(texts::add);
        });
        run.thrown().ifPresent(t -> texts.add(String.valueOf(t.getMessage())));
        String all = String.join("\n", texts);
        for (Secret secret : secrets) {
            for (String form : forms(secret)) {
                assertThat(all).as("a secret in the run's output").doesNotContain(form);
            }
        }
    }

    private static List<String> forms(Secret secret) {
        byte[] value = secret.value();
        List<String> forms = new ArrayList<>(List.of(Base64.getEncoder().encodeToString(value),
                Base64.getUrlEncoder().withoutPadding().encodeToString(value), HexFormat.of().formatHex(value)));
        if (secret.publicKey().isEmpty()) {
            forms.add(new String(secret.text()));
        }
        return forms;
    }
}
