package dev.vigil.jobs.cert.ct;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * Reads the embedded SCT list extension (OID 1.3.6.1.4.1.11129.2.4.2, RFC 6962 §3.3): an OCTET STRING
 * holding the TLS-encoded {@code SignedCertificateTimestampList}, a u16-length list of u16-length
 * serialized SCTs. Every length is checked against what remains, and nothing may follow the list or any
 * SCT in it.
 */
final class EmbeddedSctList {
    static final String OID = "1.3.6.1.4.1.11129.2.4.2";
    static final int LOG_ID_LENGTH = 32;

    private EmbeddedSctList() {
    }

    /**
     * @return the TLS-encoded list inside the certificate's extension, or empty when it has none
     * @throws CtFormatException when the extension value is not an OCTET STRING
     */
    static Optional<byte[]> tlsBytes(X509Certificate certificate) {
        byte[] extensionValue = certificate.getExtensionValue(OID);
        if (extensionValue == null) {
            return Optional.empty();
        }
        try {
            // getExtensionValue returns the extnValue OCTET STRING; its content is the extension's own OCTET STRING
            byte[] content = ASN1OctetString.getInstance(extensionValue).getOctets();
            ASN1Primitive inner = ASN1Primitive.fromByteArray(content);
            return Optional.of(ASN1OctetString.getInstance(inner).getOctets());
        } catch (IOException | IllegalArgumentException e) {
            throw new CtFormatException("the SCT list extension is not a DER OCTET STRING: " + e.getMessage());
        }
    }

    /**
     * @param tls a TLS-encoded SignedCertificateTimestampList
     * @return its SCTs, in order
     * @throws CtFormatException naming the SCT and byte offset where the bytes stop making sense
     */
    static List<EmbeddedSct> parse(byte[] tls) {
        Reader in = new Reader(tls);
        int listLength = in.u16("the list length");
        if (listLength != in.remaining()) {
            throw in.error("the list length says " + listLength + " bytes but " + in.remaining() + " follow");
        }
        if (listLength == 0) {
            throw in.error("the list is empty; RFC 6962 requires at least one SCT");
        }
        List<EmbeddedSct> scts = new ArrayList<>();
        while (in.remaining() > 0) {
            int position = scts.size() + 1;
            int sctLength = in.u16("the length of SCT " + position);
            if (sctLength == 0) {
                throw in.error("SCT " + position + " is empty");
            }
            in.need(sctLength, "SCT " + position);
            Reader sct = in.slice(sctLength);
            scts.add(sct(sct, position));
        }
        return scts;
    }

    private static EmbeddedSct sct(Reader in, int position) {
        String what = "SCT " + position;
        int version = in.u8(what + " version");
        if (version != 0) {
            throw in.error(what + " has version " + version + "; only v1 (0) is defined for this extension");
        }
        byte[] logId = in.bytes(LOG_ID_LENGTH, what + " log id");
        long timestamp = in.u64(what + " timestamp");
        if (timestamp < 0) {
            throw in.error(what + " has a timestamp beyond 2^63 milliseconds");
        }
        byte[] extensions = in.bytes(in.u16(what + " extensions length"), what + " extensions");
        int hash = in.u8(what + " hash algorithm");
        int signatureAlgorithm = in.u8(what + " signature algorithm");
        byte[] signature = in.bytes(in.u16(what + " signature length"), what + " signature");
        if (in.remaining() != 0) {
            throw in.error(in.remaining() + " bytes follow the signature of " + what);
        }
        return new EmbeddedSct(position, logId, timestamp, extensions, hash, signatureAlgorithm, signature);
    }

    /** A bounds-checked cursor; offsets in errors are relative to the whole list. */
    private static final class Reader {
        private final byte[] data;
        private int pos;
        private final int end;

        Reader(byte[] data) {
            this(data, 0, data.length);
        }

        private Reader(byte[] data, int from, int end) {
            this.data = data;
            this.pos = from;
            this.end = end;
        }

        int remaining() {
            return end - pos;
        }

        void need(int n, String what) {
            if (n > remaining()) {
                throw error(what + " needs " + n + " bytes but only " + remaining() + " remain");
            }
        }

        Reader slice(int n) {
            Reader r = new Reader(data, pos, pos + n);
            pos += n;
            return r;
        }

        int u8(String what) {
            need(1, what);
            return data[pos++] & 0xFF;
        }

        int u16(String what) {
            need(2, what);
            int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        long u64(String what) {
            need(8, what);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (data[pos + i] & 0xFF);
            }
            pos += 8;
            return v;
        }

        byte[] bytes(int n, String what) {
            need(n, what);
            byte[] out = new byte[n];
            System.arraycopy(data, pos, out, 0, n);
            pos += n;
            return out;
        }

        CtFormatException error(String message) {
            return new CtFormatException("malformed SCT list at byte " + pos + ": " + message);
        }
    }
}
