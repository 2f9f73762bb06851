package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.caa.CaaChecker;
import dev.vigil.jobs.cert.caa.CaaIssuer;
import dev.vigil.jobs.cert.caa.CaaNameResult;
import dev.vigil.jobs.cert.caa.CaaOutcome;
import dev.vigil.jobs.cert.caa.CaaReport;
import dev.vigil.spi.Job;
import dev.vigil.spi.JobContext;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.JobResult;
import dev.vigil.spi.ParameterSpec;
import dev.vigil.spi.ParameterType;
import dev.vigil.spi.cert.CaaLookup;
import dev.vigil.spi.cert.CertificateInventory;
import dev.vigil.spi.cert.CertificateQuery;
import dev.vigil.spi.cert.CheckFinding;
import dev.vigil.spi.cert.CheckKind;
import dev.vigil.spi.cert.CheckRecord;
import dev.vigil.spi.cert.InventoryCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cert.caa-check}: for every DNS name of each certificate (its subjectAltName dNSNames; its subject
 * common name only when it has no subjectAltName), asks DNS today whether CAA (RFC 8659, with RFC 8657's
 * {@code accounturi} and {@code validationmethods}) lets the certificate's CA issue for it, and records
 * {@code AUTHORISED}, {@code NOT_AUTHORISED} (any name refused) or {@code LOOKUP_FAILED} (a lookup failed
 * and no name was refused), with one finding per name that is not authorised, naming the record or the
 * DNS error. A DNS failure is never read as a permission. A status change is audited. Runs on Mondays at
 * 01:30.
 *
 * <p>Which CA: CAA names a CA by its issuer domain names ({@code letsencrypt.org}), which a certificate does
 * not carry. They come, first found wins, from
 * <ol>
 *   <li>the certificate's inventory attribute {@value #DOMAINS_ATTRIBUTE}, comma-separated, e.g.
 *       {@code digicert.com,symantec.com} (with, optionally, {@value #ACCOUNTS_ATTRIBUTE} and
 *       {@value #METHODS_ATTRIBUTE}, comma-separated, checked against records that name them);</li>
 *   <li>the job parameter {@code issuerDomains} entries {@code connector=domain} for the certificate's CA
 *       connector (repeat an entry for several domains), e.g. {@code digicert-prod=digicert.com};</li>
 *   <li>the entries of that parameter without {@code connector=}, for every other certificate.</li>
 * </ol>
 * A certificate for which none applies is that certificate's error, saying how to configure it.
 *
 * <p>Lookups go through the host's {@link CaaLookup} when it registers one, else through dnsjava to the
 * system's name servers ({@link DnsjavaCaaLookups#system(Duration)}) with the {@code dnsTimeout}
 * parameter as the timeout per query. Answers are remembered for the run only, so names sharing parent
 * domains cost one query each.
 */
public final class CaaCheckJob implements Job {
    /** The job type id. */
    public static final String TYPE = "cert.caa-check";
    /** The inventory attribute naming the CA's CAA issuer domain names, comma-separated. */
    public static final String DOMAINS_ATTRIBUTE = "caaIssuerDomains";
    /** The inventory attribute naming the CA account URIs the certificate was requested with (RFC 8657). */
    public static final String ACCOUNTS_ATTRIBUTE = "caaAccountUris";
    /** The inventory attribute naming the validation methods used, e.g. {@code dns-01} (RFC 8657). */
    public static final String METHODS_ATTRIBUTE = "caaValidationMethods";
    static final String ISSUER_DOMAINS = "issuerDomains";
    static final String DNS_TIMEOUT = "dnsTimeout";

    private static final JobDescriptor DESCRIPTOR = JobDescriptor.builder(TYPE)
            .title("Certificate CAA check")
            .description("Checks that the DNS CAA records of every name of each certificate still authorise its CA.")
            .cron("0 30 1 ? * MON")
            .parameter(ParameterSpec.optional(ISSUER_DOMAINS, ParameterType.LIST,
                    "the CAA issuer domain names of the CAs, for certificates without the " + DOMAINS_ATTRIBUTE
                            + " attribute: connector=domain for one CA connector, domain alone for the others")
                    .withPattern("([^=\\s]+=)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?"))
            .parameter(ParameterSpec.optional(DNS_TIMEOUT, ParameterType.DURATION,
                    "timeout of each DNS query when the host registers no CaaLookup").withDefault("PT5S"))
            .requires(CertificateInventory.class)
            .build();

    /** Stateless: one instance serves every run; what a run needs comes from its context. */
    public CaaCheckJob() {
    }

    @Override
    public JobDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public JobResult run(JobContext context) {
        Instant now = context.clock().instant();
        IssuerMapping mapping = IssuerMapping.parse(context.parameters().list(ISSUER_DOMAINS));
        Duration timeout = context.parameters().duration(DNS_TIMEOUT);
        CaaChecker checker = CaaChecker.using(context.findService(CaaLookup.class)
                .orElseGet(() -> DnsjavaCaaLookups.system(timeout)));
        return CertificateScan.run(context, CertificateQuery.all(), scanned -> {
            CaaReport report = checker.check(scanned.certificate(), mapping.issuerOf(scanned.entry()));
            List<CheckFinding> findings = new ArrayList<>();
            for (CaaNameResult name : report.names()) {
                if (name.outcome() != CaaOutcome.AUTHORISED) {
                    findings.add(new CheckFinding(name.outcome().name(), CheckFinding.Severity.ERROR,
                            name.name() + ": " + name.reason() + name.decidingProperty()
                                    .map(p -> " (record " + p + ")").orElse("")));
                }
            }
            if (report.names().isEmpty()) {
                findings.add(new CheckFinding("NO_DNS_NAMES", CheckFinding.Severity.NOTICE,
                        "the certificate names no DNS name, so CAA does not restrict it"));
            }
            String status = report.outcome().name();
            Optional<String> before = scanned.entry().status(CheckKind.CAA);
            if (before.isPresent() && !before.get().equals(status)) {
                context.audit("certificate.caa-changed", scanned.id(), status, Map.of("from", before.get(),
                        "names", String.join(",", report.names().stream()
                                .filter(n -> n.outcome() != CaaOutcome.AUTHORISED).map(CaaNameResult::name).toList())));
            }
            return Optional.of(new CheckRecord(CheckKind.CAA, status, findings, now));
        });
    }

    /** The CA of a certificate as CAA knows it: from its attributes, else from the job's parameter. */
    private record IssuerMapping(Map<String, Set<String>> byConnector, Set<String> fallback) {

        static IssuerMapping parse(List<String> entries) {
            Map<String, Set<String>> byConnector = new LinkedHashMap<>();
            Set<String> fallback = new LinkedHashSet<>();
            for (String entry : entries) {
                int eq = entry.indexOf('=');
                if (eq < 0) {
                    fallback.add(entry);
                } else {
                    byConnector.computeIfAbsent(entry.substring(0, eq), c -> new LinkedHashSet<>())
                            .add(entry.substring(eq + 1));
                }
            }
            try {
                byConnector.values().forEach(domains -> CaaIssuer.of(domains.toArray(String[]::new)));
                if (!fallback.isEmpty()) {
                    CaaIssuer.of(fallback.toArray(String[]::new));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("job parameter " + ISSUER_DOMAINS + ": " + e.getMessage(), e);
            }
            return new IssuerMapping(byConnector, fallback);
        }

        /** @throws IllegalArgumentException when the certificate's CA is unknown or its attribute malformed */
        CaaIssuer issuerOf(InventoryCertificate entry) {
            Set<String> attributeDomains = split(entry.attributes().get(DOMAINS_ATTRIBUTE));
            Set<String> domains = !attributeDomains.isEmpty() ? attributeDomains
                    : entry.caConnector().map(byConnector::get).orElse(fallback);
            if (domains.isEmpty()) {
                throw new IllegalArgumentException("the CAA issuer domain of the certificate's CA"
                        + entry.caConnector().map(c -> " (connector " + c + ")").orElse("") + " is not known: set its "
                        + DOMAINS_ATTRIBUTE + " attribute or the job parameter " + ISSUER_DOMAINS);
            }
            try {
                return new CaaIssuer(domains, split(entry.attributes().get(ACCOUNTS_ATTRIBUTE)),
                        split(entry.attributes().get(METHODS_ATTRIBUTE)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the certificate's CAA attributes are malformed: " + e.getMessage(),
                        e);
            }
        }

        private static Set<String> split(String value) {
            Set<String> out = new LinkedHashSet<>();
            if (value != null) {
                for (String s : value.split(",")) {
                    if (!s.isBlank()) {
                        out.add(s.trim());
                    }
                }
            }
            return out;
        }
    }
}
