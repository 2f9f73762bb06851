package dev.vigil.jobs.cert;

import dev.vigil.spi.JobCancelledException;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.Progress;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificatePage;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CheckRecord;
import dev.vigil.spi.cert.InventoryCertificate;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every checking job shares: page through the inventory, parse each certificate, apply
 * one check, record its result. A certificate that does not parse, or whose check throws, is that
 * certificate's error — counted failed, named in the run's item errors — and the scan goes on.
 * Between certificates it honours cancellation and reports progress once per page. Memory stays
 * one page, whatever the inventory's size.
 */
final class CertificateScan {
    private static final Logger log = LoggerFactory.getLogger(CertificateScan.class);

    /** What a job does with one certificate. */
    @FunctionalInterface
    interface Check {
        /**
         * @param certificate the certificate, parsed
         * @return what to record for it, or empty to leave it alone (counted skipped)
         * @throws Exception anything; recorded as this certificate's error
         */
        Optional<CheckRecord> check(ScannedCertificate certificate) throws Exception;
    }

    private CertificateScan() {
    }

    /**
     * Runs a check over every certificate the query selects.
     *
     * @return the run's counts and item errors; the message says how many were checked
     */
    static JobResult run(JobContext context, CertificateQuery query, Check check) {
        CertificateInventory inventory = context.service(CertificateInventory.class);
        JobResult.Builder result = JobResult.builder();
        forEach(context, query, entry -> checkOne(context, inventory, entry, check, result));
        return result.message(describe(result)).build();
    }

    /**
     * Pages through the certificates the query selects and hands each to {@code action}, checking
     * for cancellation before each and reporting progress after each page. The action may delete the
     * certificate it is given: deletion happens behind the cursor, so it never shifts a page to come.
     */
    static void forEach(JobContext context, CertificateQuery query, Consumer<InventoryCertificate> action) {
        CertificateInventory inventory = context.service(CertificateInventory.class);
        CertificateQuery next = query;
        long seen = 0;
        while (true) {
            CertificatePage page = inventory.page(next);
            for (InventoryCertificate entry : page.certificates()) {
                context.checkCancelled();
                seen++;
                action.accept(entry);
            }
            context.progress(new Progress(seen, 0, seen + " certificates looked at"));
            if (page.nextCursor().isEmpty()) {
                return;
            }
            next = next.after(page.nextCursor().get());
        }
    }

    private static void checkOne(JobContext context, CertificateInventory inventory, InventoryCertificate entry,
                                 Check check, JobResult.Builder result) {
        X509Certificate parsed;
        try {
            parsed = parse(entry.der());
        } catch (CertificateException | RuntimeException e) {
            result.failed(entry.id(), "not a readable X.509 certificate: " + e.getMessage());
            return;
        }
        Optional<CheckRecord> record;
        try {
            record = check.check(new ScannedCertificate(entry, parsed));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException(context.jobType(), context.runId(), "interrupted while checking " + entry.id());
        } catch (Exception e) {
            log.debug("Check of certificate {} failed", entry.id(), e);
            result.failed(entry.id(), failure(e));
            return;
        }
        if (record.isEmpty() || !inventory.recordCheck(entry.id(), record.get())) {
            result.skipped();
            return;
        }
        result.succeeded();
    }

    /** @return the certificate in DER or PEM */
    static X509Certificate parse(byte[] encoded) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }

    /** @return the SHA-256 of a certificate's DER as lowercase hex: how the inventory and the reports name it */
    static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** @return an exception as a per-item error: its simple class name and its message, if any */
    static String failure(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String describe(JobResult.Builder result) {
        var counts = result.counts();
        return counts.processed() + " certificates: " + counts.succeeded() + " updated, " + counts.failed()
                + " failed, " + counts.skipped() + " skipped";
    }
}
