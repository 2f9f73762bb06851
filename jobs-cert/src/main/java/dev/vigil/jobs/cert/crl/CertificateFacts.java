package dev.vigil.jobs.cert.crl;

import dev.vigil.jobs.cert.der.DerReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the checker needs from a certificate: its CRL distribution point and freshest-CRL URIs and
 * its authority key identifier. Read with {@link DerReader} from the tbsCertificate bytes rather than
 * through {@link X509Certificate#getExtensionValue}, which throws and catches an exception inside the
 * JDK for every absent extension: this is on the path of every certificate checked.
 */
final class CertificateFacts {
    private static final byte[] CRL_DISTRIBUTION_POINTS = {0x55, 0x1D, 0x1F};
    private static final byte[] FRESHEST_CRL = {0x55, 0x1D, 0x2E};
    private static final byte[] AUTHORITY_KEY_IDENTIFIER = {0x55, 0x1D, 0x23};

    final List<URI> distributionPoints;
    final List<URI> freshestCrls;
    final byte[] authorityKeyId; // null when absent

    private CertificateFacts(List<URI> distributionPoints, List<URI> freshestCrls, byte[] authorityKeyId) {
        this.distributionPoints = distributionPoints;
        this.freshestCrls = freshestCrls;
        this.authorityKeyId = authorityKeyId;
    }

    /** @throws CrlException ({@link UnknownCause#MALFORMED}) if an extension read here is malformed */
    static CertificateFacts read(X509Certificate certificate) {
        byte[] tbs;
        try {
            tbs = certificate.getTBSCertificate();
        } catch (CertificateEncodingException e) {
            throw new CrlException(UnknownCause.MALFORMED, "malformed certificate: " + e.getMessage(), e);
        }
        List<URI> points = List.of();
        List<URI> freshest = List.of();
        byte[] aki = null;
        try {
            DerReader r = new DerReader(tbs, 0, tbs.length, CrlException::malformed);
            r.narrow(r.expect(DerReader.SEQUENCE, "tbsCertificate"));
            while (r.hasMore() && r.peekTag() != 0xA3) {
                r.skip("tbsCertificate field");
            }
            if (!r.hasMore()) {
                return new CertificateFacts(points, freshest, null);
            }
            r.narrow(r.expect(0xA3, "extensions"));
            r.narrow(r.expect(DerReader.SEQUENCE, "extensions"));
            while (r.hasMore()) {
                int end = r.narrow(r.expect(DerReader.SEQUENCE, "Extension"));
                int oidLen = r.expect(DerReader.OID, "extnID");
                int oidFrom = r.position();
                r.advance(oidLen);
                if (r.peekTag() == DerReader.BOOLEAN) {
                    r.skip("critical");
                }
                int valueLen = r.expect(DerReader.OCTET_STRING, "extnValue");
                int valueFrom = r.position();
                r.advance(valueLen);
                r.widen(end, "Extension");
                if (is(tbs, oidFrom, oidLen, CRL_DISTRIBUTION_POINTS)) {
                    points = distributionPointUris(tbs, valueFrom, valueFrom + valueLen);
                } else if (is(tbs, oidFrom, oidLen, FRESHEST_CRL)) {
                    freshest = distributionPointUris(tbs, valueFrom, valueFrom + valueLen);
                } else if (is(tbs, oidFrom, oidLen, AUTHORITY_KEY_IDENTIFIER)) {
                    aki = keyIdentifier(tbs, valueFrom, valueFrom + valueLen);
                }
            }
        } catch (CrlException e) {
            throw new CrlException(UnknownCause.MALFORMED,
                    e.getMessage().replace("malformed CRL", "malformed certificate"), e);
        }
        return new CertificateFacts(points, freshest, aki);
    }

    /**
     * Reads a CRLDistributionPoints (or FreshestCRL) value: the URIs of the distribution points'
     * full names, in order. Relative names, reasons and CRL issuers are skipped.
     */
    static List<URI> distributionPointUris(byte[] b, int from, int to) {
        List<URI> out = new ArrayList<>(2);
        DerReader r = new DerReader(b, from, to, CrlException::malformed);
        r.narrow(r.expect(DerReader.SEQUENCE, "CRLDistributionPoints"));
        while (r.hasMore()) {
            int dpEnd = r.narrow(r.expect(DerReader.SEQUENCE, "DistributionPoint"));
            if (r.peekTag() == 0xA0) {
                int nameEnd = r.narrow(r.expect(0xA0, "distributionPoint"));
                if (r.peekTag() == 0xA0) {
                    int fullEnd = r.narrow(r.expect(0xA0, "fullName"));
                    while (r.hasMore()) {
                        if (r.peekTag() == 0x86) {
                            int len = r.expect(0x86, "uniformResourceIdentifier");
                            String text = new String(b, r.position(), len, StandardCharsets.US_ASCII);
                            r.advance(len);
                            try {
                                out.add(new URI(text));
                            } catch (java.net.URISyntaxException e) {
                                // not a URI: it cannot be fetched; the other names may still be
                            }
                        } else {
                            r.skip("GeneralName");
                        }
                    }
                    r.widen(fullEnd, "fullName");
                } else {
                    r.skip("nameRelativeToCRLIssuer");
                }
                r.widen(nameEnd, "distributionPoint");
            }
            while (r.hasMore()) {
                r.skip("reasons or cRLIssuer");
            }
            r.widen(dpEnd, "DistributionPoint");
        }
        return out;
    }

    private static byte[] keyIdentifier(byte[] b, int from, int to) {
        DerReader r = new DerReader(b, from, to, CrlException::malformed);
        r.narrow(r.expect(DerReader.SEQUENCE, "AuthorityKeyIdentifier"));
        if (r.peekTag() != 0x80) {
            return null;
        }
        int len = r.expect(0x80, "keyIdentifier");
        return java.util.Arrays.copyOfRange(b, r.position(), r.position() + len);
    }

    private static boolean is(byte[] b, int from, int len, byte[] oid) {
        return len == oid.length && java.util.Arrays.equals(b, from, from + len, oid, 0, len);
    }
}
