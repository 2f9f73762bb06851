package dev.vigil.jobs.cert;

import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.cert.InternalCa;
import dev.vigil.spi.cert.InternalCas;
import dev.vigil.spi.cert.PublishedCrl;
import dev.vigil.spi.cert.RevokedCertificate;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cert.crl-publish}: regenerates the CRL of each of the host's {@link InternalCas internal or
 * custom CAs}: a full v2 CRL, signed by the host with the CA key (which never leaves the host),
 * with a CRL number one greater than the last published one, the CA's authority key identifier,
 * one entry per revoked certificate with its reason code (none for {@code UNSPECIFIED}), and a
 * nextUpdate of thisUpdate plus the CA's {@linkplain InternalCa#crlValidity() CRL validity}.
 *
 * <p>A revoked certificate is listed until a CRL issued after its expiry has listed it: the first
 * CRL whose thisUpdate is past the certificate's notAfter still lists it, and its publication marks
 * it {@linkplain RevokedCertificate#listedAfterExpiry() listed after expiry}; later CRLs leave it out.
 *
 * <p>Each CRL is verified with the CA certificate before it is published, and published by
 * compare-and-set on its number, together with those marks. A crash before publication changes
 * nothing (the next run signs the same number again); a CA another publisher got to first is
 * skipped; a CA whose certificate is unreadable, whose signer fails or returns a bad signature, or
 * whose last CRL's thisUpdate is later than this node's clock (a clock that is behind) fails alone and the other CAs still get their CRLs. Each publication is audited. Daily at 05:00.
 */
public final class CrlPublishJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.crl-publish";
    /** The audit action of each publication. */
    static final String AUDIT_ACTION = "crl.published";

    private static final Logger LOG = LoggerFactory.getLogger(CrlPublishJob.class);

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Publish CRLs")
            .description("Regenerates, signs, verifies and publishes the CRL of each internal or custom CA.")
            .cron("0 0 5 * * ?")
            .requires(InternalCas.class)
            .build();

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        List<InternalCa> cas = List.copyOf(context.service(InternalCas.class).internalCas());
        Instant thisUpdate = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        JobResult.Builder result = JobResult.builder();
        List<String> skipped = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (InternalCa ca : cas) {
            context.checkCancelled();
            String id = Objects.requireNonNullElse(ca.id(), "?");
            if (!seen.add(id)) {
                result.failed(id, "two internal CAs have the id '" + id + "'; the second one gets no CRL");
                continue;
            }
            try {
                if (publish(context, ca, thisUpdate)) {
                    result.succeeded();
                } else {
                    result.skipped();
                    skipped.add(id);
                }
            } catch (CrlIssuer.Failure e) {
                LOG.warn("No CRL published for internal CA {}: {}", id, e.getMessage());
                result.failed(id, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("No CRL published for internal CA {}", id, e);
                result.failed(id, "no CRL published: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()));
            }
        }
        var counts = result.counts();
        String message = counts.succeeded() + " CRLs published, " + counts.failed() + " failed, " + counts.skipped()
                + " skipped" + (skipped.isEmpty() ? ""
                        : " (another publisher published that CRL number first: " + String.join(", ", skipped) + ")");
        return result.message(message).build();
    }

    /** @return true if published, false if another publisher won the number */
    private static boolean publish(JobContext context, InternalCa ca, Instant thisUpdate) {
        CrlIssuer issuer = CrlIssuer.forCa(ca);
        Duration validity = ca.crlValidity();
        if (validity == null || validity.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new CrlIssuer.Failure("the CA's CRL validity must be at least one second, was " + validity
                    + "; no CRL issued", null);
        }
        Instant nextUpdate = thisUpdate.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        Optional<PublishedCrl> last = ca.lastPublished();
        if (last.isPresent() && thisUpdate.isBefore(last.get().thisUpdate())) {
            throw new CrlIssuer.Failure("this node's clock (" + thisUpdate + ") is behind the thisUpdate of CRL "
                    + last.get().crlNumber() + " (" + last.get().thisUpdate() + "), the last one published; a CRL "
                    + "dated before the one it replaces would also expire before it, so none is issued. Check the "
                    + "node's time synchronisation (NTP)", null);
        }
        BigInteger number = last.map(crl -> crl.crlNumber().add(BigInteger.ONE)).orElse(BigInteger.ONE);

        List<RevokedCertificate> entries = entries(ca.revoked(), thisUpdate);
        Set<BigInteger> listedAfterExpiry = new HashSet<>();
        entries.stream().filter(r -> r.expiredBefore(thisUpdate)).forEach(r -> listedAfterExpiry.add(r.serial()));

        byte[] der = issuer.issue(number, thisUpdate, nextUpdate, entries);
        if (!ca.publish(new PublishedCrl(number, thisUpdate, nextUpdate, der), Set.copyOf(listedAfterExpiry))) {
            LOG.info("CRL {} of internal CA {} not published: another publisher published that number first",
                    number, ca.id());
            return false;
        }
        LOG.info("Published CRL {} of internal CA {}: {} entries, next update {}", number, ca.id(), entries.size(),
                nextUpdate);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("crlNumber", number.toString());
        details.put("entries", Integer.toString(entries.size()));
        details.put("listedAfterExpiry", Integer.toString(listedAfterExpiry.size()));
        details.put("thisUpdate", thisUpdate.toString());
        details.put("nextUpdate", nextUpdate.toString());
        details.put("signatureAlgorithm", issuer.signatureAlgorithm());
        context.audit(AUDIT_ACTION, ca.id(), "published", details);
        return true;
    }

    /**
     * The revoked certificates this CRL lists, by serial: all but those whose certificate expired
     * before thisUpdate and that a CRL issued after that expiry already listed.
     */
    private static List<RevokedCertificate> entries(List<RevokedCertificate> revoked, Instant thisUpdate) {
        Map<BigInteger, RevokedCertificate> bySerial = new LinkedHashMap<>();
        for (RevokedCertificate r : revoked) {
            if (bySerial.put(r.serial(), r) != null) {
                throw new CrlIssuer.Failure("the host lists serial " + r.serial().toString(16)
                        + " as revoked twice; a CRL lists a certificate once, so no CRL issued", null);
            }
        }
        return bySerial.values().stream()
                .filter(r -> !(r.expiredBefore(thisUpdate) && r.listedAfterExpiry()))
                .map(r -> new RevokedCertificate(r.serial(), r.revokedAt().truncatedTo(ChronoUnit.SECONDS), r.reason(),
                        r.certificateNotAfter(), r.listedAfterExpiry()))
                .sorted(Comparator.comparing(RevokedCertificate::serial))
                .toList();
    }
}
