package dev.vigil.jobs.cert.chain;

import dev.vigil.jobs.cert.der.DerReader;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Finds the best path from a leaf towards a trust anchor by issuer name, also when the path would not
 * validate, so that every problem of it can be reported. Issuer candidates of a certificate are the
 * certificates whose subject is its issuer name and whose subjectKeyIdentifier, when both are present,
 * equals its authorityKeyIdentifier; candidates whose key verifies the signature come first, then trust
 * anchors, then those valid at the instant. The search backtracks, bounded in length and in steps.
 *
 * <p>The best path is the first complete path in that preference order whose signatures all verify; else the
 * first complete path with a signature that does not verify; else the longest partial path. Not thread-safe:
 * one search per validation. Each signature is verified at most once per search (see {@link #verdict}), through
 * the validator's {@link SignatureEdges}.
 */
final class PathSearch {
    /** Certificates in a path, leaf and trust anchor included. */
    static final int MAX_PATH_CERTIFICATES = 12;
    private static final int MAX_STEPS = 500;

    private final Set<X509Certificate> anchors;
    private final Instant at;
    private final SignatureEdges edges;
    private final CaFacts facts;
    private final Map<List<X509Certificate>, SignatureVerdict> verdicts = new HashMap<>();
    private int steps;
    private Path completeVerified;
    private Path completeUnverified;
    private Path longestPartial;

    /**
     * A path from the leaf upwards.
     *
     * @param certificates leaf first
     * @param anchored whether the last certificate is a trust anchor
     */
    record Path(List<X509Certificate> certificates, boolean anchored) {
        Path {
            certificates = List.copyOf(certificates);
        }

        X509Certificate last() {
            return certificates.get(certificates.size() - 1);
        }
    }

    PathSearch(Set<X509Certificate> anchors, Instant at, SignatureEdges edges, CaFacts facts) {
        this.anchors = anchors;
        this.at = at;
        this.edges = edges;
        this.facts = facts;
    }

    /** @return the best path from {@code leaf} using the trust anchors and {@code pool} */
    Path search(X509Certificate leaf, Collection<X509Certificate> pool) {
        steps = 0;
        completeVerified = null;
        completeUnverified = null;
        longestPartial = null;
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        walk(chain, pool, true);
        if (completeVerified != null) {
            return completeVerified;
        }
        return completeUnverified != null ? completeUnverified : longestPartial;
    }

    /** @return true to stop searching */
    private boolean walk(List<X509Certificate> chain, Collection<X509Certificate> pool, boolean verified) {
        steps++;
        X509Certificate last = chain.get(chain.size() - 1);
        if (anchors.contains(last)) {
            if (verified) {
                completeVerified = new Path(chain, true);
                return true;
            }
            if (completeUnverified == null) {
                completeUnverified = new Path(chain, true);
            }
            return false;
        }
        List<X509Certificate> candidates = chain.size() >= MAX_PATH_CERTIFICATES ? List.of() : candidates(last, chain, pool);
        if (candidates.isEmpty() || steps >= MAX_STEPS) {
            if (longestPartial == null || chain.size() > longestPartial.certificates().size()) {
                longestPartial = new Path(chain, false);
            }
            return false;
        }
        for (X509Certificate candidate : candidates) {
            chain.add(candidate);
            boolean stop = walk(chain, pool, verified && verifies(last, candidate));
            chain.remove(chain.size() - 1);
            if (stop || steps >= MAX_STEPS) {
                return stop;
            }
        }
        return false;
    }

    private List<X509Certificate> candidates(X509Certificate child, List<X509Certificate> chain,
            Collection<X509Certificate> pool) {
        List<X509Certificate> result = new ArrayList<>();
        byte[] authorityKeyId = facts.authorityKeyId(child);
        for (Collection<X509Certificate> source : List.of(anchors, pool)) {
            for (X509Certificate c : source) {
                // key ids before names: comparing names canonicalises a new certificate's issuer name
                if (!chain.contains(c) && !result.contains(c) && keyIdsAgree(authorityKeyId, c)
                        && Certificates.sameName(c.getSubjectX500Principal(), child.getIssuerX500Principal())) {
                    result.add(c);
                }
            }
        }
        result.sort(Comparator.comparing((X509Certificate c) -> !verifies(child, c))
                .thenComparing(c -> !anchors.contains(c))
                .thenComparing(c -> !validAt(c)));
        return result;
    }

    /** @return whether {@code issuer}'s key verifies {@code child}'s signature */
    boolean verifies(X509Certificate child, X509Certificate issuer) {
        return verdict(child, issuer).verified();
    }

    /**
     * @return the verdict on {@code child}'s signature with {@code issuer}'s key; remembered per pair for this
     *         search and the checks of its path, so that no signature is verified twice in one validation
     */
    SignatureVerdict verdict(X509Certificate child, X509Certificate issuer) {
        return verdicts.computeIfAbsent(List.of(child, issuer), k -> edges.verify(child, issuer));
    }

    private boolean validAt(X509Certificate c) {
        return !at.isBefore(c.getNotBefore().toInstant()) && !at.isAfter(c.getNotAfter().toInstant());
    }

    private boolean keyIdsAgree(byte[] authorityKeyId, X509Certificate candidate) {
        if (authorityKeyId == null) {
            return true;
        }
        byte[] subjectKeyId = facts.subjectKeyId(candidate);
        return subjectKeyId == null || Arrays.equals(authorityKeyId, subjectKeyId);
    }

    /** @return the keyIdentifier of the authorityKeyIdentifier extension; null when absent or unreadable */
    static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (value == null) {
            return null;
        }
        return keyIdentifierOfAuthorityKeyId(value);
    }

    /**
     * Reads {@code OCTET STRING { SEQUENCE { [0] keyIdentifier OPTIONAL, [1] ..., [2] ... } }} with a
     * {@link DerReader}: a leaf's authorityKeyIdentifier is read once per validation, and BouncyCastle's objects
     * cost a microsecond.
     *
     * @return the keyIdentifier; null when absent or when the value is not that structure
     */
    static byte[] keyIdentifierOfAuthorityKeyId(byte[] extensionValue) {
        try {
            return DerReader.authorityKeyIdentifier(extensionValue, IllegalArgumentException::new);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }


    /** @return the subjectKeyIdentifier; null when absent or unreadable */
    static byte[] subjectKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (value == null) {
            return null;
        }
        try {
            return ASN1OctetString.getInstance(ASN1OctetString.getInstance(value).getOctets()).getOctets();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
