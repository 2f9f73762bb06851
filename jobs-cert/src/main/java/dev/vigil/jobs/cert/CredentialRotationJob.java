package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.credential.CredentialPage;
import dev.vigil.spi.credential.CredentialStore;
import dev.vigil.spi.credential.CredentialTarget;
import dev.vigil.spi.credential.CredentialTargets;
import dev.vigil.spi.credential.ManagedCredential;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cert.credential-rotation}: rotates the passwords, tokens and keys the host's
 * {@link CredentialStore vault} holds for its integrated systems and devices, each when its TTL has
 * passed. Disabled by default; hourly once enabled.
 *
 * <p>It selects each credential whose {@link ManagedCredential#dueAt() last rotation plus TTL} has
 * come, and each with an unfinished rotation to resume; with the parameter {@value #CREDENTIAL_ID}
 * (trigger now), that one credential, due or not. For each, the {@link RotationStateMachine} stores
 * a new secret pending before it changes the target, verifies it on the target, and only then
 * promotes it to current, the old one kept as previous; a crash at any step leaves a secret the
 * target accepts in the store and a rotation the next run finishes. A credential whose system the
 * host's {@link CredentialTargets} lacks, whose policy is invalid, or whose target is down or
 * misbehaves fails alone; the others are rotated.
 *
 * <p>Audited: {@value #AUDIT_ROTATED}, {@value #AUDIT_FAILED}, and {@value #AUDIT_RESUMED} when a
 * run picks up a rotation an earlier one left; with ids, system names and steps, never a secret.
 * Counts: succeeded = rotated, failed, skipped = not due.
 */
public final class CredentialRotationJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.credential-rotation";
    /** The parameter that rotates one credential now, whatever its TTL. */
    public static final String CREDENTIAL_ID = "credentialId";
    /** The audit action of a completed rotation. */
    public static final String AUDIT_ROTATED = "credential.rotated";
    /** The audit action of a rotation that stopped. */
    public static final String AUDIT_FAILED = "credential.rotation-failed";
    /** The audit action of a run resuming an unfinished rotation. */
    public static final String AUDIT_RESUMED = "credential.rotation-resumed";
    static final int PAGE_SIZE = 200;

    private static final Logger log = LoggerFactory.getLogger(CredentialRotationJob.class);

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Automated credential rotation")
            .description("Rotates the keys, passwords and tokens of integrated systems and devices when their TTL "
                    + "has passed, or one credential on demand: stores the new secret pending, changes and verifies "
                    + "it on the system, then promotes it; resumes a rotation a crash left.")
            .cron("0 0 * * * ?")
            .enabledByDefault(false)
            .parameter(ParameterSpec.optional(CREDENTIAL_ID, ParameterType.STRING,
                    "one credential to rotate now, whatever its TTL").withPattern("\\S+"))
            .requires(CredentialStore.class)
            .requires(CredentialTargets.class)
            .build();

    private final SecureRandom random;

    /** Public, with no arguments, for {@link CertificateJobs}: secrets come from a new {@link SecureRandom}. */
    public CredentialRotationJob() {
        this(new SecureRandom());
    }

    /** For tests only. */
    CredentialRotationJob(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        CredentialStore store = context.service(CredentialStore.class);
        CredentialTargets targets = context.service(CredentialTargets.class);
        RotationStateMachine machine = new RotationStateMachine(store, new SecretGenerator(random), context.clock(),
                random);
        JobResult.Builder result = JobResult.builder();
        Optional<String> only = context.parameters().find(CREDENTIAL_ID);
        if (only.isPresent()) {
            Optional<ManagedCredential> credential = store.find(only.get());
            if (credential.isEmpty()) {
                result.failed(only.get(), "the credential store has no credential with id '" + only.get() + "'");
            } else {
                rotate(context, machine, targets, credential.get(), "manual", result);
            }
        } else {
            Instant now = context.clock().instant();
            Set<String> unfinished = Set.copyOf(store.withPendingRotation());
            Optional<String> cursor = Optional.empty();
            do {
                CredentialPage page = store.page(cursor, PAGE_SIZE);
                for (ManagedCredential credential : page.credentials()) {
                    context.checkCancelled();
                    if (unfinished.contains(credential.id())) {
                        rotate(context, machine, targets, credential, "resume", result);
                    } else if (credential.isDue(now)) {
                        rotate(context, machine, targets, credential, "ttl", result);
                    } else {
                        result.skipped();
                    }
                }
                cursor = page.nextCursor();
            } while (cursor.isPresent());
        }
        var counts = result.counts();
        return result.message(counts.succeeded() + " credentials rotated, " + counts.failed() + " failed, "
                + counts.skipped() + " not due").build();
    }

    private static void rotate(JobContext context, RotationStateMachine machine, CredentialTargets targets,
                               ManagedCredential credential, String reason, JobResult.Builder result) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("system", credential.system());
        details.put("kind", credential.kind().name());
        details.put("trigger", reason);
        try {
            Optional<CredentialTarget> target = targets.find(credential.system());
            if (target.isEmpty()) {
                fail(context, credential, details, "the host has no credential target for system '"
                        + credential.system() + "'; nothing was changed", result);
                return;
            }
            RotationStateMachine.Rotated rotated = machine.advance(credential, target.get());
            rotated.resumedFrom().ifPresent(step -> resumed(context, credential, details, step.name()));
            details.put("rotationId", rotated.rotationId());
            context.audit(AUDIT_ROTATED, credential.id(), "success", details);
            log.info("Rotated credential {} of system {}", credential.id(), credential.system());
            result.succeeded();
        } catch (RotationStateMachine.RotationFailure e) {
            e.resumedFrom().ifPresent(step -> resumed(context, credential, details, step.name()));
            fail(context, credential, details, e.getMessage(), result);
        } catch (SecretGenerator.PolicyException e) {
            fail(context, credential, details, "invalid policy: " + e.getMessage() + "; nothing was changed", result);
        } catch (RuntimeException e) {
            fail(context, credential, details, "not rotated: " + RotationStateMachine.Redaction.describe(e, List.of())
                    + "; every stored secret is kept", result);
        }
    }

    private static void resumed(JobContext context, ManagedCredential credential, Map<String, String> details,
                                String step) {
        Map<String, String> resumed = new LinkedHashMap<>(details);
        resumed.put("step", step);
        context.audit(AUDIT_RESUMED, credential.id(), "resumed", resumed);
    }

    private static void fail(JobContext context, ManagedCredential credential, Map<String, String> details,
                             String message, JobResult.Builder result) {
        log.warn("Credential {} of system {} not rotated: {}", credential.id(), credential.system(), message);
        Map<String, String> failed = new LinkedHashMap<>(details);
        failed.put("reason", message);
        context.audit(AUDIT_FAILED, credential.id(), "failure", failed);
        result.failed(credential.id(), message);
    }
}
