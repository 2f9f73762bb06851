package dev.vigil.bench.cert;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Writes large CRLs for the benchmarks directly as DER (BouncyCastle's CRL builder holds every entry
 * as objects and takes minutes for a million), signed with JCA. The one copy on the bench side; the
 * jobs-cert tests have their own {@code CrlWriter}.
 */
public final class CrlDer {
    private CrlDer() {
    }

    /**
     * Writes the DER of a v2 CRL with one entry per serial (revoked at {@code base} minus the entry's
     * index in seconds, reason codes 0-6 in turn), thisUpdate {@code base}, nextUpdate a week later,
     * authorityKeyIdentifier and cRLNumber 1, and signs it with SHA256withRSA, or SHA256withECDSA for an EC key.
     *
     * @param ca the issuer's certificate; its subject is the CRL's issuer
     * @param key the issuer's private key, RSA or EC
     * @param serials the serials, in the order they are written
     * @param base the CRL's thisUpdate
     * @return the DER
     * @throws GeneralSecurityException if signing fails
     * @throws IOException if an extension cannot be encoded
     */
    public static byte[] write(X509Certificate ca, PrivateKey key, BigInteger[] serials, Instant base)
            throws GeneralSecurityException, IOException {
        String signatureAlgorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] algorithm = new DefaultSignatureAlgorithmIdentifierFinder().find(signatureAlgorithm).getEncoded();
        Der list = new Der(serials.length * 48);
        for (int i = 0; i < serials.length; i++) {
            byte[] s = serials[i].toByteArray();
            list.header(0x30, Der.headerLength(s.length) + s.length + 15 + 14);
            list.header(0x02, s.length);
            list.bytes(s, s.length);
            list.utcTime(base.minusSeconds(i));
            list.bytes(new byte[] {0x30, 0x0C, 0x30, 0x0A, 0x06, 0x03, 0x55, 0x1D, 0x15, 0x04, 0x03, 0x0A, 0x01,
                (byte) (i % 7)}, 14);
        }
        byte[] extensions = new Extensions(new Extension[] {
            new Extension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca).getEncoded()),
            new Extension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE).getEncoded())}).getEncoded();
        Der tbsContent = new Der(list.size + 1024);
        tbsContent.bytes(new byte[] {0x02, 0x01, 0x01}, 3);
        tbsContent.bytes(algorithm, algorithm.length);
        byte[] issuerName = ca.getSubjectX500Principal().getEncoded();
        tbsContent.bytes(issuerName, issuerName.length);
        tbsContent.utcTime(base);
        tbsContent.utcTime(base.plusSeconds(7 * 86_400L));
        tbsContent.header(0x30, list.size);
        tbsContent.bytes(list.buf, list.size);
        tbsContent.header(0xA0, extensions.length);
        tbsContent.bytes(extensions, extensions.length);
        Der tbs = new Der(tbsContent.size + 8);
        tbs.header(0x30, tbsContent.size);
        tbs.bytes(tbsContent.buf, tbsContent.size);
        Signature signer = Signature.getInstance(signatureAlgorithm);
        signer.initSign(key);
        signer.update(tbs.buf, 0, tbs.size);
        byte[] signature = signer.sign();
        int body = tbs.size + algorithm.length + Der.headerLength(signature.length + 1) + signature.length + 1;
        Der out = new Der(body + 8);
        out.header(0x30, body);
        out.bytes(tbs.buf, tbs.size);
        out.bytes(algorithm, algorithm.length);
        out.header(0x03, signature.length + 1);
        out.bytes(new byte[] {0}, 1);
        out.bytes(signature, signature.length);
        return Arrays.copyOf(out.buf, out.size);
    }

    private static final class Der {
        byte[] buf;
        int size;

        Der(int capacity) {
            buf = new byte[capacity];
        }

        static int headerLength(int length) {
            return length < 0x80 ? 2 : length < 0x100 ? 3 : length < 0x10000 ? 4 : length < 0x1000000 ? 5 : 6;
        }

        void header(int tag, int length) {
            ensure(6);
            buf[size++] = (byte) tag;
            if (length < 0x80) {
                buf[size++] = (byte) length;
                return;
            }
            int octets = headerLength(length) - 2;
            buf[size++] = (byte) (0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                buf[size++] = (byte) (length >>> (8 * i));
            }
        }

        void bytes(byte[] b, int n) {
            ensure(n);
            System.arraycopy(b, 0, buf, size, n);
            size += n;
        }

        void utcTime(Instant when) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(when.getEpochSecond(), 0, ZoneOffset.UTC);
            header(0x17, 13);
            int[] parts = {t.getYear() % 100, t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
                t.getSecond()};
            ensure(13);
            for (int p : parts) {
                buf[size++] = (byte) ('0' + p / 10);
                buf[size++] = (byte) ('0' + p % 10);
            }
            buf[size++] = 'Z';
        }

        private void ensure(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(size + n, buf.length * 2));
            }
        }
    }
}
