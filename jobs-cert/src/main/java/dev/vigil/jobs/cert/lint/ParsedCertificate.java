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
 * <p>Only those parts are decoded. The certificate's outer structure is walked over the bytes ({@link Der}):
 * the issuer and subject names, which no rule reads, are skipped, and the validity times in the form RFC 5280
 * prescribes are read directly. The parts the rules look into (signature algorithm, public key, each
 * extension's value) are decoded with BouncyCastle. Building BouncyCastle's objects for the whole certificate,
 * and {@link Time#getDate()}'s {@code SimpleDateFormat}, cost three times as much.
 */
final class ParsedCertificate {
    private static final byte[] SUBJECT_ALT_NAME = encoded(Extension.subjectAlternativeName);
    private static final byte[] BASIC_CONSTRAINTS = encoded(Extension.basicConstraints);
    private static final int SEQUENCE = 0x30;

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
     * @throws IOException or a runtime exception of BouncyCastle's when its structure is wrong
     */
    private ParsedCertificate(byte[] der) throws IOException {
        Der certificate = new Der(der, 0, der.length).enter(SEQUENCE, "certificate");
        if (certificate.end != der.length) {
            throw new IOException("bytes after the certificate");
        }
        Der tbs = certificate.enter(SEQUENCE, "tbsCertificate");
        this.signatureAlgorithm = AlgorithmIdentifier.getInstance(certificate.decode(SEQUENCE, "signatureAlgorithm"));
        certificate.skip(0x03, "signatureValue");
        certificate.requireEnd("certificate");
        // tbsCertificate: [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject,
        // subjectPublicKeyInfo, [1] issuerUniqueID, [2] subjectUniqueID, [3] extensions (RFC 5280, 4.1)
        if (tbs.hasMore() && tbs.tag() == 0xA0) {
            tbs.skip(0xA0, "version");
        }
        tbs.skip(0x02, "serialNumber");
        tbs.skip(SEQUENCE, "signature");
        tbs.skip(SEQUENCE, "issuer");
        Der validity = tbs.enter(SEQUENCE, "validity");
        this.notBefore = validity.time("notBefore");
        this.notAfter = validity.time("notAfter");
        validity.requireEnd("validity");
        tbs.skip(SEQUENCE, "subject");
        this.publicKey = SubjectPublicKeyInfo.getInstance(tbs.decode(SEQUENCE, "subjectPublicKeyInfo"));
        Der extensions = null;
        while (tbs.hasMore()) {
            int tag = tbs.tag();
            if (tag == 0xA3) {
                extensions = tbs.enter(0xA3, "extensions").enter(SEQUENCE, "extensions");
            } else if (tag == 0x81 || tag == 0xA1 || tag == 0x82 || tag == 0xA2) {
                tbs.skip(tag, "unique identifier");
            } else {
                throw new IOException("unexpected tag 0x" + Integer.toHexString(tag) + " in the tbsCertificate");
            }
        }
        List<ASN1ObjectIdentifier> bad = new ArrayList<>();
        Optional<GeneralNames> sans = Optional.empty();
        Optional<BasicConstraints> constraints = Optional.empty();
        List<byte[]> seen = new ArrayList<>();
        while (extensions != null && extensions.hasMore()) {
            Der extension = extensions.enter(SEQUENCE, "extension");
            byte[] oid = extension.element(0x06, "extnID");
            for (byte[] earlier : seen) {
                if (Arrays.equals(earlier, oid)) {
                    throw new IOException("extension " + oid(oid).getId() + " appears twice");
                }
            }
            seen.add(oid);
            if (extension.tag() == 0x01) {
                extension.skip(0x01, "critical");
            }
            byte[] value = extension.contents(0x04, "extnValue");
            extension.requireEnd("extension");
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
        this.subjectAltNames = sans;
        this.basicConstraints = constraints;
        this.malformed = List.copyOf(bad);
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

    /**
     * A forward reader over the elements of one constructed DER value, bytes {@code [position, end)}: each
     * element's length is checked against the enclosing end, so truncated input fails with an
     * {@link IOException} naming the part, never an index exception. Definite lengths only, as DER requires.
     */
    private static final class Der {
        private final byte[] bytes;
        private int position;
        private final int end;
        /** Set by {@link #header}: where the element's contents end. */
        private int valueEnd;

        Der(byte[] bytes, int position, int end) {
            this.bytes = bytes;
            this.position = position;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int tag() throws IOException {
            if (position >= end) {
                throw new IOException("truncated");
            }
            return bytes[position] & 0xff;
        }

        /** @return a reader over the contents of the next element, which must have the tag; this one moves past it */
        Der enter(int tag, String what) throws IOException {
            int contents = header(tag, what);
            Der inner = new Der(bytes, contents, valueEnd);
            position = valueEnd;
            return inner;
        }

        void skip(int tag, String what) throws IOException {
            header(tag, what);
            position = valueEnd;
        }

        /** @return the next element, header included */
        byte[] element(int tag, String what) throws IOException {
            int start = position;
            header(tag, what);
            position = valueEnd;
            return Arrays.copyOfRange(bytes, start, valueEnd);
        }

        /** @return the next element's contents */
        byte[] contents(int tag, String what) throws IOException {
            int contents = header(tag, what);
            position = valueEnd;
            return Arrays.copyOfRange(bytes, contents, valueEnd);
        }

        /** @return the next element decoded by BouncyCastle */
        ASN1Primitive decode(int tag, String what) throws IOException {
            return decodeCompletely(element(tag, what));
        }

        /** @return the next element, a UTCTime or GeneralizedTime */
        Instant time(String what) throws IOException {
            int tag = tag();
            if (tag != 0x17 && tag != 0x18) {
                throw new IOException(what + " is not a time (tag 0x" + Integer.toHexString(tag) + ")");
            }
            int start = position;
            int contents = header(tag, what);
            position = valueEnd;
            int length = valueEnd - contents;
            if (tag == 0x17 && length == 13 && bytes[valueEnd - 1] == 'Z') {
                Instant read = instant(bytes, contents, 2);
                if (read != null) {
                    return read;
                }
            } else if (tag == 0x18 && length == 15 && bytes[valueEnd - 1] == 'Z') {
                Instant read = instant(bytes, contents, 4);
                if (read != null) {
                    return read;
                }
            }
            return instant(Time.getInstance(decodeCompletely(Arrays.copyOfRange(bytes, start, valueEnd))));
        }

        void requireEnd(String what) throws IOException {
            if (position != end) {
                throw new IOException("bytes after the last part of the " + what);
            }
        }

        /** Reads the next element's tag and length; @return where its contents start */
        private int header(int tag, String what) throws IOException {
            if (tag() != tag) {
                throw new IOException(what + ": expected tag 0x" + Integer.toHexString(tag) + ", found 0x"
                        + Integer.toHexString(tag()));
            }
            int at = position + 1;
            if (at >= end) {
                throw new IOException(what + ": truncated");
            }
            int first = bytes[at++] & 0xff;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7f;
                if (count == 0 || count > 4 || at + count > end) {
                    throw new IOException(what + ": bad length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[at++] & 0xff);
                }
            }
            if (length > end - at) {
                throw new IOException(what + ": longer than what holds it");
            }
            valueEnd = at + (int) length;
            return at;
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
