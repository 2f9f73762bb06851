package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.chain.CaIssuersCache;
import dev.vigil.jobs.cert.chain.Certificates;
import dev.vigil.jobs.cert.chain.ChainProblem;
import dev.vigil.jobs.cert.chain.ChainValidation;
import dev.vigil.jobs.cert.chain.ChainValidator;
import dev.vigil.jobs.cert.crl.CrlException;
import dev.vigil.jobs.cert.crl.OfflineCrls;
import dev.vigil.jobs.cert.crl.RevocationStatus;
import dev.vigil.jobs.cert.ct.CtChecker;
import dev.vigil.jobs.cert.ct.CtCompliance;
import dev.vigil.jobs.cert.ct.CtFormatException;
import dev.vigil.jobs.cert.ct.CtLogList;
import dev.vigil.jobs.cert.ct.CtReason;
import dev.vigil.jobs.cert.ct.CtReport;
import dev.vigil.jobs.cert.ct.EmbeddedSctCount;
import dev.vigil.jobs.cert.lint.LintFinding;
import dev.vigil.jobs.cert.lint.Linter;
import dev.vigil.jobs.cert.weakkey.DebianWeakKeyBlocklist;
import dev.vigil.jobs.cert.weakkey.WeakKeyFinding;
import dev.vigil.jobs.cert.weakkey.WeakKeyInspector;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks certificates offline, with what the host already has — trust anchors, CRL files, a CT log
 * list, a weak-key blocklist — and the engines the certificate jobs use: the expiry status of
 * {@code cert.expiry-status-check}, the weak-key tests of {@code cert.vulnerability-check}, the
 * CA/Browser Forum lints of {@code cert.compliance-check}, chain validation, CRL revocation and CT
 * policy. Nothing is fetched from the network: caIssuers URLs are not followed and CRL distribution
 * points are not downloaded.
 *
 * <p>The inputs are parsed once, when the check is built (the log list, the blocklist, the CRL
 * headers); a CRL is verified and indexed once, by the first issuer certificate that verifies it —
 * a trust anchor at build time, or a certificate of a presented chain later. Checking one certificate
 * then costs no parsing of the inputs. Thread-safe: one instance serves any number of threads; its
 * settings never change, and the only state it gains is which CRLs are verified, each at most once.
 *
 * <pre>{@code
 * OfflineCertificateCheck check = OfflineCertificateCheck.builder(clock.instant())
 *         .trustAnchors(anchors)
 *         .crl("ca.crl", Files.readAllBytes(crlFile))
 *         .ctLogList(Files.readString(logListFile))
 *         .build();
 * check.unverifiedCrls().forEach(line -> log.warn("CRL not used: {}", line));
 * OfflineCheckResult result = check.check(leaf, intermediates);
 * }</pre>
 */
public final class OfflineCertificateCheck {
    private static final Logger LOG = LoggerFactory.getLogger(OfflineCertificateCheck.class);
    /** The default threshold, as {@code cert.expiry-status-check}'s default {@code expiringDays}. */
    public static final Duration DEFAULT_EXPIRING_THRESHOLD = Duration.ofDays(30);


    private final Instant at;
    private final Duration expiringThreshold;
    private final List<X509Certificate> anchors;
    private final ChainValidator validator;
    private final CaIssuersCache noFetches = CaIssuersCache.create();
    private final OfflineCrls crls;
    private final CtChecker ct;
    private final WeakKeyInspector inspector;
    private final Linter linter = Linter.baseline();

    private OfflineCertificateCheck(Builder b) {
        this.at = b.at;
        this.expiringThreshold = b.expiringThreshold != null ? b.expiringThreshold : DEFAULT_EXPIRING_THRESHOLD;
        this.anchors = b.anchors != null ? b.anchors : List.of();
        try {
            this.crls = OfflineCrls.read(b.crls, anchors);
        } catch (CrlException e) {
            throw new IllegalArgumentException("a CRL cannot be used: " + e.getMessage(), e);
        }
        if (anchors.isEmpty()) {
            this.validator = null;
        } else if (crls.isEmpty()) {
            this.validator = ChainValidator.builder(anchors).build();
        } else {
            this.validator = ChainValidator.builder(anchors)
                    .revocationSource((certificate, issuer) -> revoked(crls.status(certificate, List.of(issuer), at)))
                    .build();
        }
        this.ct = b.logList != null ? new CtChecker(b.logList) : null;
        this.inspector = b.blocklist != null ? WeakKeyInspector.withBlocklist(b.blocklist) : WeakKeyInspector.create();
    }

    /**
     * @param at the instant the certificates are judged at (expiry, chain validity, CRL freshness, SCT
     *        timestamps); not null
     * @return a builder
     * @throws NullPointerException if {@code at} is null
     */
    public static Builder builder(Instant at) {
        return new Builder(at);
    }

    /** @return the instant the certificates are judged at */
    public Instant at() {
        return at;
    }

    /**
     * @return one line per CRL given that no certificate seen so far (trust anchors, presented chains)
     *     verifies, naming it and why: such a CRL is not trusted and answers nothing. Empty when every
     *     CRL is verified. The answer may shrink as chains with the CRL's issuer are checked.
     */
    public List<String> unverifiedCrls() {
        return crls.unverified();
    }

    /**
     * Checks one certificate. Never throws for a certificate that decodes: a part that cannot be
     * judged gets its unknown or not-checked status with a note.
     *
     * @param leaf the certificate to check; not null
     * @param presentedChain the certificates presented with it, not including it, in any order (its
     *        intermediates, perhaps a root); used to build its path and to find the issuer that verifies
     *        its CRL and SCTs; not null, no null element
     * @return what was found
     * @throws NullPointerException if an argument or element is null
     * @throws IllegalArgumentException if the leaf cannot be encoded (a broken {@link X509Certificate})
     */
    public OfflineCheckResult check(X509Certificate leaf, List<X509Certificate> presentedChain) {
        Objects.requireNonNull(leaf, "leaf");
        List<X509Certificate> chain = List.copyOf(presentedChain);
        List<String> notes = new ArrayList<>(0);
        String sha256 = sha256(leaf);
        String expiry = ExpiryStatusCheckJob.statusOf(leaf, at, expiringThreshold).name();
        Optional<String> weakKey = weakKey(leaf, notes);
        List<String> lints = linter.lint(leaf).stream().map(LintFinding::ruleId).distinct().toList();
        String chainStatus = chainStatus(leaf, chain, notes);
        List<X509Certificate> issuers = issuers(leaf, chain);
        OfflineCheckResult.Revocation revocation = revocation(leaf, issuers, notes);
        int sctCount = EmbeddedSctCount.of(leaf);
        OfflineCheckResult.CtPolicy ctPolicy = ctPolicy(leaf, issuers, notes);
        return new OfflineCheckResult(sha256, leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant(),
                expiry, weakKey, lints, chainStatus, revocation, sctCount, ctPolicy, notes);
    }

    private static String sha256(X509Certificate leaf) {
        try {
            return CertificateScan.sha256(leaf.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    private Optional<String> weakKey(X509Certificate leaf, List<String> notes) {
        try {
            return inspector.inspect(leaf.getPublicKey()).stream().findFirst().map(WeakKeyFinding::id).map(Enum::name);
        } catch (IllegalArgumentException e) {
            notes.add("weak key: the public key cannot be inspected: " + e.getMessage());
            return Optional.empty();
        }
    }

    private String chainStatus(X509Certificate leaf, List<X509Certificate> chain, List<String> notes) {
        if (validator == null) {
            return OfflineCheckResult.NOT_CHECKED;
        }
        ChainValidation validation = validator.validate(leaf, chain, at, noFetches);
        for (ChainProblem p : validation.problems()) {
            notes.add("chain: " + p.id() + " at " + p.certificate() + ": " + p.detail());
        }
        return validation.status().name();
    }

    /** @return the certificates whose subject is the leaf's issuer: the presented ones first, then anchors */
    private List<X509Certificate> issuers(X509Certificate leaf, List<X509Certificate> chain) {
        List<X509Certificate> out = new ArrayList<>(2);
        for (List<X509Certificate> source : List.of(chain, anchors)) {
            for (X509Certificate c : source) {
                if (Certificates.sameName(c.getSubjectX500Principal(), leaf.getIssuerX500Principal()) && !c.equals(leaf)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private OfflineCheckResult.Revocation revocation(X509Certificate leaf, List<X509Certificate> issuers,
            List<String> notes) {
        if (crls.isEmpty()) {
            return OfflineCheckResult.Revocation.NOT_CHECKED;
        }
        RevocationStatus status = crls.status(leaf, issuers, at);
        switch (status.state()) {
            case GOOD:
                return OfflineCheckResult.Revocation.GOOD;
            case REVOKED:
                notes.add("revocation: revoked at " + status.revocationDate().orElseThrow()
                        + status.reason().map(r -> " (" + r + ")").orElse("") + ", " + status.detail());
                return OfflineCheckResult.Revocation.REVOKED;
            default:
                notes.add("revocation: unknown, " + status.cause().orElseThrow() + ": " + status.detail());
                return OfflineCheckResult.Revocation.UNKNOWN;
        }
    }

    private OfflineCheckResult.CtPolicy ctPolicy(X509Certificate leaf, List<X509Certificate> issuers,
            List<String> notes) {
        if (ct == null) {
            return OfflineCheckResult.CtPolicy.NOT_CHECKED;
        }
        if (issuers.isEmpty()) {
            notes.add("ct: not checked, the issuer certificate '" + leaf.getIssuerX500Principal().getName()
                    + "' is neither presented nor a trust anchor, and SCTs are signed over its key");
            return OfflineCheckResult.CtPolicy.NOT_CHECKED;
        }
        CtReport report;
        try {
            report = ct.check(leaf, issuers.get(0), at);
        } catch (CtFormatException | IllegalArgumentException e) {
            notes.add("ct: " + e.getMessage());
            return OfflineCheckResult.CtPolicy.NOT_COMPLIANT;
        }
        if (report.policy() == CtCompliance.COMPLIANT) {
            return OfflineCheckResult.CtPolicy.COMPLIANT;
        }
        for (CtReason r : report.reasons()) {
            notes.add("ct: " + r.kind() + ": " + r.message());
        }
        return OfflineCheckResult.CtPolicy.NOT_COMPLIANT;
    }

    private static Optional<Boolean> revoked(RevocationStatus status) {
        return switch (status.state()) {
            case GOOD -> Optional.of(false);
            case REVOKED -> Optional.of(true);
            case UNKNOWN -> Optional.empty();
        };
    }

    /**
     * Configures an {@link OfflineCertificateCheck}. Each setting may be made once (CRLs: once per
     * name); a bad value is rejected when set. Without trust anchors the chain is not checked,
     * without CRLs revocation is not, without a log list CT compliance is not.
     */
    public static final class Builder {
        private final Instant at;
        private List<X509Certificate> anchors;
        private final Map<String, byte[]> crls = new LinkedHashMap<>();
        private CtLogList logList;
        private Duration expiringThreshold;
        private DebianWeakKeyBlocklist blocklist;

        private Builder(Instant at) {
            this.at = Objects.requireNonNull(at, "at");
        }

        /**
         * @param certificates the certificates trusted as roots of paths; at least one
         * @return this builder
         * @throws NullPointerException if the collection or an element is null
         * @throws IllegalArgumentException if it is empty
         * @throws IllegalStateException if already set
         */
        public Builder trustAnchors(Collection<X509Certificate> certificates) {
            requireUnset(anchors, "trustAnchors");
            List<X509Certificate> copy = List.copyOf(certificates);
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("trustAnchors needs at least one certificate; leave it unset "
                        + "to skip chain validation");
            }
            anchors = copy;
            return this;
        }

        /**
         * Adds a CRL. It is read when the check is built and trusted only once a certificate of its
         * issuer verifies it; see {@link OfflineCertificateCheck#unverifiedCrls()}.
         *
         * @param name names the CRL in messages, e.g. its file name; not null, not blank
         * @param crl the CRL, DER or PEM; not null; copied
         * @return this builder
         * @throws NullPointerException if an argument is null
         * @throws IllegalArgumentException if the name is blank
         * @throws IllegalStateException if a CRL of that name was already added
         */
        public Builder crl(String name, byte[] crl) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(crl, "crl");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a CRL's name must not be blank");
            }
            if (crls.putIfAbsent(name, crl.clone()) != null) {
                throw new IllegalStateException("a CRL named '" + name + "' was already added");
            }
            return this;
        }

        /**
         * @param json Chrome's CT log list v3 ({@code log_list.json}); entries that are wrong are left out
         *        with a warning, as the CT check of the jobs does
         * @return this builder
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if the document is not JSON or not shaped like a v3 log list
         * @throws IllegalStateException if already set
         */
        public Builder ctLogList(String json) {
            requireUnset(logList, "ctLogList");
            Objects.requireNonNull(json, "json");
            try {
                logList = CtLogList.parse(json);
            } catch (CtFormatException e) {
                throw new IllegalArgumentException("the CT log list cannot be read: " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * @param value how long before notAfter a certificate is {@code EXPIRING}; not negative; default
         *        {@link OfflineCertificateCheck#DEFAULT_EXPIRING_THRESHOLD}
         * @return this builder
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if negative
         * @throws IllegalStateException if already set
         */
        public Builder expiringThreshold(Duration value) {
            requireUnset(expiringThreshold, "expiringThreshold");
            Objects.requireNonNull(value, "expiringThreshold");
            if (value.isNegative()) {
                throw new IllegalArgumentException("expiringThreshold must not be negative, got " + value);
            }
            expiringThreshold = value;
            return this;
        }

        /**
         * @param lines a Debian weak-key blocklist in the {@code openssl-blacklist} format (one 20-hex-digit
         *        fingerprint a line, {@code #} comments); default: none, so {@code DEBIAN_WEAK} is never found
         * @return this builder
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if a line is not a fingerprint
         * @throws IllegalStateException if already set
         */
        public Builder weakKeyBlocklist(Iterable<String> lines) {
            requireUnset(blocklist, "weakKeyBlocklist");
            blocklist = DebianWeakKeyBlocklist.parse(Objects.requireNonNull(lines, "lines"));
            return this;
        }

        /**
         * Reads the CRLs and verifies those the trust anchors issued.
         *
         * @return the check
         * @throws IllegalArgumentException naming the CRL if one is malformed or uses an unsupported feature
         */
        public OfflineCertificateCheck build() {
            OfflineCertificateCheck check = new OfflineCertificateCheck(this);
            LOG.debug("offline certificate check at {}: {} trust anchors, {} CRLs ({} unverified), log list {}, "
                    + "blocklist {}, expiring within {}", at, check.anchors.size(), crls.size(),
                    check.unverifiedCrls().size(), logList != null ? logList.logs().size() + " logs" : "none",
                    blocklist != null ? blocklist.size() + " entries" : "none", check.expiringThreshold);
            return check;
        }

        private static void requireUnset(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set");
            }
        }
    }
}
