package dev.vigil.jobs.cert.crl;

import dev.vigil.spi.cert.FetchException;
import dev.vigil.spi.cert.RevocationReason;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Answers whether a certificate is revoked according to the CRLs at its distribution points
 * (RFC 5280 §6.3, without indirect CRLs). Each http(s) distribution point is looked up in the
 * {@link CrlCache}, which downloads, verifies and indexes each CRL once; the first point that gives
 * a verified, fresh answer decides. Not implemented: indirect CRLs (a distribution point with a
 * cRLIssuer gives unknown, as its CRL is not signed by the issuer) and distribution points limited
 * to some reasons (their CRL is read as if it covered all reasons). A delta CRL named by the freshestCRL extension
 * of the certificate or of the base CRL is applied on top of the base when its base number is at
 * most the base CRL's number and its own number is higher.
 *
 * <p>Never throws for bad input: a malformed certificate extension or CRL gives
 * {@link RevocationStatus.State#UNKNOWN} with the reason, so a job goes on with the next certificate.
 * Thread-safe.
 *
 * <pre>{@code
 * CrlRevocationChecker checker = new CrlRevocationChecker(CrlCache.builder(HttpUrlFetcher.create(), clock).build());
 * RevocationStatus status = checker.check(certificate, issuerCertificate);
 * }</pre>
 */
public final class CrlRevocationChecker {
    private final CrlCache cache;

    /**
     * @param cache where CRLs are downloaded and held; may be shared by several checkers; not null
     * @throws NullPointerException if {@code cache} is null
     */
    public CrlRevocationChecker(CrlCache cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * @param certificate the certificate to check; not null
     * @param issuer the certificate of its issuer, which must have signed the CRLs; the caller has
     *     validated the chain; not null
     * @return the status; never null
     * @throws NullPointerException if an argument is null
     */
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(issuer, "issuer");
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return RevocationStatus.unknown(UnknownCause.WRONG_ISSUER, "the certificate is issued by '"
                    + certificate.getIssuerX500Principal().getName() + "', the issuer certificate given is '"
                    + issuer.getSubjectX500Principal().getName() + "'");
        }
        CertificateFacts facts;
        try {
            facts = CertificateFacts.read(certificate);
        } catch (CrlException e) {
            return RevocationStatus.unknown(UnknownCause.MALFORMED, e.getMessage());
        }
        List<URI> points = facts.distributionPoints;
        if (points.isEmpty()) {
            return RevocationStatus.unknown(UnknownCause.NO_DISTRIBUTION_POINT,
                    "the certificate has no CRL distribution point URI");
        }
        UnknownCause firstCause = null;
        List<String> why = new ArrayList<>();
        for (URI point : points) {
            RevocationStatus status = check(certificate, issuer, point, facts);
            if (status.state() != RevocationStatus.State.UNKNOWN) {
                return status;
            }
            firstCause = firstCause != null ? firstCause : status.cause().orElseThrow();
            why.add(status.detail());
        }
        return RevocationStatus.unknown(firstCause, String.join("; ", why));
    }

    private RevocationStatus check(X509Certificate certificate, X509Certificate issuer, URI point,
            CertificateFacts facts) {
        String where = FetchException.shown(point);
        if (!isHttp(point)) {
            return RevocationStatus.unknown(UnknownCause.UNSUPPORTED_SCHEME, where + ": unsupported scheme '"
                    + point.getScheme() + "'; only http and https distribution points are fetched");
        }
        CrlCache.Outcome outcome = cache.get(point, issuer);
        if (outcome.index() == null) {
            return RevocationStatus.unknown(outcome.cause(), outcome.detail());
        }
        CrlIndex base = outcome.index();
        if (base.isDelta()) {
            return RevocationStatus.unknown(UnknownCause.OUT_OF_SCOPE, where + " serves a delta CRL, "
                    + "which cannot answer without its base");
        }
        byte[] crlAki = base.authorityKeyId();
        if (facts.authorityKeyId != null && crlAki != null && !Arrays.equals(facts.authorityKeyId, crlAki)) {
            return RevocationStatus.unknown(UnknownCause.WRONG_ISSUER, where + ": the CRL's authority key "
                    + "identifier differs from the certificate's (signed by another key of the same CA)");
        }
        Optional<String> outOfScope = base.outOfScope(certificate, point);
        if (outOfScope.isPresent()) {
            return RevocationStatus.unknown(UnknownCause.OUT_OF_SCOPE, where + ": " + outOfScope.get());
        }
        CrlIndex delta = delta(base, issuer, facts.freshestCrls);
        BigInteger serial = certificate.getSerialNumber();
        String source = where + " (" + base
                + (delta == null ? "" : " with delta #" + delta.number().orElseThrow()) + ")";
        Optional<RevokedEntry> entry = delta == null ? Optional.empty() : delta.find(serial);
        if (entry.isPresent() && entry.get().reason().equals(Optional.of(RevocationReason.REMOVE_FROM_CRL))) {
            return RevocationStatus.good("removed from the CRL by the delta: " + source);
        }
        if (entry.isEmpty()) {
            entry = base.find(serial);
        }
        if (entry.isPresent()) {
            RevokedEntry e = entry.get();
            return RevocationStatus.revoked(e.revocationDate(), e.reason(), "revoked " + e.revocationDate()
                    + e.reason().map(r -> " (" + r.name().toLowerCase(Locale.ROOT) + ")").orElse("") + ": " + source);
        }
        if (base.coversOnlySomeReasons()) {
            return RevocationStatus.unknown(UnknownCause.OUT_OF_SCOPE, where + ": not listed, but the CRL covers "
                    + "only some revocation reasons");
        }
        return RevocationStatus.good("not listed: " + source);
    }

    /** @return the newest fresh delta that applies to {@code base}, or null */
    private CrlIndex delta(CrlIndex base, X509Certificate issuer, List<URI> certificateDeltas) {
        if (base.number().isEmpty() || (base.freshestCrls().isEmpty() && certificateDeltas.isEmpty())) {
            return null;
        }
        BigInteger baseNumber = base.number().get();
        Set<URI> urls = new LinkedHashSet<>(base.freshestCrls());
        certificateDeltas.stream().filter(CrlRevocationChecker::isHttp).forEach(urls::add);
        CrlIndex best = null;
        for (URI url : urls) {
            CrlCache.Outcome outcome = cache.get(url, issuer);
            CrlIndex d = outcome.index();
            if (d == null || !d.isDelta() || d.number().isEmpty()
                    || d.deltaBase().orElseThrow().compareTo(baseNumber) > 0
                    || d.number().get().compareTo(baseNumber) <= 0) {
                continue;
            }
            if (best == null || d.number().get().compareTo(best.number().orElseThrow()) > 0) {
                best = d;
            }
        }
        return best;
    }

    private static boolean isHttp(URI uri) {
        String scheme = uri.getScheme();
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }
}
