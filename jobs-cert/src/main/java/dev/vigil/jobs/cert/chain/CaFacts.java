package dev.vigil.jobs.cert.chain;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x509.Extension;

/**
 * What a validation reads from each certificate of a path besides its signature, read once per validator for
 * CA certificates (basicConstraints cA=TRUE), which many paths share, and anew each time for the others.
 * Thread-safe; at most {@link #DEFAULT_CAPACITY} CA certificates are kept, the least recently used leaving
 * first. Nothing here depends on the validation instant.
 */
final class CaFacts {
    /** CA certificates kept per validator: far more intermediates and anchors than an inventory has. */
    static final int DEFAULT_CAPACITY = 1024;
    private static final String NAME_CONSTRAINTS = Extension.nameConstraints.getId();

    /**
     * @param subjectKeyId null when absent or unreadable
     * @param authorityKeyId null when absent or unreadable
     * @param jdkJudgesMore {@link JdkPkix#addsToVigilsChecks(X509Certificate)}
     * @param jdkJudgesMoreAsAnchor {@link JdkPkix#addsToVigilsChecksAsAnchor(X509Certificate)}
     * @param description {@link Certificates#describe}
     * @param nameConstraints the nameConstraints extension's value as {@link X509Certificate#getExtensionValue}
     *        gives it; null when absent
     */
    private record Facts(byte[] subjectKeyId, byte[] authorityKeyId, boolean jdkJudgesMore,
            boolean jdkJudgesMoreAsAnchor, String description, byte[] nameConstraints) {
    }

    private final Map<X509Certificate, Facts> facts;
    /**
     * The last certificate each thread asked about that is not a CA. A validation asks about its leaf several
     * times, and the JDK's {@link X509Certificate#getBasicConstraints()} looks the extension up by name each
     * time, which for a new certificate is the larger part of what this class saves.
     */
    private final ThreadLocal<X509Certificate> lastNonCa = new ThreadLocal<>();

    CaFacts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.facts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<X509Certificate, Facts> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return the keyIdentifier of the authorityKeyIdentifier extension; null when absent or unreadable */
    byte[] authorityKeyId(X509Certificate c) {
        Facts f = ofCa(c);
        return f != null ? f.authorityKeyId() : PathSearch.authorityKeyId(c);
    }

    /** @return the subjectKeyIdentifier; null when absent or unreadable */
    byte[] subjectKeyId(X509Certificate c) {
        Facts f = ofCa(c);
        return f != null ? f.subjectKeyId() : PathSearch.subjectKeyId(c);
    }

    /** @return {@link JdkPkix#addsToVigilsChecks(X509Certificate)} */
    boolean jdkJudgesMore(X509Certificate c) {
        Facts f = ofCa(c);
        return f != null ? f.jdkJudgesMore() : JdkPkix.addsToVigilsChecks(c);
    }

    /** @return {@link JdkPkix#addsToVigilsChecksAsAnchor(X509Certificate)} */
    boolean jdkJudgesMoreAsAnchor(X509Certificate c) {
        Facts f = ofCa(c);
        return f != null ? f.jdkJudgesMoreAsAnchor() : JdkPkix.addsToVigilsChecksAsAnchor(c);
    }

    /** @return {@link Certificates#describe} */
    String describe(X509Certificate c) {
        Facts f = ofCa(c);
        return f != null ? f.description() : Certificates.describe(c);
    }

    /**
     * @return the nameConstraints extension's value (an OCTET STRING holding the DER); null when absent. Read
     *         once per CA: the JDK answers an absent extension by throwing and catching an exception inside.
     */
    byte[] nameConstraints(X509Certificate c) {
        Facts f = ofCa(c);
        return f != null ? f.nameConstraints() : c.getExtensionValue(NAME_CONSTRAINTS);
    }

    /** @return the facts of a CA certificate, read now if not known; null for other certificates */
    private Facts ofCa(X509Certificate c) {
        if (lastNonCa.get() == c) {
            return null;
        }
        // A known CA first: cheaper than asking it again for its basicConstraints
        synchronized (facts) {
            Facts known = facts.get(c);
            if (known != null) {
                return known;
            }
        }
        if (c.getBasicConstraints() < 0) {
            lastNonCa.set(c);
            return null;
        }
        Facts read = new Facts(PathSearch.subjectKeyId(c), PathSearch.authorityKeyId(c),
                JdkPkix.addsToVigilsChecks(c), JdkPkix.addsToVigilsChecksAsAnchor(c), Certificates.describe(c),
                c.getExtensionValue(NAME_CONSTRAINTS));
        synchronized (facts) {
            facts.put(c, read);
        }
        return read;
    }
}
