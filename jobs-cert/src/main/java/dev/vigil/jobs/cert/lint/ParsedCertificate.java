package dev.vigil.jobs.cert.lint;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import dev.vigil.jobs.cert.der.DerReader;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;

/**
 * The parts of a certificate the rules read, decoded once from the DER so that what the rules see does not
 * depend on the JCA provider that built the {@link X509Certificate}. An extension whose value does not decode
 * is listed in {@link #malformedExtensions()} and reads as absent.
 *
 * <p>Only those parts are decoded. The certificate's outer structure is walked over the bytes ({@link DerReader}):
 * the issuer and subject names, which no rule reads, are skipped, and the validity times in the form RFC 5280
 * prescribes are read by {@link DerReader#time}. The parts the rules look into (signature algorithm, public key, each
 * extension's value) are decoded with BouncyCastle. Building BouncyCastle's objects for the whole certificate,
 * and {@link Time#getDate()}'s {@code SimpleDateFormat}, cost three times as much.
 */
final class ParsedCertificate {
    private static final byte[] SUBJECT_ALT_NAME = encoded(Extension.subjectAlternativeName);
    private static final byte[] BASIC_CONSTRAINTS = encoded(Extension.basicConstraints);

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
     * @param der the certificate: SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
     * @throws IOException or a runtime exception when its structure is wrong
     */
    private ParsedCertificate(byte[] der) throws IOException {
        DerReader r = new DerReader(der, 0, der.length, IllegalArgumentException::new);
        int afterCertificate = r.narrow(r.expect(DerReader.SEQUENCE, "certificate"));
        // tbsCertificate: [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject,
        // subjectPublicKeyInfo, [1] issuerUniqueID, [2] subjectUniqueID, [3] extensions (RFC 5280, 4.1)
        int afterTbs = r.narrow(r.expect(DerReader.SEQUENCE, "tbsCertificate"));
        if (r.peekTag() == 0xA0) {
            r.skip("version");
        }
        r.advance(r.expect(DerReader.INTEGER, "serialNumber"));
        r.advance(r.expect(DerReader.SEQUENCE, "signature"));
        r.advance(r.expect(DerReader.SEQUENCE, "issuer"));
        int afterValidity = r.narrow(r.expect(DerReader.SEQUENCE, "validity"));
        this.notBefore = time(element(r, DerReader.UTC_TIME, DerReader.GENERALIZED_TIME, "notBefore"));
        this.notAfter = time(element(r, DerReader.UTC_TIME, DerReader.GENERALIZED_TIME, "notAfter"));
        r.widen(afterValidity, "validity");
        r.advance(r.expect(DerReader.SEQUENCE, "subject"));
        this.publicKey = SubjectPublicKeyInfo.getInstance(decodeCompletely(
                element(r, DerReader.SEQUENCE, DerReader.SEQUENCE, "subjectPublicKeyInfo")));
        List<ASN1ObjectIdentifier> bad = new ArrayList<>();
        Optional<GeneralNames> sans = Optional.empty();
        Optional<BasicConstraints> constraints = Optional.empty();
        while (r.hasMore()) {
            int tag = r.peekTag();
            if (tag == 0x81 || tag == 0xA1 || tag == 0x82 || tag == 0xA2) {
                r.skip("unique identifier");
                continue;
            }
            if (tag != 0xA3) {
                throw new IOException("unexpected tag 0x" + Integer.toHexString(tag) + " in the tbsCertificate");
            }
            int afterWrapper = r.narrow(r.expect(0xA3, "extensions"));
            int afterExtensions = r.narrow(r.expect(DerReader.SEQUENCE, "extensions"));
            List<byte[]> seen = new ArrayList<>();
            while (r.hasMore()) {
                int afterExtension = r.narrow(r.expect(DerReader.SEQUENCE, "extension"));
                byte[] oid = element(r, DerReader.OID, DerReader.OID, "extnID");
                for (byte[] earlier : seen) {
                    if (Arrays.equals(earlier, oid)) {
                        throw new IOException("extension " + oid(oid).getId() + " appears twice");
                    }
                }
                seen.add(oid);
                if (r.peekTag() == DerReader.BOOLEAN) {
                    r.skip("critical");
                }
                int valueLength = r.expect(DerReader.OCTET_STRING, "extnValue");
                byte[] value = Arrays.copyOfRange(r.buffer(), r.position(), r.position() + valueLength);
                r.advance(valueLength);
                r.widen(afterExtension, "extension");
                try {
                    ASN1Primitive decoded = decodeCompletely(value);
                    if (Arrays.equals(oid, SUBJECT_ALT_NAME)) {
                        sans = Optional.of(GeneralNames.getInstance(decoded));
                    } else if (Arrays.equals(oid, BASIC_CONSTRAINTS)) {
                        constraints = Optional.of(BasicConstraints.getInstance(decoded));
                    }
                } catch (IOException | RuntimeException e) {
                    bad.add(oid(oid));
                }
            }
            r.widen(afterExtensions, "extensions");
            r.widen(afterWrapper, "extensions");
            break; // extensions are the last field: what follows is an error, which widen() below reports
        }
        r.widen(afterTbs, "tbsCertificate");
        this.signatureAlgorithm = AlgorithmIdentifier.getInstance(decodeCompletely(
                element(r, DerReader.SEQUENCE, DerReader.SEQUENCE, "signatureAlgorithm")));
        r.advance(r.expect(DerReader.BIT_STRING, "signatureValue"));
        r.widen(afterCertificate, "certificate");
        if (r.hasMore()) {
            throw new IOException("bytes after the certificate");
        }
        this.subjectAltNames = sans;
        this.basicConstraints = constraints;
        this.malformed = List.copyOf(bad);
    }

    /** @return the next element, header included, which must have one of the two tags */
    private static byte[] element(DerReader r, int tag, int otherTag, String what) throws IOException {
        int actual = r.peekTag();
        if (actual != tag && actual != otherTag) {
            throw new IOException(what + ": unexpected tag 0x" + Integer.toHexString(actual));
        }
        return r.element(what);
    }

    /**
     * @return the instant of a UTCTime or GeneralizedTime element: read by {@link DerReader#time} in the form
     *         RFC 5280 (4.1.2.5) prescribes, by BouncyCastle in any other
     */
    static Instant time(byte[] element) throws IOException {
        try {
            DerReader r = new DerReader(element, 0, element.length, IllegalArgumentException::new);
            long seconds = r.time("time");
            if (!r.hasMore()) {
                return Instant.ofEpochSecond(seconds);
            }
        } catch (IllegalArgumentException e) {
            // another form (no seconds, fractions, an offset): BouncyCastle's reading below
        }
        return Time.getInstance(decodeCompletely(element)).getDate().toInstant();
    }

    private static byte[] encoded(ASN1ObjectIdentifier oid) {
        try {
            return oid.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("an OID constant always encodes", e);
        }
    }

    private static ASN1ObjectIdentifier oid(byte[] encoded) throws IOException {
        return ASN1ObjectIdentifier.getInstance(ASN1Primitive.fromByteArray(encoded));
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
        return of(der);
    }

    /**
     * @param der a certificate's encoding
     * @return the decoded certificate
     * @throws MalformedCertificateException when the certificate's own structure does not decode
     */
    static ParsedCertificate of(byte[] der) {
        try {
            return new ParsedCertificate(der);
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
     * @return the one value {@code der} holds
     * @throws IOException if it holds no value, or bytes after it, or is not DER
     */
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
