package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.Certificates.describe;

import dev.vigil.spi.cert.UrlFetcher;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the chain of one certificate against the host's trust anchors at an instant, with the
 * intermediates the inventory holds for it, and reports every problem found, not only the first.
 *
 * <p>How: Vigil searches the best path by issuer name and key identifiers (see {@link PathSearch}); when
 * that path does not reach a trust anchor and its last certificate has authorityInformationAccess caIssuers
 * URLs, they are fetched through the {@link UrlFetcher} given as issuer fetcher (at most
 * {@link Builder#maxFetches} fetches per validation, at most {@link Builder#maxAiaDepth} levels, at most
 * {@link Builder#maxResponseBytes} bytes per answer, answers shared through a {@link CaIssuersCache}) and the
 * search runs again. Vigil's own checks (see {@link PathChecks}: validity, signatures, CA flags, key usage,
 * path length, name constraints) run over the path, complete or partial; a complete path that holds
 * something only the JDK's {@code PKIX} validator judges (see {@link JdkPkix#addsToVigilsChecks}: an
 * unrecognised critical extension, policy constraints, a weak or unusual algorithm) also goes through it,
 * its reason mapped to a {@link ChainStatus}; and the {@link RevocationSource} is asked about each
 * certificate below the trust anchor. Problems are deduplicated by id and position.
 *
 * <p>Each signature is verified once per validation, and a CA certificate's signature once per validator
 * (see {@link SignatureEdges}): the intermediates that many leaves share cost nothing after the first.
 *
 * <p>Bad input never throws: a certificate that does not decode, or a null intermediate, is a
 * {@link ChainStatus#MALFORMED_CERTIFICATE} problem. Thread-safe; one instance serves any number of runs.
 *
 * <pre>{@code
 * ChainValidator validator = ChainValidator.builder(trustAnchors).issuerFetcher(fetcher).build();
 * CaIssuersCache cache = CaIssuersCache.create(); // one per run
 * ChainValidation result = validator.validate(leaf, intermediates, clock.instant(), cache);
 * }</pre>
 */
public final class ChainValidator {
    private static final Logger LOG = LoggerFactory.getLogger(ChainValidator.class);

    private final Set<X509Certificate> anchorCertificates;
    private final SignatureEdges edges;
    private final CaFacts facts = new CaFacts(CaFacts.DEFAULT_CAPACITY);
    /** Null when the host gave none: caIssuers URLs are then not followed. */
    private final UrlFetcher fetcher;
    private final RevocationSource revocation;
    private final int maxResponseBytes;
    private final int maxFetches;
    private final int maxAiaDepth;

    private ChainValidator(Builder b) {
        this.anchorCertificates = Set.copyOf(b.anchors);
        this.edges = b.verifier != null ? new SignatureEdges(b.verifier, SignatureEdges.DEFAULT_CAPACITY)
                : SignatureEdges.create();
        this.fetcher = b.fetcher;
        this.revocation = b.revocation != null ? b.revocation : RevocationSource.unknown();
        this.maxFetches = b.maxFetches != null ? b.maxFetches : Builder.DEFAULT_MAX_FETCHES;
        this.maxAiaDepth = b.maxAiaDepth != null ? b.maxAiaDepth : Builder.DEFAULT_MAX_AIA_DEPTH;
        this.maxResponseBytes = b.maxResponseBytes != null ? b.maxResponseBytes : Builder.DEFAULT_MAX_RESPONSE_BYTES;
    }

    /**
     * @param trustAnchors the certificates the host trusts as roots of paths; at least one, no null
     * @return a builder
     * @throws NullPointerException if the collection or an element is null
     * @throws IllegalArgumentException if it is empty or a certificate does not decode
     */
    public static Builder builder(Collection<X509Certificate> trustAnchors) {
        return new Builder(trustAnchors);
    }

    /**
     * Validates a leaf's chain.
     *
     * @param leaf the certificate to validate; not null
     * @param intermediates certificates that may be part of its path, in any order; not null; null elements and
     *        certificates that do not decode are reported as problems
     * @param at the validation instant; not null
     * @param cache the run's caIssuers answers; not null
     * @return the outcome; never throws for bad certificates
     * @throws NullPointerException if an argument is null
     */
    public ChainValidation validate(X509Certificate leaf, List<X509Certificate> intermediates, Instant at,
            CaIssuersCache cache) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(intermediates, "intermediates");
        requireContext(at, cache);
        List<ChainProblem> inputProblems = new ArrayList<>();
        X509Certificate decodedLeaf;
        try {
            decodedLeaf = Certificates.normalise(leaf);
        } catch (CertificateException e) {
            return malformedLeaf(e);
        }
        List<X509Certificate> pool = new ArrayList<>();
        for (int i = 0; i < intermediates.size(); i++) {
            X509Certificate c = intermediates.get(i);
            try {
                if (c == null) {
                    throw new CertificateException("is null");
                }
                pool.add(Certificates.normalise(c));
            } catch (CertificateException e) {
                inputProblems.add(malformedIntermediate(i, e));
            }
        }
        return validate(decodedLeaf, pool, inputProblems, at, cache);
    }

    /**
     * Validates a leaf's chain given as encoded certificates, as an inventory stores them.
     *
     * @param leaf the certificate to validate, DER or PEM; not null
     * @param intermediates certificates that may be part of its path, DER or PEM, in any order; not null; null
     *        elements and certificates that do not decode are reported as problems
     * @param at the validation instant; not null
     * @param cache the run's caIssuers answers; not null
     * @return the outcome, {@link ChainStatus#MALFORMED_CERTIFICATE} when the leaf does not decode
     * @throws NullPointerException if an argument is null
     */
    public ChainValidation validateEncoded(byte[] leaf, List<byte[]> intermediates, Instant at,
            CaIssuersCache cache) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(intermediates, "intermediates");
        requireContext(at, cache);
        X509Certificate decodedLeaf;
        try {
            decodedLeaf = Certificates.decode(leaf);
        } catch (CertificateException e) {
            return malformedLeaf(e);
        }
        List<ChainProblem> inputProblems = new ArrayList<>();
        List<X509Certificate> pool = new ArrayList<>();
        for (int i = 0; i < intermediates.size(); i++) {
            byte[] encoded = intermediates.get(i);
            try {
                if (encoded == null) {
                    throw new CertificateException("is null");
                }
                pool.add(Certificates.decode(encoded));
            } catch (CertificateException e) {
                inputProblems.add(malformedIntermediate(i, e));
            }
        }
        return validate(decodedLeaf, pool, inputProblems, at, cache);
    }

    private static void requireContext(Instant at, CaIssuersCache cache) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cache, "cache");
    }

    private static ChainValidation malformedLeaf(CertificateException e) {
        return ChainValidation.of(List.of(new ChainProblem(ChainStatus.MALFORMED_CERTIFICATE, 0, "leaf",
                "the certificate does not decode: " + e.getMessage())), List.of(), 0);
    }

    private static ChainProblem malformedIntermediate(int index, CertificateException e) {
        return new ChainProblem(ChainStatus.MALFORMED_CERTIFICATE, ChainProblem.NOT_IN_PATH,
                "intermediate #" + index, "the certificate " + e.getMessage() + "; it was left out of path building");
    }

    private ChainValidation validate(X509Certificate leaf, List<X509Certificate> intermediates,
            List<ChainProblem> inputProblems, Instant at, CaIssuersCache cache) {
        Set<X509Certificate> pool = new LinkedHashSet<>(intermediates);
        pool.remove(leaf);
        PathSearch search = new PathSearch(anchorCertificates, at, edges, facts);
        PathSearch.Path path = search.search(leaf, pool);
        List<String> aiaNotes = new ArrayList<>();
        int fetches = 0;
        for (int depth = 0; !path.anchored(); depth++) {
            X509Certificate last = path.last();
            if (Certificates.selfIssued(last)) {
                break;
            }
            if (fetcher == null) {
                aiaNotes.add("caIssuers URLs are not followed: no issuer fetcher is configured");
                break;
            }
            if (depth >= maxAiaDepth) {
                aiaNotes.add("caIssuers not followed further: depth limit of " + maxAiaDepth + " reached");
                break;
            }
            AiaRound round = followCaIssuers(last, pool, cache, maxFetches - fetches, aiaNotes);
            fetches += round.fetches();
            if (!round.foundIssuer()) {
                break;
            }
            path = search.search(leaf, pool);
        }
        Map<String, ChainProblem> problems = new LinkedHashMap<>();
        inputProblems.forEach(p -> problems.put(p.id() + "@" + p.certificate(), p));
        List<X509Certificate> certificates = path.certificates();
        if (!path.anchored()) {
            ChainProblem incomplete = incomplete(path, aiaNotes);
            problems.put(key(incomplete), incomplete);
        }
        for (ChainProblem p : PathChecks.check(certificates, path.anchored(), at, search::verdict, facts)) {
            problems.putIfAbsent(key(p), p);
        }
        if (path.anchored() && jdkJudgesMore(certificates)) {
            JdkPkix.validate(path, at).ifPresent(p -> problems.putIfAbsent(key(p), p));
        }
        for (ChainProblem p : revocations(path)) {
            problems.putIfAbsent(key(p), p);
        }
        List<String> subjects = certificates.stream().map(facts::describe).toList();
        return ChainValidation.of(List.copyOf(problems.values()), subjects, fetches);
    }

    /** @return {@link JdkPkix#addsToVigilsChecks(List)} for a complete path */
    private boolean jdkJudgesMore(List<X509Certificate> path) {
        int anchor = path.size() - 1;
        for (int i = 0; i < anchor; i++) {
            if (facts.jdkJudgesMore(path.get(i))) {
                return true;
            }
        }
        return facts.jdkJudgesMoreAsAnchor(path.get(anchor));
    }

    private static String key(ChainProblem p) {
        return p.id() + "@" + p.position();
    }

    private static ChainProblem incomplete(PathSearch.Path path, List<String> aiaNotes) {
        X509Certificate last = path.last();
        int position = path.certificates().size() - 1;
        String detail;
        if (Certificates.selfIssued(last)) {
            detail = "the path ends at a self-issued certificate that is not a trust anchor";
        } else {
            detail = "no issuer named " + last.getIssuerX500Principal().getName()
                    + " with a matching key identifier was found among the intermediates, the trust anchors"
                    + " and the caIssuers answers";
        }
        if (!aiaNotes.isEmpty()) {
            detail += "; " + String.join("; ", aiaNotes);
        }
        return new ChainProblem(ChainStatus.INCOMPLETE_CHAIN, position, describe(last), detail);
    }

    /**
     * What one round of caIssuers fetching did.
     *
     * @param fetches how many URLs were fetched (not taken from the cache)
     * @param foundIssuer whether a new certificate named as the issuer of the certificate was added to the pool
     */
    private record AiaRound(int fetches, boolean foundIssuer) {
    }

    private AiaRound followCaIssuers(X509Certificate certificate, Set<X509Certificate> pool, CaIssuersCache cache,
            int fetchesLeft, List<String> notes) {
        List<URI> urls = caIssuersUrls(certificate, notes);
        if (urls.isEmpty()) {
            notes.add(describe(certificate) + " has no caIssuers URL");
            return new AiaRound(0, false);
        }
        int fetches = 0;
        for (URI url : urls) {
            Optional<CaIssuersCache.Lookup> lookup = cache.lookup(url, fetcher, maxResponseBytes,
                    fetches < fetchesLeft);
            if (lookup.isEmpty()) {
                notes.add("caIssuers " + url + " not fetched: limit of " + maxFetches + " fetches per validation reached");
                continue;
            }
            if (lookup.get().fetched()) {
                fetches++;
            }
            CaIssuersCache.Answer answer = lookup.get().answer();
            if (answer.failure().isPresent()) {
                notes.add("caIssuers " + url + ": " + answer.failure().get());
                continue;
            }
            boolean foundIssuer = false;
            for (X509Certificate fetched : answer.certificates()) {
                // a bundle may hold the levels above too; all go to the pool, saving their fetches
                if (pool.add(fetched) && fetched.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                    foundIssuer = true;
                }
            }
            if (foundIssuer) {
                return new AiaRound(fetches, true);
            }
            notes.add("caIssuers " + url + " served no new certificate named "
                    + certificate.getIssuerX500Principal().getName());
        }
        return new AiaRound(fetches, false);
    }

    private static List<URI> caIssuersUrls(X509Certificate certificate, List<String> notes) {
        byte[] value = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (value == null) {
            return List.of();
        }
        List<URI> urls = new ArrayList<>();
        try {
            AuthorityInformationAccess access = AuthorityInformationAccess.getInstance(
                    ASN1OctetString.getInstance(value).getOctets());
            for (AccessDescription d : access.getAccessDescriptions()) {
                GeneralName location = d.getAccessLocation();
                if (d.getAccessMethod().equals(X509ObjectIdentifiers.id_ad_caIssuers)
                        && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    String text = DERIA5String.getInstance(location.getName()).getString();
                    try {
                        urls.add(new URI(text));
                    } catch (URISyntaxException e) {
                        notes.add("caIssuers URL of " + describe(certificate) + " is not a URI: " + e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            notes.add("authorityInformationAccess of " + describe(certificate) + " does not decode: " + e.getMessage());
        }
        return urls;
    }

    private List<ChainProblem> revocations(PathSearch.Path path) {
        List<X509Certificate> certificates = path.certificates();
        int belowAnchor = path.anchored() ? certificates.size() - 1 : certificates.size();
        List<ChainProblem> problems = new ArrayList<>();
        for (int i = 0; i < belowAnchor && i + 1 < certificates.size(); i++) {
            X509Certificate certificate = certificates.get(i);
            X509Certificate issuer = certificates.get(i + 1);
            Optional<Boolean> revoked;
            try {
                revoked = Objects.requireNonNull(revocation.isRevoked(certificate, issuer), "revocation answer");
            } catch (RuntimeException e) {
                LOG.warn("revocation source failed for {} (serial {}); its status is unknown", describe(certificate),
                        certificate.getSerialNumber().toString(16), e);
                continue;
            }
            if (revoked.orElse(false)) {
                problems.add(new ChainProblem(ChainStatus.REVOKED, i, describe(certificate),
                        "revoked, says the revocation source (serial " + certificate.getSerialNumber().toString(16)
                                + ", issuer " + describe(issuer) + ")"));
            }
        }
        return problems;
    }

    /**
     * Configures a {@link ChainValidator}. Each setting may be made once; a bad value is rejected when set.
     */
    public static final class Builder {
        /** The default {@link #maxFetches}. */
        public static final int DEFAULT_MAX_FETCHES = 4;
        /** The default {@link #maxAiaDepth}. */
        public static final int DEFAULT_MAX_AIA_DEPTH = 3;
        /** The default {@link #maxResponseBytes}: 64 KiB, far more than a certificate or a small bundle needs. */
        public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 << 10;
        private static final int LIMIT = 32;
        private static final int RESPONSE_LIMIT = 1 << 20;

        private final List<X509Certificate> anchors = new ArrayList<>();
        private UrlFetcher fetcher;
        private RevocationSource revocation;
        private Integer maxResponseBytes;
        private Integer maxFetches;
        private Integer maxAiaDepth;
        private SignatureEdges.Verifier verifier;

        private Builder(Collection<X509Certificate> trustAnchors) {
            Objects.requireNonNull(trustAnchors, "trustAnchors");
            int i = 0;
            for (X509Certificate c : trustAnchors) {
                Objects.requireNonNull(c, "trust anchor #" + i + " is null");
                try {
                    anchors.add(Certificates.normalise(c));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("trust anchor #" + i + " does not decode: " + e.getMessage(), e);
                }
                i++;
            }
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("at least one trust anchor is needed to validate chains");
            }
        }

        /**
         * @param value fetches caIssuers URLs, e.g. the host's {@link UrlFetcher} or
         *        {@code HttpUrlFetcher.create()}; without one, caIssuers URLs are not followed
         * @return this builder
         * @throws NullPointerException if null
         * @throws IllegalStateException if already set
         */
        public Builder issuerFetcher(UrlFetcher value) {
            requireUnset(fetcher, "issuerFetcher");
            fetcher = Objects.requireNonNull(value, "issuerFetcher");
            return this;
        }

        /**
         * @param value answers whether certificates are revoked; default {@link RevocationSource#unknown()}
         * @return this builder
         * @throws NullPointerException if null
         * @throws IllegalStateException if already set
         */
        public Builder revocationSource(RevocationSource value) {
            requireUnset(revocation, "revocationSource");
            revocation = Objects.requireNonNull(value, "revocationSource");
            return this;
        }

        /**
         * @param value the most caIssuers URLs one validation may fetch (cached answers are free), 0 to 32;
         *        default {@value #DEFAULT_MAX_FETCHES}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder maxFetches(int value) {
            requireUnset(maxFetches, "maxFetches");
            maxFetches = inRange(value, "maxFetches");
            return this;
        }

        /**
         * @param value how many issuer levels above the certificates given may be fetched, 0 to 32; default
         *        {@value #DEFAULT_MAX_AIA_DEPTH}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder maxAiaDepth(int value) {
            requireUnset(maxAiaDepth, "maxAiaDepth");
            maxAiaDepth = inRange(value, "maxAiaDepth");
            return this;
        }

        /**
         * @param value the largest caIssuers answer accepted, in bytes, 1 to 1 MiB; a longer one is a failed
         *        fetch; default {@value #DEFAULT_MAX_RESPONSE_BYTES}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException if already set
         */
        public Builder maxResponseBytes(int value) {
            requireUnset(maxResponseBytes, "maxResponseBytes");
            if (value < 1 || value > RESPONSE_LIMIT) {
                throw new IllegalArgumentException("maxResponseBytes must be 1 to " + RESPONSE_LIMIT + ", got "
                        + value);
            }
            maxResponseBytes = value;
            return this;
        }

        /** Replaces how signatures are verified, so that tests can count verifications. */
        Builder signatureVerifier(SignatureEdges.Verifier value) {
            requireUnset(verifier, "signatureVerifier");
            verifier = Objects.requireNonNull(value, "signatureVerifier");
            return this;
        }

        /** @return the validator */
        public ChainValidator build() {
            ChainValidator validator = new ChainValidator(this);
            LOG.debug("chain validator: {} trust anchors, maxFetches {}, maxAiaDepth {}, fetcher {}, revocation {}",
                    validator.anchorCertificates.size(), validator.maxFetches, validator.maxAiaDepth,
                    fetcher != null ? "set" : "none", revocation != null ? "set" : "none");
            return validator;
        }

        private static void requireUnset(Object current, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set");
            }
        }

        private static int inRange(int value, String name) {
            if (value < 0 || value > LIMIT) {
                throw new IllegalArgumentException(name + " must be 0 to " + LIMIT + ", got " + value);
            }
            return value;
        }
    }
}
