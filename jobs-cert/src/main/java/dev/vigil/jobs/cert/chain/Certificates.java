package dev.vigil.jobs.cert.chain;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** Decoding and describing certificates, the same way for inputs, trust anchors and caIssuers answers. */
public final class Certificates {
    /** The class of what {@link #decode} returns; null before the first decode. */
    private static volatile Class<?> decodedClass;

    private Certificates() {
    }

    /**
     * @param encoded one certificate, DER or PEM
     * @return the certificate as the JDK's provider decodes it
     * @throws CertificateException when it does not decode; the message says why
     */
    static X509Certificate decode(byte[] encoded) throws CertificateException {
        if (encoded.length == 0) {
            throw new CertificateException("no bytes");
        }
        try {
            X509Certificate decoded = (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(encoded));
            decodedClass = decoded.getClass();
            return decoded;
        } catch (RuntimeException e) {
            // some providers throw unchecked exceptions on hostile encodings
            throw new CertificateException("does not decode: " + e, e);
        }
    }

    /**
     * Decodes a certificate again from its encoding, so that a certificate object of any provider, or one
     * whose encoding is broken, is found out here rather than in the middle of path validation. A
     * certificate of the class the JDK's factory makes was decoded by it already and is returned as it is.
     */
    static X509Certificate normalise(X509Certificate certificate) throws CertificateException {
        if (certificate.getClass() == decodedClass) {
            return certificate;
        }
        byte[] encoded;
        try {
            encoded = certificate.getEncoded();
        } catch (RuntimeException e) {
            throw new CertificateException("encoding not available: " + e, e);
        }
        if (encoded == null) {
            throw new CertificateException("encoding not available");
        }
        return decode(encoded);
    }

    /**
     * Parses what a caIssuers URL served: one DER or PEM certificate, several concatenated, or a certs-only
     * PKCS#7 SignedData (RFC 5280 section 4.2.2.1).
     *
     * @return the certificates, at least one
     * @throws CertificateException when the answer holds no certificate or does not decode
     */
    static List<X509Certificate> parseCaIssuersAnswer(byte[] body) throws CertificateException {
        if (body.length == 0) {
            throw new CertificateException("empty answer");
        }
        Collection<? extends java.security.cert.Certificate> parsed;
        try {
            parsed = factory().generateCertificates(new ByteArrayInputStream(body));
        } catch (RuntimeException e) {
            throw new CertificateException("answer does not decode: " + e, e);
        }
        List<X509Certificate> result = new ArrayList<>();
        for (java.security.cert.Certificate c : parsed) {
            if (c instanceof X509Certificate x509) {
                result.add(x509);
            }
        }
        if (result.isEmpty()) {
            throw new CertificateException("answer holds no certificate");
        }
        return List.copyOf(result);
    }

    /** @return the subject for people, or the serial number when the subject is empty */
    static String describe(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return subject.isEmpty() ? "(empty subject, serial " + certificate.getSerialNumber().toString(16) + ")"
                : subject;
    }

    /**
     * @return whether the names are equal as RFC 5280 compares them ({@link X500Principal#equals}); equal
     *         encodings, the usual case, answer without the canonical forms the JDK would build for each new
     *         certificate
     */
    public static boolean sameName(X500Principal a, X500Principal b) {
        return Arrays.equals(a.getEncoded(), b.getEncoded()) || a.equals(b);
    }

    /** @return whether subject and issuer names are equal (RFC 5280 "self-issued") */
    static boolean selfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
