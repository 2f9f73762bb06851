package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.Certificates.describe;
import static dev.vigil.jobs.cert.chain.Certificates.selfIssued;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;

/**
 * Vigil's own checks of every certificate of a path, which, unlike the JDK's validator, go on after the
 * first problem. With positions 0 (leaf) to n−1 and, in a complete path, the trust anchor at n−1:
 *
 * <ul>
 *   <li>{@code EXPIRED}, {@code NOT_YET_VALID}: every certificate, the trust anchor included, at the instant
 *       (both ends inclusive, as RFC 5280 says).
 *   <li>{@code INVALID_SIGNATURE}: every certificate but the last is verified with the next one's key; the
 *       trust anchor's own signature is not checked.
 *   <li>{@code NOT_CA_CERT}: every issuing certificate below the trust anchor has basicConstraints cA=TRUE.
 *   <li>{@code KEY_USAGE}: every issuing certificate below the trust anchor with a keyUsage extension asserts
 *       keyCertSign; a leaf asserting keyCertSign must be a CA (RFC 5280 section 4.2.1.3). Other leaf key
 *       usages depend on the application and are not checked.
 *   <li>{@code PATH_TOO_LONG}: the pathLenConstraints of the CAs below the trust anchor, counting
 *       intermediates that are not self-issued (RFC 5280 section 6.1.4 (l), (m)); reported at the first
 *       intermediate too many, naming the CA whose constraint it exceeds.
 *   <li>{@code NAME_CONSTRAINTS}: the nameConstraints of the CAs below the trust anchor, applied to the
 *       subject name and subjectAltName of each certificate below them (self-issued intermediates
 *       exempted, RFC 5280 section 6.1.3 (b), (c)).
 * </ul>
 *
 * <p>As in the JDK, a trust anchor's own basicConstraints, keyUsage and nameConstraints are not applied.
 * In a partial path (no anchor reached) every certificate is treated as below the anchor.
 */
final class PathChecks {
    private static final int KEY_CERT_SIGN = 5;

    private final List<X509Certificate> path;
    private final int belowAnchor;
    private final Instant at;
    private final BiFunction<X509Certificate, X509Certificate, SignatureVerdict> signatures;
    private final CaFacts facts;
    private final List<ChainProblem> problems = new ArrayList<>();

    private PathChecks(List<X509Certificate> path, boolean anchored, Instant at,
            BiFunction<X509Certificate, X509Certificate, SignatureVerdict> signatures, CaFacts facts) {
        this.path = path;
        this.belowAnchor = anchored ? path.size() - 1 : path.size();
        this.at = at;
        this.signatures = signatures;
        this.facts = facts;
    }

    /**
     * @param path leaf first
     * @param anchored whether the last certificate is a trust anchor
     * @param signatures the verdict on a certificate's signature (first argument) with an issuer's key
     *        (second), e.g. {@link PathSearch#verdict}, which has most of them already
     * @param facts what the validator knows of the CAs
     * @return the problems found, in no particular order
     */
    static List<ChainProblem> check(List<X509Certificate> path, boolean anchored, Instant at,
            BiFunction<X509Certificate, X509Certificate, SignatureVerdict> signatures, CaFacts facts) {
        PathChecks checks = new PathChecks(path, anchored, at, signatures, facts);
        checks.validity();
        checks.signatures();
        checks.issuers();
        checks.leafKeyUsage();
        checks.pathLength();
        checks.nameConstraints();
        return checks.problems;
    }

    private void validity() {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            Instant notBefore = c.getNotBefore().toInstant();
            Instant notAfter = c.getNotAfter().toInstant();
            if (at.isAfter(notAfter)) {
                add(ChainStatus.EXPIRED, i, "notAfter " + notAfter + " is before " + at);
            } else if (at.isBefore(notBefore)) {
                add(ChainStatus.NOT_YET_VALID, i, "notBefore " + notBefore + " is after " + at);
            }
        }
    }

    private void signatures() {
        for (int i = 0; i + 1 < path.size(); i++) {
            X509Certificate issuer = path.get(i + 1);
            SignatureVerdict verdict = signatures.apply(path.get(i), issuer);
            switch (verdict.outcome()) {
                case VERIFIED -> {
                }
                case NOT_VERIFIED -> add(ChainStatus.INVALID_SIGNATURE, i, "signature does not verify with the key of "
                        + describe(issuer) + " (position " + (i + 1) + "): " + verdict.reason());
                case UNSUPPORTED_ALGORITHM -> add(ChainStatus.OTHER, i, verdict.reason()
                        + ", so the signature could not be verified");
            }
        }
    }

    private void issuers() {
        for (int i = 1; i < belowAnchor; i++) {
            X509Certificate c = path.get(i);
            if (c.getBasicConstraints() < 0) {
                add(ChainStatus.NOT_CA_CERT, i, "issues " + describe(path.get(i - 1))
                        + " but has no basicConstraints extension with cA=TRUE");
            }
            boolean[] keyUsage = c.getKeyUsage();
            if (keyUsage != null && (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN])) {
                add(ChainStatus.KEY_USAGE, i, "issues " + describe(path.get(i - 1))
                        + " but its keyUsage does not assert keyCertSign");
            }
        }
    }

    private void leafKeyUsage() {
        X509Certificate leaf = path.get(0);
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && keyUsage.length > KEY_CERT_SIGN && keyUsage[KEY_CERT_SIGN]
                && leaf.getBasicConstraints() < 0) {
            add(ChainStatus.KEY_USAGE, 0, "keyUsage asserts keyCertSign but basicConstraints does not say cA=TRUE");
        }
    }

    private void pathLength() {
        int remaining = Integer.MAX_VALUE;
        String constrainedBy = null;
        for (int i = belowAnchor - 1; i >= 1; i--) {
            X509Certificate c = path.get(i);
            if (!selfIssued(c)) {
                if (remaining <= 0) {
                    add(ChainStatus.PATH_TOO_LONG, i, "is one intermediate CA too many below " + constrainedBy);
                } else {
                    remaining--;
                }
            }
            int pathLength = c.getBasicConstraints();
            if (pathLength >= 0 && pathLength < remaining) {
                remaining = pathLength;
                constrainedBy = describe(c) + " (position " + i + ", pathLenConstraint " + pathLength + ")";
            }
        }
    }

    private void nameConstraints() {
        PKIXNameConstraintValidator validator = new PKIXNameConstraintValidator();
        List<String> constrainingCas = new ArrayList<>();
        for (int i = belowAnchor - 1; i >= 0; i--) {
            X509Certificate c = path.get(i);
            try {
                if (!constrainingCas.isEmpty() && (i == 0 || !selfIssued(c))) {
                    Optional<String> violation = violation(validator, c);
                    if (violation.isPresent()) {
                        add(ChainStatus.NAME_CONSTRAINTS, i, violation.get() + " of the name constraints of "
                                + String.join(", ", constrainingCas));
                    }
                }
                if (i > 0 && addConstraints(validator, facts.nameConstraints(c))) {
                    constrainingCas.add(describe(c) + " (position " + i + ")");
                }
            } catch (RuntimeException e) {
                add(ChainStatus.OTHER, i, "name constraints could not be checked: " + e);
            }
        }
    }

    /** @return the first name of the certificate the constraints do not allow, and why */
    private static Optional<String> violation(PKIXNameConstraintValidator validator, X509Certificate c) {
        List<GeneralName> names = new ArrayList<>();
        X500Name subject = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        if (subject.getRDNs().length > 0) {
            names.add(new GeneralName(subject));
        }
        byte[] san = c.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (san != null) {
            names.addAll(List.of(GeneralNames.getInstance(ASN1OctetString.getInstance(san).getOctets()).getNames()));
        }
        for (GeneralName name : names) {
            try {
                validator.checkPermitted(name);
            } catch (NameConstraintValidatorException e) {
                return Optional.of(nameText(name) + " is outside the permitted subtrees");
            }
            try {
                validator.checkExcluded(name);
            } catch (NameConstraintValidatorException e) {
                return Optional.of(nameText(name) + " is inside an excluded subtree");
            }
        }
        return Optional.empty();
    }

    /** @return whether there are name constraints: {@code value}, the extension's value, is not null */
    private static boolean addConstraints(PKIXNameConstraintValidator validator, byte[] value) {
        if (value == null) {
            return false;
        }
        NameConstraints constraints = NameConstraints.getInstance(ASN1OctetString.getInstance(value).getOctets());
        GeneralSubtree[] permitted = constraints.getPermittedSubtrees();
        if (permitted != null) {
            validator.intersectPermittedSubtree(permitted);
        }
        GeneralSubtree[] excluded = constraints.getExcludedSubtrees();
        if (excluded != null) {
            for (GeneralSubtree subtree : excluded) {
                validator.addExcludedSubtree(subtree);
            }
        }
        return true;
    }

    private static String nameText(GeneralName name) {
        String type = switch (name.getTagNo()) {
            case GeneralName.dNSName -> "dNSName";
            case GeneralName.rfc822Name -> "rfc822Name";
            case GeneralName.directoryName -> "directoryName";
            case GeneralName.iPAddress -> "iPAddress";
            case GeneralName.uniformResourceIdentifier -> "URI";
            default -> "name of type " + name.getTagNo();
        };
        if (name.getTagNo() == GeneralName.iPAddress) {
            byte[] octets = ASN1OctetString.getInstance(name.getName()).getOctets();
            try {
                return type + " " + InetAddress.getByAddress(octets).getHostAddress();
            } catch (UnknownHostException e) {
                return type + " of " + octets.length + " bytes";
            }
        }
        return type + " " + name.getName();
    }

    private void add(ChainStatus id, int position, String detail) {
        problems.add(new ChainProblem(id, position, describe(path.get(position)), detail));
    }
}
