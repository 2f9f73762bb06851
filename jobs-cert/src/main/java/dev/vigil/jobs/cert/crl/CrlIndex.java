package dev.vigil.jobs.cert.crl;

import dev.vigil.jobs.cert.der.DerReader;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * A verified CRL, indexed for lookups by serial number. Built once per downloaded CRL; immutable and
 * safe to share between threads.
 *
 * <p>The CRL is read by a streaming DER reader over the byte array: the header with the extensions,
 * then the {@code revokedCertificates} list entry by entry into a compact sorted table (no object
 * per entry). The signature is verified over the raw {@code tbsCertList} bytes with the issuer's
 * public key before any entry is read. An index is never built from a CRL that fails a check.
 */
public final class CrlIndex {
    // OID content octets of the extensions read or tolerated
    private static final byte[] CRL_NUMBER = {0x55, 0x1D, 0x14};
    private static final byte[] REASON_CODE = {0x55, 0x1D, 0x15};
    private static final byte[] HOLD_INSTRUCTION = {0x55, 0x1D, 0x17};
    private static final byte[] INVALIDITY_DATE = {0x55, 0x1D, 0x18};
    private static final byte[] DELTA_CRL_INDICATOR = {0x55, 0x1D, 0x1B};
    private static final byte[] ISSUING_DISTRIBUTION_POINT = {0x55, 0x1D, 0x1C};
    private static final byte[] AUTHORITY_KEY_IDENTIFIER = {0x55, 0x1D, 0x23};
    private static final byte[] ISSUER_ALT_NAME = {0x55, 0x1D, 0x12};
    private static final byte[] FRESHEST_CRL = {0x55, 0x1D, 0x2E};
    private static final byte[] AUTHORITY_INFO_ACCESS = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01};

    private final X500Principal issuer;
    private final Instant thisUpdate;
    private final Instant nextUpdate;
    private final BigInteger number;
    private final BigInteger deltaBase;
    private final byte[] authorityKeyId;
    private final IssuingDistributionPoint scope;
    private final List<URI> freshestCrls;
    private final SerialTable table;
    private final byte[] signature;
    private final String description;

    private CrlIndex(Header h, SerialTable table) {
        this.issuer = h.issuer;
        this.thisUpdate = h.thisUpdate;
        this.nextUpdate = h.nextUpdate;
        this.number = h.number;
        this.deltaBase = h.deltaBase;
        this.authorityKeyId = h.authorityKeyId;
        this.scope = h.scope;
        this.freshestCrls = List.copyOf(h.freshestCrls);
        this.table = table;
        this.signature = h.signature;
        this.description = "CRL " + (isDelta() ? "delta " : "") + "#" + number + " of " + issuer.getName()
                + " (thisUpdate " + thisUpdate + ", nextUpdate " + nextUpdate + ", " + size() + " entries)";
    }

    /**
     * Reads, verifies and indexes a CRL.
     *
     * @param crl the CRL, DER or PEM ({@code -----BEGIN X509 CRL-----}); not null
     * @param issuer the certificate of the CA that issued the CRL; its subject must be the CRL's
     *     issuer and its public key must verify the CRL's signature; not null
     * @return the index
     * @throws CrlException if the CRL is malformed ({@link UnknownCause#MALFORMED}), not from
     *     {@code issuer} ({@link UnknownCause#WRONG_ISSUER}), not signed by it
     *     ({@link UnknownCause#BAD_SIGNATURE}) or uses an unsupported feature such as an indirect CRL
     *     or an unknown critical extension ({@link UnknownCause#UNSUPPORTED_CRL})
     * @throws NullPointerException if an argument is null
     */
    public static CrlIndex parse(byte[] crl, X509Certificate issuer) {
        return of(verify(crl, issuer));
    }

    /** Reads the header and extensions and verifies the signature; the entries are not read yet. */
    static Header verify(byte[] crl, X509Certificate issuer) {
        Objects.requireNonNull(crl, "crl");
        Objects.requireNonNull(issuer, "issuer");
        Header h = Header.read(decodePem(crl));
        h.checkIssuer(issuer);
        h.checkSignature(issuer);
        return h;
    }

    /** Reads the entries of a verified CRL into an index. */
    static CrlIndex of(Header h) {
        return new CrlIndex(h, h.readEntries());
    }

    /** @return the CRL's issuer */
    public X500Principal issuer() {
        return issuer;
    }

    /** @return the CRL's thisUpdate */
    public Instant thisUpdate() {
        return thisUpdate;
    }

    /** @return the CRL's nextUpdate; empty if the CRL has none */
    public Optional<Instant> nextUpdate() {
        return Optional.ofNullable(nextUpdate);
    }

    /** @return the cRLNumber extension; empty if the CRL has none */
    public Optional<BigInteger> number() {
        return Optional.ofNullable(number);
    }

    /** @return for a delta CRL, the number of the base CRL it updates (deltaCRLIndicator); else empty */
    public Optional<BigInteger> deltaBase() {
        return Optional.ofNullable(deltaBase);
    }

    /** @return whether this is a delta CRL */
    public boolean isDelta() {
        return deltaBase != null;
    }

    /** @return the http(s) URLs of the freshestCRL extension (where delta CRLs are published); may be empty */
    public List<URI> freshestCrls() {
        return freshestCrls;
    }

    /** @return the number of entries */
    public int size() {
        return table.size();
    }

    /**
     * @param serial a certificate serial number; not null
     * @return the CRL entry for that serial; empty if the CRL does not list it
     */
    public Optional<RevokedEntry> find(BigInteger serial) {
        return table.find(Objects.requireNonNull(serial, "serial"));
    }

    /** @return the authority key identifier of the CRL, or null */
    byte[] authorityKeyId() {
        return authorityKeyId == null ? null : authorityKeyId.clone();
    }

    /** @return whether the CRL covers only some revocation reasons (so absence does not mean good) */
    boolean coversOnlySomeReasons() {
        return scope != null && scope.getOnlySomeReasons() != null;
    }

    /**
     * Applies the issuing distribution point (RFC 5280 §6.3.3 b.2): the kinds of certificate the
     * CRL covers and the distribution point names.
     *
     * @return why the CRL does not cover {@code cert} fetched from {@code source}; empty if it does
     */
    Optional<String> outOfScope(X509Certificate cert, URI source) {
        if (scope == null) {
            return Optional.empty();
        }
        boolean ca = cert.getBasicConstraints() >= 0;
        if (scope.onlyContainsAttributeCerts()) {
            return Optional.of("the CRL covers only attribute certificates");
        }
        if (scope.onlyContainsUserCerts() && ca) {
            return Optional.of("the CRL covers only end-entity certificates and this is a CA certificate");
        }
        if (scope.onlyContainsCACerts() && !ca) {
            return Optional.of("the CRL covers only CA certificates and this is an end-entity certificate");
        }
        DistributionPointName name = scope.getDistributionPoint();
        if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
            List<URI> uris = uris(GeneralNames.getInstance(name.getName()));
            if (!uris.isEmpty() && !uris.contains(source)) {
                return Optional.of("the CRL's issuing distribution point " + uris + " does not name " + source);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return description;
    }

    static List<URI> uris(GeneralNames names) {
        List<URI> out = new ArrayList<>();
        for (GeneralName n : names.getNames()) {
            if (n.getTagNo() == GeneralName.uniformResourceIdentifier) {
                try {
                    out.add(URI.create(n.getName().toString()));
                } catch (IllegalArgumentException e) {
                    // not a URI: cannot be fetched nor matched
                }
            }
        }
        return out;
    }

    /** @return the DER of a CRL given in DER or PEM */
    static byte[] decodePem(byte[] crl) {
        int i = 0;
        while (i < crl.length && Character.isWhitespace(crl[i])) {
            i++;
        }
        if (i == crl.length || crl[i] != '-') {
            return crl;
        }
        String text = new String(crl, StandardCharsets.ISO_8859_1);
        String begin = "-----BEGIN X509 CRL-----";
        String end = "-----END X509 CRL-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw CrlException.malformed("PEM without a '" + begin + "' ... '" + end + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new CrlException(UnknownCause.MALFORMED, "malformed CRL: bad base64 in PEM: " + e.getMessage(), e);
        }
    }

    /** The parsed header of a CRL, the position of its entries, and its signature. */
    static final class Header {
        final byte[] der;
        int tbsFrom;
        int tbsTo;
        byte[] innerAlgorithm;
        byte[] outerAlgorithm;
        byte[] signature;
        X500Principal issuer;
        Instant thisUpdate;
        Instant nextUpdate;
        int entriesFrom = -1;
        int entriesTo = -1;
        BigInteger number;
        BigInteger deltaBase;
        byte[] authorityKeyId;
        IssuingDistributionPoint scope;
        List<URI> freshestCrls = List.of();

        private Header(byte[] der) {
            this.der = der;
        }

        static Header read(byte[] der) {
            Header h = new Header(der);
            DerReader r = new DerReader(der, 0, der.length, CrlException::malformed);
            int len = r.expect(DerReader.SEQUENCE, "CertificateList");
            if (r.position() + len != der.length) {
                throw CrlException.malformed((der.length - r.position() - len) + " bytes after the CertificateList");
            }
            h.tbsFrom = r.position();
            int tbsLen = r.expect(DerReader.SEQUENCE, "tbsCertList");
            h.tbsTo = r.position() + tbsLen;
            int outerEnd = r.narrow(tbsLen);
            h.readTbs(r);
            r.widen(outerEnd, "tbsCertList");
            h.outerAlgorithm = r.element("signatureAlgorithm");
            int sigLen = r.expect(DerReader.BIT_STRING, "signatureValue");
            if (sigLen < 1 || der[r.position()] != 0) {
                throw CrlException.malformed("signatureValue is not a whole number of bytes");
            }
            h.signature = Arrays.copyOfRange(der, r.position() + 1, r.position() + sigLen);
            r.advance(sigLen);
            if (r.hasMore()) {
                throw CrlException.malformed("unexpected bytes after signatureValue at offset " + r.position());
            }
            if (!Arrays.equals(h.innerAlgorithm, h.outerAlgorithm)) {
                throw CrlException.malformed("the signature algorithm inside tbsCertList differs from the outer one");
            }
            return h;
        }

        private void readTbs(DerReader r) {
            byte[] der = r.buffer();
            if (r.peekTag() == DerReader.INTEGER) {
                int len = r.expect(DerReader.INTEGER, "version");
                if (len != 1 || der[r.position()] != 1) {
                    throw CrlException.malformed("version is not v2");
                }
                r.advance(len);
            }
            innerAlgorithm = r.element("signature");
            int issuerFrom = r.position();
            r.skip("issuer");
            try {
                issuer = new X500Principal(Arrays.copyOfRange(der, issuerFrom, r.position()));
            } catch (IllegalArgumentException e) {
                throw new CrlException(UnknownCause.MALFORMED, "malformed CRL: bad issuer name", e);
            }
            thisUpdate = Instant.ofEpochSecond(r.time("thisUpdate"));
            int tag = r.peekTag();
            if (tag == DerReader.UTC_TIME || tag == DerReader.GENERALIZED_TIME) {
                nextUpdate = Instant.ofEpochSecond(r.time("nextUpdate"));
                tag = r.peekTag();
            }
            if (tag == DerReader.SEQUENCE) {
                int len = r.expect(DerReader.SEQUENCE, "revokedCertificates");
                entriesFrom = r.position();
                entriesTo = entriesFrom + len;
                r.advance(len);
                tag = r.peekTag();
            }
            if (tag == 0xA0) {
                int len = r.expect(0xA0, "crlExtensions");
                int end = r.narrow(len);
                readExtensions(r);
                r.widen(end, "crlExtensions");
            }
        }

        private void readExtensions(DerReader r) {
            byte[] der = r.buffer();
            int len = r.expect(DerReader.SEQUENCE, "crlExtensions");
            int end = r.narrow(len);
            while (r.hasMore()) {
                int extLen = r.expect(DerReader.SEQUENCE, "Extension");
                int extEnd = r.narrow(extLen);
                int oidLen = r.expect(DerReader.OID, "extnID");
                int oidFrom = r.position();
                r.advance(oidLen);
                boolean critical = false;
                if (r.peekTag() == DerReader.BOOLEAN) {
                    int bl = r.expect(DerReader.BOOLEAN, "critical");
                    critical = bl == 1 && der[r.position()] != 0;
                    r.advance(bl);
                }
                int valueLen = r.expect(DerReader.OCTET_STRING, "extnValue");
                byte[] value = Arrays.copyOfRange(der, r.position(), r.position() + valueLen);
                r.advance(valueLen);
                r.widen(extEnd, "Extension");
                byte[] oid = Arrays.copyOfRange(der, oidFrom, oidFrom + oidLen);
                try {
                    readExtension(oid, critical, value);
                } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
                    throw new CrlException(UnknownCause.MALFORMED, "malformed CRL: bad extension "
                            + oidText(oid) + ": " + e.getMessage(), e);
                }
            }
            r.widen(end, "crlExtensions");
        }

        private void readExtension(byte[] oid, boolean critical, byte[] value) {
            if (Arrays.equals(oid, CRL_NUMBER)) {
                number = integer(value, "cRLNumber");
            } else if (Arrays.equals(oid, DELTA_CRL_INDICATOR)) {
                deltaBase = integer(value, "deltaCRLIndicator");
            } else if (Arrays.equals(oid, AUTHORITY_KEY_IDENTIFIER)) {
                authorityKeyId = AuthorityKeyIdentifier.getInstance(primitive(value)).getKeyIdentifier();
            } else if (Arrays.equals(oid, ISSUING_DISTRIBUTION_POINT)) {
                scope = IssuingDistributionPoint.getInstance(primitive(value));
                if (scope.isIndirectCRL()) {
                    throw new CrlException(UnknownCause.UNSUPPORTED_CRL,
                            "indirect CRLs are not supported (issuingDistributionPoint has indirectCRL)");
                }
            } else if (Arrays.equals(oid, FRESHEST_CRL)) {
                freshestCrls = CertificateFacts.distributionPointUris(value, 0, value.length).stream()
                        .filter(u -> "http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                        .toList();
            } else if (critical && !Arrays.equals(oid, ISSUER_ALT_NAME) && !Arrays.equals(oid, AUTHORITY_INFO_ACCESS)) {
                throw new CrlException(UnknownCause.UNSUPPORTED_CRL,
                        "the CRL has an unknown critical extension " + oidText(oid));
            }
        }

        private static ASN1Primitive primitive(byte[] value) {
            try {
                return ASN1Primitive.fromByteArray(value);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        private static BigInteger integer(byte[] value, String what) {
            DerReader r = new DerReader(value, 0, value.length, CrlException::malformed);
            int len = r.expect(DerReader.INTEGER, what);
            if (len == 0 || r.position() + len != value.length) {
                throw CrlException.malformed(what + " is not a single INTEGER");
            }
            return new BigInteger(value, r.position(), len);
        }

        void checkIssuer(X509Certificate issuerCertificate) {
            if (!issuer.equals(issuerCertificate.getSubjectX500Principal())) {
                throw new CrlException(UnknownCause.WRONG_ISSUER, "the CRL is issued by '" + issuer.getName()
                        + "', not by '" + issuerCertificate.getSubjectX500Principal().getName() + "'");
            }
            boolean[] usage = issuerCertificate.getKeyUsage();
            if (usage != null && (usage.length < 7 || !usage[6])) {
                throw new CrlException(UnknownCause.WRONG_ISSUER,
                        "the issuer certificate's key usage does not allow cRLSign");
            }
            byte[] ski = keyIdentifier(issuerCertificate, "2.5.29.14");
            if (ski != null && authorityKeyId != null && !Arrays.equals(ski, authorityKeyId)) {
                throw new CrlException(UnknownCause.WRONG_ISSUER, "the CRL's authority key identifier does not "
                        + "match the issuer certificate's subject key identifier (another key of the same CA?)");
            }
        }

        void checkSignature(X509Certificate issuerCertificate) {
            boolean valid;
            try {
                ContentVerifier verifier = new JcaContentVerifierProviderBuilder()
                        .build(issuerCertificate.getPublicKey())
                        .get(AlgorithmIdentifier.getInstance(outerAlgorithm));
                try (OutputStream out = verifier.getOutputStream()) {
                    out.write(der, tbsFrom, tbsTo - tbsFrom);
                }
                valid = verifier.verify(signature);
            } catch (OperatorCreationException e) {
                throw new CrlException(UnknownCause.BAD_SIGNATURE, "cannot verify the CRL's signature: "
                        + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                throw new CrlException(UnknownCause.BAD_SIGNATURE, "the CRL's signature is not valid: " + e, e);
            }
            if (!valid) {
                throw new CrlException(UnknownCause.BAD_SIGNATURE,
                        "the CRL's signature does not verify with the public key of '"
                                + issuerCertificate.getSubjectX500Principal().getName() + "'");
            }
        }

        /**
         * @return whether {@code index} was built from this same CRL: same issuer and signature value.
         *     Not by CRL number alone: partitioned CRLs of one issuer may share numbers.
         */
        boolean sameCrlAs(CrlIndex index) {
            return issuer.equals(index.issuer) && Arrays.equals(signature, index.signature);
        }

        /** @return whether this CRL is older than {@code index} by CRL number (or by thisUpdate without numbers) */
        boolean olderThan(CrlIndex index) {
            if (number != null && index.number != null) {
                return number.compareTo(index.number) < 0;
            }
            return thisUpdate.isBefore(index.thisUpdate);
        }

        SerialTable readEntries() {
            if (entriesFrom < 0) {
                return new SerialTable.Builder(0).build();
            }
            byte[] b = der;
            DerReader r = new DerReader(b, entriesFrom, entriesTo, CrlException::malformed);
            SerialTable.Builder table = new SerialTable.Builder((entriesTo - entriesFrom) / 24);
            while (r.hasMore()) {
                int entryLen = r.expect(DerReader.SEQUENCE, "revokedCertificates entry");
                int end = r.narrow(entryLen);
                int serialLen = r.expect(DerReader.INTEGER, "userCertificate");
                if (serialLen == 0) {
                    throw CrlException.malformed("empty serial number at offset " + r.position());
                }
                int serialFrom = r.position();
                r.advance(serialLen);
                long date = r.time("revocationDate");
                byte reason = SerialTable.NO_REASON;
                if (r.hasMore()) {
                    reason = readEntryExtensions(r);
                }
                r.widen(end, "revokedCertificates entry");
                table.add(b, serialFrom, serialLen, date, reason);
            }
            return table.build();
        }

        private static byte readEntryExtensions(DerReader r) {
            byte[] b = r.buffer();
            byte reason = SerialTable.NO_REASON;
            int len = r.expect(DerReader.SEQUENCE, "crlEntryExtensions");
            int end = r.narrow(len);
            while (r.hasMore()) {
                int extLen = r.expect(DerReader.SEQUENCE, "entry Extension");
                int extEnd = r.narrow(extLen);
                int oidLen = r.expect(DerReader.OID, "entry extnID");
                int oidFrom = r.position();
                r.advance(oidLen);
                boolean critical = false;
                if (r.peekTag() == DerReader.BOOLEAN) {
                    int bl = r.expect(DerReader.BOOLEAN, "critical");
                    critical = bl == 1 && b[r.position()] != 0;
                    r.advance(bl);
                }
                int valueLen = r.expect(DerReader.OCTET_STRING, "entry extnValue");
                int valueFrom = r.position();
                r.advance(valueLen);
                r.widen(extEnd, "entry Extension");
                if (is(b, oidFrom, oidLen, REASON_CODE)) {
                    if (valueLen != 3 || b[valueFrom] != DerReader.ENUMERATED || b[valueFrom + 1] != 1
                            || b[valueFrom + 2] < 0 || b[valueFrom + 2] > 10) {
                        throw CrlException.malformed("bad reasonCode at offset " + valueFrom);
                    }
                    reason = b[valueFrom + 2];
                } else if (critical && !is(b, oidFrom, oidLen, INVALIDITY_DATE)
                        && !is(b, oidFrom, oidLen, HOLD_INSTRUCTION)) {
                    // certificateIssuer (indirect CRL) and anything unknown: the entry cannot be trusted
                    throw new CrlException(UnknownCause.UNSUPPORTED_CRL, "a CRL entry has an unsupported critical "
                            + "extension " + oidText(Arrays.copyOfRange(b, oidFrom, oidFrom + oidLen)));
                }
            }
            r.widen(end, "crlEntryExtensions");
            return reason;
        }

        private static boolean is(byte[] b, int from, int len, byte[] oid) {
            return len == oid.length && Arrays.equals(b, from, from + len, oid, 0, len);
        }
    }

    static byte[] keyIdentifier(X509Certificate cert, String oid) {
        byte[] ext = cert.getExtensionValue(oid);
        if (ext == null) {
            return null;
        }
        try {
            ASN1Primitive inner = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
            if (oid.equals("2.5.29.35")) {
                return AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifier();
            }
            return ASN1OctetString.getInstance(inner).getOctets();
        } catch (IOException | IllegalArgumentException e) {
            throw new CrlException(UnknownCause.MALFORMED, "the certificate's extension " + oid + " is malformed", e);
        }
    }

    private static String oidText(byte[] content) {
        try {
            return org.bouncycastle.asn1.ASN1ObjectIdentifier.getInstance(
                    ASN1Primitive.fromByteArray(concat(new byte[] {0x06, (byte) content.length}, content))).getId();
        } catch (IOException | RuntimeException e) {
            return "(unreadable OID)";
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
