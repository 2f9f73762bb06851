package dev.vigil.jobs.cert.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import dev.vigil.jobs.cert.der.DerReader;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
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
 * prescribes are read directly. The parts the rules look into (signature algorithm, public key, each
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

    /** @return a UTCTime or GeneralizedTime element's instant: read directly in RFC 5280's form, else by BouncyCastle */
    private static Instant time(byte[] element) throws IOException {
        int tag = element[0];
        int length = element.length - 2; // short form: these times are 13 or 15 bytes
        if (element[1] == length && element[element.length - 1] == 'Z') {
            Instant read = tag == DerReader.UTC_TIME && length == 13 ? instant(element, 2, 2)
                    : tag == DerReader.GENERALIZED_TIME && length == 15 ? instant(element, 2, 4) : null;
            if (read != null) {
                return read;
            }
        }
        return instant(Time.getInstance(decodeCompletely(element)));
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

    /** @return the instant of the ASCII digits YY(YY)MMDDHHMMSS from {@code start}; null if not all digits */
    private static Instant instant(byte[] text, int start, int yearDigits) {
        return instant(new String(text, start, yearDigits + 10, StandardCharsets.US_ASCII), 0, yearDigits);
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
