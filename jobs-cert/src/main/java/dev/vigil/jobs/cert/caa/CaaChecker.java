package dev.vigil.jobs.cert.caa;

import dev.vigil.spi.cert.CaaAnswer;
import dev.vigil.spi.cert.CaaLookup;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Checks whether CAA (RFC 8659) authorises a CA for every DNS name of a certificate, as DNS says today.
 *
 * <p>For each name (a wildcard {@code *.example.com} searched from {@code example.com}), the relevant
 * RRset is the first non-empty CAA RRset found looking up the name, then its parent, climbing towards
 * the root, excluding the root; NODATA and NXDOMAIN climb on, and aliases are followed by the
 * {@link CaaLookup}. No RRset up to the root authorises any CA. A failed lookup anywhere on the way
 * makes the name {@link CaaOutcome#LOOKUP_FAILED}: a failure is never read as a permission. The RRset is
 * then judged as {@link CaaEvaluation} describes.
 *
 * <p>A checker remembers every answer it got, so names that share parents are looked up once; make one
 * per run so that the next run asks DNS again. Thread-safe.
 *
 * <pre>{@code
 * CaaChecker checker = CaaChecker.using(DnsjavaCaaLookup.using(resolver));
 * CaaReport report = checker.check(certificate, CaaIssuer.of("letsencrypt.org"));
 * }</pre>
 */
public final class CaaChecker {
    private final CaaLookup lookup;
    private final Map<String, CaaAnswer> answers = new ConcurrentHashMap<>();

    private CaaChecker(CaaLookup lookup) {
        this.lookup = lookup;
    }

    /** @return a checker asking {@code lookup} @throws NullPointerException if null */
    public static CaaChecker using(CaaLookup lookup) {
        return new CaaChecker(Objects.requireNonNull(lookup, "lookup"));
    }

    /**
     * Checks the DNS names of a certificate: the dNSName entries of its subjectAltName, or, when it has
     * none, the subject common names that look like host names.
     *
     * @param certificate not null
     * @param issuer the CA that issued it, as CAA knows it; not null
     * @return one result per name, in the certificate's order
     * @throws IllegalArgumentException when the certificate's subjectAltName extension does not decode
     */
    public CaaReport check(X509Certificate certificate, CaaIssuer issuer) {
        Objects.requireNonNull(certificate, "certificate");
        return check(dnsNames(certificate), issuer);
    }

    /**
     * @param dnsNames names as a certificate gives them, e.g. {@code www.example.com}, {@code *.example.com};
     *        a name that is not a valid DNS name gets a {@link CaaOutcome#LOOKUP_FAILED} result, and the
     *        others are still checked
     * @param issuer the CA, as CAA knows it; not null
     * @return one result per name, in the given order
     */
    public CaaReport check(Collection<String> dnsNames, CaaIssuer issuer) {
        Objects.requireNonNull(dnsNames, "dnsNames");
        Objects.requireNonNull(issuer, "issuer");
        List<CaaNameResult> results = new ArrayList<>();
        for (String name : dnsNames) {
            results.add(checkName(name, issuer));
        }
        return new CaaReport(results);
    }

    /**
     * @param dnsName a name as a certificate gives it; not null
     * @param issuer the CA, as CAA knows it; not null
     * @return the verdict for that name
     */
    public CaaNameResult checkName(String dnsName, CaaIssuer issuer) {
        Objects.requireNonNull(dnsName, "dnsName");
        Objects.requireNonNull(issuer, "issuer");
        boolean wildcard = dnsName.startsWith("*.");
        String base = (wildcard ? dnsName.substring(2) : dnsName).toLowerCase(Locale.ROOT);
        Optional<String> problem = nameProblem(base);
        if (problem.isPresent()) {
            return new CaaNameResult(dnsName, wildcard, CaaOutcome.LOOKUP_FAILED, Optional.empty(), Optional.empty(),
                    "not a DNS name that CAA can be checked for: " + problem.get());
        }
        for (String domain = base; domain != null; domain = parent(domain)) {
            CaaAnswer answer = answer(domain);
            switch (answer.status()) {
                case FAILED:
                    return new CaaNameResult(dnsName, wildcard, CaaOutcome.LOOKUP_FAILED, Optional.empty(),
                            Optional.empty(), "CAA lookup of " + domain + " failed: " + answer.failure().orElseThrow());
                case RECORDS:
                    return CaaEvaluation.decide(dnsName, wildcard, domain, answer.canonicalName(), answer.properties(),
                            issuer);
                default:
                    break;
            }
        }
        return new CaaNameResult(dnsName, wildcard, CaaOutcome.AUTHORISED, Optional.empty(), Optional.empty(),
                "no CAA record from " + base + " up to the root, so any CA may issue");
    }

    private CaaAnswer answer(String domain) {
        CaaAnswer known = answers.get(domain);
        if (known != null) {
            return known;
        }
        CaaAnswer fresh = Objects.requireNonNull(lookup.lookup(domain), "CaaLookup returned null");
        CaaAnswer raced = answers.putIfAbsent(domain, fresh);
        return raced != null ? raced : fresh;
    }

    /** @return the parent domain, or null for a single label, whose parent is the root */
    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? null : domain.substring(dot + 1);
    }

    /** @return what is wrong with a lower-case name without its wildcard label, or empty when it is fine */
    static Optional<String> nameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("empty name");
        }
        if (name.length() > 253) {
            return Optional.of("longer than 253 characters");
        }
        if (name.endsWith(".")) {
            return Optional.of("'" + name + "' ends with a dot");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty()) {
                return Optional.of("'" + name + "' has an empty label");
            }
            if (label.length() > 63) {
                return Optional.of("'" + name + "' has a label longer than 63 characters");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean allowed = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
                if (!allowed) {
                    return Optional.of("'" + name + "' has the character '" + c + "'"
                            + (c > 127 ? " (internationalised names must be in A-label form, xn--)" : ""));
                }
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("'" + name + "' has a label that starts or ends with a hyphen");
            }
        }
        return Optional.empty();
    }

    static List<String> dnsNames(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        boolean hasIpAddress = false;
        byte[] san = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (san != null) {
            try {
                GeneralNames generalNames = GeneralNames.getInstance(ASN1OctetString.getInstance(san).getOctets());
                for (GeneralName name : generalNames.getNames()) {
                    if (name.getTagNo() == GeneralName.dNSName) {
                        names.add(((ASN1String) name.getName()).getString());
                    }
                    hasIpAddress |= name.getTagNo() == GeneralName.iPAddress;
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the certificate's subjectAltName extension does not decode: "
                        + e.getMessage(), e);
            }
        }
        if (names.isEmpty() && !hasIpAddress) {
            X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
                if (!(rdn.getFirst().getValue() instanceof ASN1String value)) {
                    continue;
                }
                String cn = value.getString();
                String base = cn.startsWith("*.") ? cn.substring(2) : cn;
                if (base.contains(".") && nameProblem(base.toLowerCase(Locale.ROOT)).isEmpty()) {
                    names.add(cn);
                }
            }
        }
        return List.copyOf(names);
    }
}
