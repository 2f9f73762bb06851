package dev.vigil.jobs.cert.lint;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;

/**
 * The parts of a certificate the rules read, decoded once with BouncyCastle from the DER so that what
 * the rules see does not depend on the JCA provider that built the {@link X509Certificate}. An extension
 * whose value does not decode is listed in {@link #malformedExtensions()} and reads as absent.
 *
 * <p>Only those parts are decoded: the DER is read lazily, so the issuer and subject names, which no rule
 * reads, stay undecoded bytes, and the validity times in the form RFC 5280 prescribes are read directly
 * (BouncyCastle's {@link Time#getDate()} goes through {@code SimpleDateFormat}); together a third of the
 * cost of decoding everything.
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

    /**
     * @param certificate the certificate's SEQUENCE: tbsCertificate, signatureAlgorithm, signature
     * @throws IllegalArgumentException or another runtime exception of BouncyCastle's when its structure is wrong
     */
    private ParsedCertificate(ASN1Sequence certificate) {
        if (certificate.size() != 3) {
            throw new IllegalArgumentException("a certificate has 3 parts, this one " + certificate.size());
        }
        ASN1Sequence tbs = ASN1Sequence.getInstance(certificate.getObjectAt(0));
        this.signatureAlgorithm = AlgorithmIdentifier.getInstance(certificate.getObjectAt(1));
        // tbsCertificate: [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject,
        // subjectPublicKeyInfo, [1] issuerUniqueID, [2] subjectUniqueID, [3] extensions (RFC 5280, 4.1)
        int at = tbs.getObjectAt(0) instanceof ASN1TaggedObject ? 1 : 0;
        if (tbs.size() < at + 6) {
            throw new IllegalArgumentException("the tbsCertificate has " + tbs.size() + " parts, too few");
        }
        ASN1Sequence validity = ASN1Sequence.getInstance(tbs.getObjectAt(at + 3));
        if (validity.size() != 2) {
            throw new IllegalArgumentException("the validity has " + validity.size() + " parts, not 2");
        }
        this.notBefore = instant(Time.getInstance(validity.getObjectAt(0)));
        this.notAfter = instant(Time.getInstance(validity.getObjectAt(1)));
        this.publicKey = SubjectPublicKeyInfo.getInstance(tbs.getObjectAt(at + 5));
        ASN1Sequence extensions = null;
        for (int i = at + 6; i < tbs.size(); i++) {
            ASN1TaggedObject tagged = ASN1TaggedObject.getInstance(tbs.getObjectAt(i));
            if (tagged.getTagNo() == 3) {
                extensions = ASN1Sequence.getInstance(tagged.getExplicitBaseObject());
            }
        }
        List<ASN1ObjectIdentifier> bad = new ArrayList<>();
        Optional<GeneralNames> sans = Optional.empty();
        Optional<BasicConstraints> constraints = Optional.empty();
        Set<ASN1ObjectIdentifier> seen = new HashSet<>();
        for (int i = 0; extensions != null && i < extensions.size(); i++) {
            Extension extension = Extension.getInstance(extensions.getObjectAt(i));
            ASN1ObjectIdentifier oid = extension.getExtnId();
            if (!seen.add(oid)) {
                throw new IllegalArgumentException("extension " + oid.getId() + " appears twice");
            }
            try {
                ASN1Primitive value = decodeCompletely(extension.getExtnValue().getOctets(), false);
                if (oid.equals(Extension.subjectAlternativeName)) {
                    sans = Optional.of(GeneralNames.getInstance(value));
                } else if (oid.equals(Extension.basicConstraints)) {
                    constraints = Optional.of(BasicConstraints.getInstance(value));
                }
            } catch (IOException | RuntimeException e) {
                bad.add(oid);
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
            return new ParsedCertificate(ASN1Sequence.getInstance(decodeCompletely(der, true)));
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

    /**
     * @param lazy whether constructed values are decoded only when read (BouncyCastle's lazy evaluation)
     * @return the one value {@code der} holds
     * @throws IOException if it holds no value, or bytes after it, or its outer structure is not DER
     */
    private static ASN1Primitive decodeCompletely(byte[] der, boolean lazy) throws IOException {
        try (ASN1InputStream in = new ASN1InputStream(der, lazy)) {
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

    /**
     * @return the instant; read directly when the time has the form RFC 5280 (4.1.2.5) prescribes, UTCTime
     *         YYMMDDHHMMSSZ (years 1950 to 2049) or GeneralizedTime YYYYMMDDHHMMSSZ, else as BouncyCastle reads it
     */
    static Instant instant(Time time) {
        ASN1Primitive value = time.toASN1Primitive();
        String text = value instanceof ASN1UTCTime utc ? utc.getTime() : null;
        if (value instanceof ASN1UTCTime && text.length() == 21 && text.endsWith("GMT+00:00")) {
            // BouncyCastle shows YYMMDDHHMMSSZ as YYMMDDHHMMSSGMT+00:00
            Instant read = instant(text, 0, 2);
            if (read != null) {
                return read;
            }
        } else if (value instanceof ASN1GeneralizedTime generalized) {
            String raw = generalized.getTimeString();
            if (raw.length() == 15 && raw.charAt(14) == 'Z') {
                Instant read = instant(raw, 0, 4);
                if (read != null) {
                    return read;
                }
            }
        }
        return time.getDate().toInstant();
    }

    /** @return the instant of the digits YY(YY)MMDDHHMMSS from {@code start}; null if they are not all digits */
    private static Instant instant(String text, int start, int yearDigits) {
        int[] fields = new int[6];
        int position = start;
        for (int f = 0; f < 6; f++) {
            int digits = f == 0 ? yearDigits : 2;
            int n = 0;
            for (int d = 0; d < digits; d++) {
                char c = text.charAt(position++);
                if (c < '0' || c > '9') {
                    return null;
                }
                n = n * 10 + (c - '0');
            }
            fields[f] = n;
        }
        int year = yearDigits == 2 ? (fields[0] < 50 ? 2000 + fields[0] : 1900 + fields[0]) : fields[0];
        try {
            return LocalDateTime.of(year, fields[1], fields[2], fields[3], fields[4], fields[5]).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null; // e.g. month 13: let BouncyCastle say what it makes of it
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
