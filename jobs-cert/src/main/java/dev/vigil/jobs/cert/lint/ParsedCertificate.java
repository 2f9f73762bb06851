package dev.vigil.jobs.cert.lint;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The parts of a certificate the rules read, decoded once with BouncyCastle from the DER so that what
 * the rules see does not depend on the JCA provider that built the {@link X509Certificate}. An extension
 * whose value does not decode is listed in {@link #malformedExtensions()} and reads as absent.
 */
final class ParsedCertificate {
    final Instant notBefore;
    final Instant notAfter;
    final AlgorithmIdentifier signatureAlgorithm;
    final SubjectPublicKeyInfo publicKey;
    /** Empty when the certificate has no subjectAltName extension or it is malformed. */
    final Optional<GeneralNames> subjectAltNames;
    /** Empty when the certificate has no basicConstraints extension or it is malformed. */
    final Optional<BasicConstraints> basicConstraints;
    private final List<ASN1ObjectIdentifier> malformed;

    private ParsedCertificate(Certificate certificate) {
        this.notBefore = certificate.getStartDate().getDate().toInstant();
        this.notAfter = certificate.getEndDate().getDate().toInstant();
        this.signatureAlgorithm = certificate.getSignatureAlgorithm();
        this.publicKey = certificate.getSubjectPublicKeyInfo();
        Extensions extensions = certificate.getTBSCertificate().getExtensions();
        List<ASN1ObjectIdentifier> bad = new ArrayList<>();
        Optional<GeneralNames> sans = Optional.empty();
        Optional<BasicConstraints> constraints = Optional.empty();
        if (extensions != null) {
            for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
                Extension extension = extensions.getExtension(oid);
                try {
                    ASN1Primitive value = decodeCompletely(extension.getExtnValue().getOctets());
                    if (oid.equals(Extension.subjectAlternativeName)) {
                        sans = Optional.of(GeneralNames.getInstance(value));
                    } else if (oid.equals(Extension.basicConstraints)) {
                        constraints = Optional.of(BasicConstraints.getInstance(value));
                    }
                } catch (IOException | RuntimeException e) {
                    bad.add(oid);
                }
            }
        }
        this.subjectAltNames = sans;
        this.basicConstraints = constraints;
        this.malformed = List.copyOf(bad);
    }

    /**
     * @return the decoded certificate
     * @throws MalformedCertificateException when the certificate's own structure (not an extension value)
     *         does not decode
     */
    static ParsedCertificate of(X509Certificate certificate) {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new MalformedCertificateException("the certificate cannot be encoded: " + e.getMessage());
        }
        try {
            return new ParsedCertificate(Certificate.getInstance(decodeCompletely(der)));
        } catch (IOException | RuntimeException e) {
            throw new MalformedCertificateException("the certificate does not decode: " + e.getMessage());
        }
    }

    /** @return the OIDs of extensions whose value is not valid DER or not the structure its OID requires */
    List<ASN1ObjectIdentifier> malformedExtensions() {
        return malformed;
    }

    boolean isMalformed(ASN1ObjectIdentifier extension) {
        return malformed.contains(extension);
    }

    private static ASN1Primitive decodeCompletely(byte[] der) throws IOException {
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive value = in.readObject();
            if (value == null) {
                throw new IOException("no value");
            }
            if (in.readObject() != null) {
                throw new IOException("trailing bytes after the value");
            }
            return value;
        }
    }

    /** The certificate's own structure does not decode; nothing in it can be checked. */
    static final class MalformedCertificateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedCertificateException(String message) {
            super(message);
        }
    }
}
