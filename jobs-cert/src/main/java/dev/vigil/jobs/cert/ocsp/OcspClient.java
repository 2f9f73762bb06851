package dev.vigil.jobs.cert.ocsp;

import dev.vigil.spi.cert.FetchException;
import dev.vigil.spi.cert.ResponseTooLargeException;
import dev.vigil.spi.cert.RevocationReason;
import dev.vigil.spi.cert.UrlFetcher;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a certificate's OCSP responders about it (RFC 6960) and believes only a verified, fresh,
 * matching answer:
 * <ul>
 *   <li>the request carries a random 16-byte nonce (RFC 8954) and is POSTed; with a fetcher that
 *       cannot post, it is sent as a GET (RFC 6960 appendix A);
 *   <li>the answer must be signed by the issuer's key, or by a responder certificate that the
 *       issuer signed, that has the id-kp-OCSPSigning extended key usage and that is valid now;
 *   <li>a nonce in the answer must be the request's; an answer without one is accepted (responders
 *       serving pre-signed answers, RFC 5019, do not echo it) unless a nonce is required;
 *   <li>the single response used must be for the certificate asked about (serial and issuer name and
 *       key hashes); its thisUpdate may not be in the future beyond the clock skew, and it is stale
 *       after its nextUpdate, or, without one, after the maximum age.
 * </ul>
 * Responders are tried in the certificate's order until one gives a good or revoked answer. A
 * responder that could not be reached (network error, timeout, error status) is not asked again by
 * this client, so one dead responder costs a job run one timeout, not one per certificate: make a
 * client per run. Never throws for bad input: a malformed extension or answer gives
 * {@link OcspStatus.State#UNKNOWN} with the problem. Response bytes are never logged. Thread-safe.
 */
public final class OcspClient {
    /** Default largest answer accepted: 64 KiB, far above an answer with a responder certificate chain. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L << 10;
    /** Default maximum age of an answer without nextUpdate: 4 days, the CA/B Forum's longest update interval. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(4);
    /** Default tolerance for the responder's clock: 5 minutes. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(OcspClient.class);
    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    private static final String AIA = "1.3.6.1.5.5.7.1.1";

    private final UrlFetcher fetcher;
    private final Clock clock;
    private final long maxResponseBytes;
    private final Duration maxAge;
    private final Duration clockSkew;
    private final boolean requireNonce;
    private final SecureRandom random = new SecureRandom();
    private final Map<URI, String> unreachable = new ConcurrentHashMap<>();
    private final DigestCalculatorProvider digests;

    private OcspClient(Builder b) {
        this.fetcher = b.fetcher;
        this.clock = b.clock;
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxAge = b.maxAge;
        this.clockSkew = b.clockSkew;
        this.requireNonce = b.requireNonce;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest provider for OCSP", e);
        }
    }

    /**
     * @param fetcher posts the requests; not null
     * @param clock tells whether an answer is fresh; not null
     * @return a builder with the defaults
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(UrlFetcher fetcher, Clock clock) {
        return new Builder(fetcher, clock);
    }

    /**
     * @param certificate a certificate; not null
     * @return the http(s) OCSP responder URIs of its authority information access extension, in order
     * @throws IllegalArgumentException if the extension is malformed
     */
    public static List<URI> responders(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(AIA);
        if (value == null) {
            return List.of();
        }
        List<URI> out = new ArrayList<>();
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(value));
            for (AccessDescription d : aia.getAccessDescriptions()) {
                GeneralName name = d.getAccessLocation();
                if (d.getAccessMethod().equals(X509ObjectIdentifiers.id_ad_ocsp)
                        && name.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    URI uri = URI.create(name.getName().toString());
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (scheme.equals("http") || scheme.equals("https")) {
                        out.add(uri);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed authority information access extension: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * @param certificate the certificate to check; not null
     * @param issuer the certificate of its issuer; not null
     * @return the status; never null
     * @throws NullPointerException if an argument is null
     */
    public OcspStatus check(X509Certificate certificate, X509Certificate issuer) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(issuer, "issuer");
        List<URI> responders;
        try {
            responders = responders(certificate);
        } catch (IllegalArgumentException e) {
            return OcspStatus.unknown(OcspProblem.MALFORMED, "the certificate's " + e.getMessage());
        }
        if (responders.isEmpty()) {
            return OcspStatus.unknown(OcspProblem.NO_RESPONDER, "the certificate names no http(s) OCSP responder");
        }
        OcspProblem first = null;
        List<String> why = new ArrayList<>();
        for (URI responder : responders) {
            OcspStatus status = ask(responder, certificate, issuer);
            if (status.state() != OcspStatus.State.UNKNOWN) {
                return status;
            }
            first = first != null ? first : status.problem().orElseThrow();
            why.add(status.detail());
        }
        return OcspStatus.unknown(first, String.join("; ", why));
    }

    private OcspStatus ask(URI responder, X509Certificate certificate, X509Certificate issuer) {
        String where = FetchException.shown(responder);
        X509CertificateHolder issuerHolder;
        CertificateID id;
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        byte[] request;
        try {
            issuerHolder = new JcaX509CertificateHolder(issuer);
            id = new CertificateID(digests.get(CertificateID.HASH_SHA1), issuerHolder, certificate.getSerialNumber());
            request = new OCSPReqBuilder().addRequest(id).setRequestExtensions(new Extensions(
                    new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                            new DEROctetString(new DEROctetString(nonce).getEncoded())))).build().getEncoded();
        } catch (OCSPException | OperatorCreationException | CertificateException | IOException e) {
            return OcspStatus.unknown(OcspProblem.MALFORMED, where + ": cannot build the request: " + e.getMessage());
        }
        String failedBefore = unreachable.get(responder);
        if (failedBefore != null) {
            return OcspStatus.unknown(OcspProblem.FETCH_FAILED, where + ": not asked, it failed earlier (" + failedBefore
                    + ")");
        }
        byte[] answer;
        try {
            answer = send(responder, request);
        } catch (ResponseTooLargeException e) {
            return OcspStatus.unknown(OcspProblem.TOO_LARGE, e.getMessage());
        } catch (FetchException e) {
            unreachable.put(responder, e.getMessage());
            return OcspStatus.unknown(OcspProblem.FETCH_FAILED, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Fetcher failed on {} with an unexpected exception", where, e);
            return OcspStatus.unknown(OcspProblem.FETCH_FAILED, where + ": " + e);
        }
        try {
            return read(where, answer, certificate, issuer, issuerHolder, nonce);
        } catch (OCSPException | IOException | RuntimeException e) {
            log.debug("Unreadable OCSP answer from {}", where, e);
            return OcspStatus.unknown(OcspProblem.MALFORMED, where + ": not a readable OCSP response ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private byte[] send(URI responder, byte[] request) {
        try {
            return fetcher.post(responder, "application/ocsp-request", request, maxResponseBytes);
        } catch (UnsupportedOperationException e) {
            String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII);
            String base = responder.toString();
            return fetcher.fetch(URI.create(base + (base.endsWith("/") ? "" : "/") + encoded), maxResponseBytes);
        }
    }

    private OcspStatus read(String where, byte[] answer, X509Certificate certificate, X509Certificate issuer,
                            X509CertificateHolder issuerHolder, byte[] nonce) throws OCSPException, IOException {
        OCSPResp response = new OCSPResp(answer);
        if (response.getStatus() != OCSPResp.SUCCESSFUL) {
            return OcspStatus.unknown(OcspProblem.RESPONDER_ERROR, where + ": the responder answered "
                    + responseStatus(response.getStatus()));
        }
        if (!(response.getResponseObject() instanceof BasicOCSPResp basic)) {
            return OcspStatus.unknown(OcspProblem.MALFORMED, where + ": not a basic OCSP response");
        }
        Optional<OcspStatus> signature = checkSignature(where, basic, issuer);
        if (signature.isPresent()) {
            return signature.get();
        }
        Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (echoed != null) {
            byte[] value = echoed.getExtnValue().getOctets();
            if (!Arrays.equals(value, new DEROctetString(nonce).getEncoded()) && !Arrays.equals(value, nonce)) {
                return OcspStatus.unknown(OcspProblem.NONCE_MISMATCH, where + ": the answer's nonce is not the "
                        + "request's (a replayed or misdirected answer)");
            }
        } else if (requireNonce) {
            return OcspStatus.unknown(OcspProblem.NONCE_MISSING, where + ": the answer has no nonce, and one is required");
        }
        SingleResp single = null;
        for (SingleResp r : basic.getResponses()) {
            CertificateID id = r.getCertID();
            if (id.getSerialNumber().equals(certificate.getSerialNumber()) && id.matchesIssuer(issuerHolder, digests)) {
                single = r;
                break;
            }
        }
        if (single == null) {
            return OcspStatus.unknown(OcspProblem.CERT_ID_MISMATCH, where + ": the answer has no response for serial "
                    + certificate.getSerialNumber().toString(16) + " of this issuer");
        }
        Instant now = clock.instant();
        Instant thisUpdate = single.getThisUpdate().toInstant();
        Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
        String times = "thisUpdate " + thisUpdate + (nextUpdate == null ? "" : ", nextUpdate " + nextUpdate);
        if (thisUpdate.isAfter(now.plus(clockSkew))) {
            return OcspStatus.unknown(OcspProblem.NOT_YET_VALID, where + ": the answer's " + times + " is in the future");
        }
        Instant expiry = nextUpdate != null ? nextUpdate.plus(clockSkew) : thisUpdate.plus(maxAge);
        if (now.isAfter(expiry)) {
            return OcspStatus.unknown(OcspProblem.STALE, where + ": the answer is stale (" + times
                    + (nextUpdate == null ? ", no nextUpdate; maximum age " + maxAge : "") + ")");
        }
        CertificateStatus status = single.getCertStatus();
        String source = where + " (" + times + ")";
        if (status == CertificateStatus.GOOD) {
            return OcspStatus.good("good: " + source);
        }
        if (status instanceof RevokedStatus revoked) {
            Instant at = revoked.getRevocationTime().toInstant();
            Optional<String> reason = revoked.hasRevocationReason()
                    ? RevocationReason.ofCode(revoked.getRevocationReason()).map(RevocationReason::rfcName) : Optional.empty();
            return OcspStatus.revoked(at, reason, "revoked " + at + reason.map(r -> " (" + r + ")").orElse("") + ": "
                    + source);
        }
        if (status instanceof UnknownStatus) {
            return OcspStatus.unknown(OcspProblem.UNKNOWN_CERTIFICATE, where + ": the responder does not know the "
                    + "certificate");
        }
        return OcspStatus.unknown(OcspProblem.MALFORMED, where + ": unrecognised certificate status");
    }

    /** @return empty if the issuer or a responder it authorised signed the answer, else why not */
    private Optional<OcspStatus> checkSignature(String where, BasicOCSPResp basic, X509Certificate issuer) {
        if (signedBy(basic, issuer.getPublicKey())) {
            return Optional.empty();
        }
        Date now = Date.from(clock.instant());
        List<String> refused = new ArrayList<>();
        for (X509CertificateHolder holder : basic.getCerts()) {
            X509Certificate responder;
            try {
                responder = new JcaX509CertificateConverter().getCertificate(holder);
            } catch (CertificateException e) {
                refused.add("an unreadable certificate");
                continue;
            }
            Optional<String> unauthorised = authorisation(responder, issuer, now);
            if (unauthorised.isPresent()) {
                if (signedBy(basic, responder.getPublicKey())) {
                    return Optional.of(OcspStatus.unknown(OcspProblem.UNAUTHORISED_RESPONDER, where + ": signed by '"
                            + responder.getSubjectX500Principal().getName() + "', which " + unauthorised.get()));
                }
                refused.add("'" + responder.getSubjectX500Principal().getName() + "'");
                continue;
            }
            if (signedBy(basic, responder.getPublicKey())) {
                return Optional.empty();
            }
        }
        return Optional.of(OcspStatus.unknown(OcspProblem.BAD_SIGNATURE, where + ": the answer's signature does not "
                + "verify with the issuer's key" + (basic.getCerts().length == 0 ? "" : " nor an authorised responder's")));
    }

    /** @return empty if {@code responder} may sign OCSP answers for {@code issuer}, else what it lacks */
    private static Optional<String> authorisation(X509Certificate responder, X509Certificate issuer, Date now) {
        if (!responder.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return Optional.of("is not issued by the certificate's issuer");
        }
        try {
            responder.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of("is not signed by the issuer's key");
        }
        try {
            List<String> usages = responder.getExtendedKeyUsage();
            if (usages == null || !usages.contains(OCSP_SIGNING)) {
                return Optional.of("lacks the id-kp-OCSPSigning extended key usage");
            }
        } catch (CertificateParsingException e) {
            return Optional.of("has a malformed extended key usage");
        }
        try {
            responder.checkValidity(now);
        } catch (CertificateException e) {
            return Optional.of("is not valid now");
        }
        return Optional.empty();
    }

    private static boolean signedBy(BasicOCSPResp basic, PublicKey key) {
        try {
            return basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OCSPException | OperatorCreationException | RuntimeException e) {
            return false;
        }
    }

    private static String responseStatus(int status) {
        return switch (status) {
            case 1 -> "malformedRequest";
            case 2 -> "internalError";
            case 3 -> "tryLater";
            case 5 -> "sigRequired";
            case 6 -> "unauthorized";
            default -> "status " + status;
        };
    }

    /** Settings of an {@link OcspClient}; each setter checks its value. */
    public static final class Builder {
        private final UrlFetcher fetcher;
        private final Clock clock;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private boolean requireNonce;

        private Builder(UrlFetcher fetcher, Clock clock) {
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /**
         * @param bytes the largest answer accepted; at least 1 (default {@link #DEFAULT_MAX_RESPONSE_BYTES})
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is less than 1
         */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1, was " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * @param age how long after its thisUpdate an answer without nextUpdate is used; positive
         *     (default {@link #DEFAULT_MAX_AGE})
         * @return this builder
         * @throws IllegalArgumentException if {@code age} is not positive
         */
        public Builder maxAge(Duration age) {
            Objects.requireNonNull(age, "maxAge");
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive, was " + age);
            }
            this.maxAge = age;
            return this;
        }

        /**
         * @param skew how far the responder's clock may be ahead or behind; zero or positive
         *     (default {@link #DEFAULT_CLOCK_SKEW})
         * @return this builder
         * @throws IllegalArgumentException if {@code skew} is negative
         */
        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "clockSkew");
            if (skew.isNegative()) {
                throw new IllegalArgumentException("clockSkew must not be negative, was " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        /**
         * @param value whether an answer without a nonce is refused (default false: pre-signed
         *     answers have none)
         * @return this builder
         */
        public Builder requireNonce(boolean value) {
            this.requireNonce = value;
            return this;
        }

        /** @return the client */
        public OcspClient build() {
            return new OcspClient(this);
        }
    }
}
