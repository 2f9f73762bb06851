package dev.vigil.jobs.cert;

import dev.vigil.spi.JobContext;
import dev.vigil.spi.cert.TrustAnchorSource;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Finds the certificate that issued an inventory certificate, which the revocation checks need (its
 * key signs the CRLs and OCSP answers, its name and key are in the OCSP request). Candidates, in
 * order: the first certificate of the inventory's chain, the host's trust anchors (if a
 * {@link TrustAnchorSource} is registered) whose subject is the certificate's issuer and whose
 * subject key identifier, where both have one, equals the certificate's authority key identifier, and
 * the certificate itself if it is self-issued. The first candidate whose key verifies the
 * certificate's signature is the issuer; a name match alone is not enough. One lookup per run: the
 * trust anchors are read once.
 */
final class IssuerLookup {
    private static final String AKI = "2.5.29.35";
    private static final String SKI = "2.5.29.14";

    private final List<X509Certificate> anchors;

    private IssuerLookup(List<X509Certificate> anchors) {
        this.anchors = anchors;
    }

    /** @return a lookup over the run's trust anchors, if the host registered a source */
    static IssuerLookup forRun(JobContext context) {
        return new IssuerLookup(context.findService(TrustAnchorSource.class)
                .map(source -> List.copyOf(source.trustAnchors())).orElse(List.of()));
    }

    /** The issuer, or why there is none. */
    record Found(Optional<X509Certificate> issuer, String why) {
    }

    /** @return the issuer of {@code scanned}, or a sentence saying why none was found */
    Found issuerOf(ScannedCertificate scanned) {
        X509Certificate certificate = scanned.certificate();
        List<String> notes = new ArrayList<>();
        List<X509Certificate> candidates = new ArrayList<>();
        List<byte[]> chain = scanned.entry().chain();
        if (!chain.isEmpty()) {
            try {
                candidates.add(CertificateScan.parse(chain.get(0)));
            } catch (CertificateException | RuntimeException e) {
                notes.add("the first certificate of the inventory's chain is not a readable X.509 certificate");
            }
        }
        byte[] authorityKeyId = keyIdentifier(certificate, AKI);
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                byte[] subjectKeyId = keyIdentifier(anchor, SKI);
                if (authorityKeyId == null || subjectKeyId == null || Arrays.equals(authorityKeyId, subjectKeyId)) {
                    candidates.add(anchor);
                }
            }
        }
        if (certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            candidates.add(certificate);
        }
        for (X509Certificate candidate : candidates) {
            if (!candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                notes.add("the chain's first certificate is '" + candidate.getSubjectX500Principal().getName()
                        + "', not the issuer");
                continue;
            }
            if (signed(certificate, candidate)) {
                return new Found(Optional.of(candidate), "");
            }
            notes.add("'" + candidate.getSubjectX500Principal().getName() + "' has the issuer's name but its key "
                    + "did not sign the certificate");
        }
        String where = anchors.isEmpty() ? "the inventory holds no chain for it and no trust anchor source is registered"
                : "neither the inventory's chain nor the " + anchors.size() + " trust anchors hold it";
        return new Found(Optional.empty(), "issuer '" + certificate.getIssuerX500Principal().getName()
                + "' not found: " + (notes.isEmpty() ? where : String.join("; ", notes)));
    }

    private static boolean signed(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** @return the key identifier of the extension, or null if absent or malformed */
    static byte[] keyIdentifier(X509Certificate certificate, String oid) {
        byte[] value = certificate.getExtensionValue(oid);
        if (value == null) {
            return null;
        }
        try {
            var inner = JcaX509ExtensionUtils.parseExtensionValue(value);
            return oid.equals(AKI) ? AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifier()
                    : ASN1OctetString.getInstance(inner).getOctets();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
