package dev.vigil.jobs.cert.crl;

import dev.vigil.jobs.cert.chain.Certificates;
import dev.vigil.jobs.cert.der.DerReader;
import dev.vigil.spi.cert.RevocationReason;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;

/**
 * CRL files a host already has (no downloads), looked up by the issuer name of the certificate in
 * question. Each CRL is verified with an issuer certificate before it is read: one of the known
 * issuers given when the set is read (typically the trust anchors), or one offered with a
 * certificate to check (its presented chain); the CRL's entries are indexed once, by the first
 * certificate whose subject, key identifier, key usage and public key verify it. A CRL that no
 * certificate has verified answers nothing: the status is {@link RevocationStatus.State#UNKNOWN}, and
 * {@link #unverified()} names it.
 *
 * <p>For a certificate, the CRLs of its issuer that are verified, cover it (issuing distribution
 * point scope, authority key identifier) and are fresh at the instant of the check decide: the
 * newest base CRL, with the delta CRLs on top of it whose base number it satisfies. Indirect CRLs
 * are rejected when read. Thread-safe: verification and indexing happen at most once per CRL.
 */
public final class OfflineCrls {
    /** How many distinct public keys a CRL remembers having failed to verify with. */
    private static final int MAX_FAILED_KEYS = 64;
    private static final URI NO_DISTRIBUTION_POINT = URI.create("urn:vigil:no-distribution-point");
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";

    private final List<Crl> crls;
    private final Map<X500Principal, List<Crl>> byIssuer;
    /**
     * The same lists by the exact encoding of each CRL's issuer name: looked up first, because finding a
     * certificate's issuer name in {@link #byIssuer} builds its canonical form, a microsecond per new certificate.
     */
    private final Map<KeyBytes, List<Crl>> byIssuerEncoding;

    private OfflineCrls(List<Crl> crls) {
        this.crls = List.copyOf(crls);
        Map<X500Principal, List<Crl>> map = new LinkedHashMap<>();
        crls.forEach(c -> map.computeIfAbsent(c.issuer, k -> new ArrayList<>()).add(c));
        map.replaceAll((k, v) -> List.copyOf(v));
        this.byIssuer = Map.copyOf(map);
        Map<KeyBytes, List<Crl>> byEncoding = new LinkedHashMap<>();
        crls.forEach(c -> byEncoding.put(new KeyBytes(c.issuer.getEncoded()), byIssuer.get(c.issuer)));
        this.byIssuerEncoding = Map.copyOf(byEncoding);
    }

    /**
     * Reads the CRLs' headers and verifies each with the known issuers whose subject is its issuer.
     *
     * @param crls CRLs by a name for messages (a file name), DER or PEM; not null
     * @param knownIssuers certificates that may have issued them, e.g. the trust anchors; not null
     * @return the set
     * @throws CrlException naming the CRL, if one is malformed or uses an unsupported feature (an
     *     indirect CRL, an unknown critical extension)
     * @throws NullPointerException if an argument or element is null
     */
    public static OfflineCrls read(Map<String, byte[]> crls, Collection<X509Certificate> knownIssuers) {
        Objects.requireNonNull(crls, "crls");
        Objects.requireNonNull(knownIssuers, "knownIssuers");
        List<Crl> read = new ArrayList<>();
        crls.forEach((name, bytes) -> {
            Objects.requireNonNull(bytes, name);
            CrlIndex.Header header;
            try {
                header = CrlIndex.Header.read(CrlIndex.decodePem(bytes));
            } catch (CrlException e) {
                throw new CrlException(e.unknownCause(), name + ": " + e.getMessage(), e);
            }
            read.add(new Crl(name, header));
        });
        OfflineCrls set = new OfflineCrls(read);
        for (X509Certificate issuer : knownIssuers) {
            Objects.requireNonNull(issuer, "knownIssuers element");
            for (Crl crl : set.byIssuer.getOrDefault(issuer.getSubjectX500Principal(), List.of())) {
                crl.indexFor(issuer);
            }
        }
        return set;
    }

    /** @return whether the set holds no CRL */
    public boolean isEmpty() {
        return crls.isEmpty();
    }

    /**
     * @return one line per CRL that no certificate given so far verifies: its name, issuer and why;
     *     empty when every CRL is verified
     */
    public List<String> unverified() {
        List<String> out = new ArrayList<>();
        for (Crl crl : crls) {
            if (crl.index == null) {
                out.add(crl.name + " (issuer '" + crl.issuer.getName() + "'): " + crl.whyUnverified());
            }
        }
        return out;
    }

    /**
     * @param certificate the certificate in question; not null
     * @param issuers certificates that may have issued it and its CRLs (its presented chain, the trust
     *     anchors); only those whose subject is the certificate's issuer are tried; not null
     * @param at the instant of the check: a CRL past its nextUpdate is stale; not null
     * @return the status; unknown (never an exception) when no verified, fresh CRL covers the certificate
     * @throws NullPointerException if an argument is null
     */
    public RevocationStatus status(X509Certificate certificate, List<X509Certificate> issuers, Instant at) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(issuers, "issuers");
        Objects.requireNonNull(at, "at");
        X500Principal issuerName = certificate.getIssuerX500Principal();
        List<Crl> candidates = byIssuerEncoding.get(new KeyBytes(issuerName.getEncoded()));
        if (candidates == null) {
            candidates = byIssuer.getOrDefault(issuerName, List.of());
        }
        if (candidates.isEmpty()) {
            return RevocationStatus.unknown(UnknownCause.OUT_OF_SCOPE,
                    "no CRL given is issued by '" + issuerName.getName() + "'");
        }
        byte[] authorityKeyId;
        try {
            authorityKeyId = authorityKeyId(certificate);
        } catch (CrlException e) {
            return RevocationStatus.unknown(UnknownCause.MALFORMED, e.getMessage());
        }
        List<URI> sources = null; // the distribution points, read only for a CRL with a scope
        List<Crl> bases = new ArrayList<>(1);
        List<CrlIndex> deltas = new ArrayList<>(0);
        UnknownCause firstCause = null;
        List<String> why = new ArrayList<>(0);
        for (Crl crl : candidates) {
            CrlIndex index = null;
            for (X509Certificate issuer : issuers) {
                if (issuer != null && Certificates.sameName(issuer.getSubjectX500Principal(), issuerName)) {
                    index = crl.indexFor(issuer);
                    if (index != null) {
                        break;
                    }
                }
            }
            String problem;
            UnknownCause cause;
            if (index == null) {
                cause = UnknownCause.BAD_SIGNATURE;
                problem = "not verified by any issuer certificate given: " + crl.whyUnverified();
            } else if (authorityKeyId != null && crl.authorityKeyId != null
                    && !Arrays.equals(authorityKeyId, crl.authorityKeyId)) {
                cause = UnknownCause.WRONG_ISSUER;
                problem = "signed by another key of the issuer (authority key identifiers differ)";
            } else if (index.nextUpdate().map(at::isAfter).orElse(false)) {
                cause = UnknownCause.STALE;
                problem = "stale: nextUpdate " + index.nextUpdate().orElseThrow() + " is before " + at;
            } else if (index.thisUpdate().isAfter(at)) {
                cause = UnknownCause.STALE;
                problem = "issued at " + index.thisUpdate() + ", after " + at;
            } else {
                // A CRL without an issuing distribution point covers every certificate of its issuer.
                Optional<String> outOfScope = index.outOfScope(certificate, NO_DISTRIBUTION_POINT);
                if (outOfScope.isPresent()) {
                    if (sources == null) {
                        try {
                            List<URI> points = CertificateFacts.read(certificate).distributionPoints;
                            sources = points.isEmpty() ? List.of(NO_DISTRIBUTION_POINT) : points;
                        } catch (CrlException e) {
                            return RevocationStatus.unknown(UnknownCause.MALFORMED, e.getMessage());
                        }
                    }
                    for (URI source : sources) {
                        outOfScope = index.outOfScope(certificate, source);
                        if (outOfScope.isEmpty()) {
                            break;
                        }
                    }
                }
                if (outOfScope.isEmpty()) {
                    if (index.isDelta()) {
                        deltas.add(index);
                    } else {
                        bases.add(crl);
                    }
                    continue;
                }
                cause = UnknownCause.OUT_OF_SCOPE;
                problem = outOfScope.get();
            }
            firstCause = firstCause != null ? firstCause : cause;
            why.add(crl.name + ": " + problem);
        }
        if (bases.isEmpty()) {
            if (!deltas.isEmpty()) {
                firstCause = firstCause != null ? firstCause : UnknownCause.OUT_OF_SCOPE;
                why.add("only delta CRLs cover the certificate; their base CRL was not given");
            }
            return RevocationStatus.unknown(firstCause, String.join("; ", why));
        }
        Crl baseCrl = bases.get(0);
        for (Crl other : bases) {
            if (newer(other.index, baseCrl.index)) {
                baseCrl = other;
            }
        }
        CrlIndex base = baseCrl.index;
        BigInteger serial = certificate.getSerialNumber();
        Optional<RevokedEntry> entry = base.find(serial);
        CrlIndex decided = base;
        for (CrlIndex delta : deltas) {
            boolean applies = base.number().isPresent() && delta.number().isPresent()
                    && delta.deltaBase().orElseThrow().compareTo(base.number().get()) <= 0
                    && delta.number().get().compareTo(base.number().get()) > 0;
            Optional<RevokedEntry> listed = applies ? delta.find(serial) : Optional.empty();
            if (listed.isPresent()) {
                entry = listed;
                decided = delta;
            }
        }
        if (entry.isPresent() && entry.get().reason().orElse(null) != RevocationReason.REMOVE_FROM_CRL) {
            return RevocationStatus.revoked(entry.get().revocationDate(), entry.get().reason(),
                    "listed on " + decided);
        }
        if (base.coversOnlySomeReasons()) {
            return RevocationStatus.unknown(UnknownCause.OUT_OF_SCOPE,
                    "not listed on " + base + ", which covers only some revocation reasons");
        }
        return RevocationStatus.good(baseCrl.notListed);
    }

    /**
     * @return the keyIdentifier of the certificate's authorityKeyIdentifier; null when it has none
     * @throws CrlException ({@link UnknownCause#MALFORMED}) when the extension does not decode
     */
    private static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(AUTHORITY_KEY_IDENTIFIER);
        if (value == null) {
            return null;
        }
        return DerReader.authorityKeyIdentifier(value,
                message -> new CrlException(UnknownCause.MALFORMED, "malformed certificate: " + message));
    }

    private static boolean newer(CrlIndex a, CrlIndex b) {
        if (a.number().isPresent() && b.number().isPresent()) {
            return a.number().get().compareTo(b.number().get()) > 0;
        }
        return a.thisUpdate().isAfter(b.thisUpdate());
    }

    /** One CRL file: its header until a certificate verifies it, then its index and the key that verified it. */
    private static final class Crl {
        final String name;
        final X500Principal issuer;
        /** Null once verified: the index holds what is needed, and the DER may be large. */
        private CrlIndex.Header header;
        volatile CrlIndex index;
        /** The detail of a good status, made once. */
        volatile String notListed;
        /** The CRL's authority key identifier, once verified; null when it has none. */
        volatile byte[] authorityKeyId;
        private volatile byte[] verifiedBy;
        private volatile X509Certificate verifiedWith;
        private final Map<KeyBytes, String> failed = new ConcurrentHashMap<>();
        private volatile String lastFailure;

        Crl(String name, CrlIndex.Header header) {
            this.name = name;
            this.issuer = header.issuer;
            this.header = header;
        }

        /** @return the index if {@code issuer} verifies this CRL (or has the key that did), else null */
        CrlIndex indexFor(X509Certificate issuerCertificate) {
            CrlIndex done = index;
            if (done != null && issuerCertificate == verifiedWith) {
                return done;
            }
            byte[] key = issuerCertificate.getPublicKey().getEncoded();
            if (done != null) {
                return Arrays.equals(key, verifiedBy) ? done : null;
            }
            KeyBytes k = new KeyBytes(key);
            if (failed.containsKey(k)) {
                return null;
            }
            synchronized (this) {
                if (index != null) {
                    return Arrays.equals(key, verifiedBy) ? index : null;
                }
                try {
                    header.checkIssuer(issuerCertificate);
                    header.checkSignature(issuerCertificate);
                    CrlIndex built = CrlIndex.of(header);
                    verifiedBy = key;
                    verifiedWith = issuerCertificate;
                    notListed = "not listed on " + built + " (" + name + ")";
                    authorityKeyId = built.authorityKeyId();
                    index = built;
                    header = null;
                    return built;
                } catch (CrlException e) {
                    lastFailure = e.getMessage();
                    if (failed.size() < MAX_FAILED_KEYS) {
                        failed.put(k, e.getMessage());
                    }
                    return null;
                }
            }
        }

        String whyUnverified() {
            String last = lastFailure;
            return last != null ? last : "no certificate named '" + issuer.getName()
                    + "' was given among the trust anchors or presented chains";
        }
    }

    private record KeyBytes(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof KeyBytes k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "KeyBytes[" + bytes.length + " bytes]";
        }
    }
}
