package dev.vigil.jobs.cert.crl;

import dev.vigil.jobs.cert.testing.TestPki;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Writes the DER of a CRL directly and signs the tbsCertList with JCA: fast enough for a
 * 1,000,000-entry CRL (BouncyCastle's builder is not), and free to write what TestPki will not
 * (no nextUpdate, no AKI, odd serials, extra extensions, another signing key).
 */
final class CrlWriter {
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private final TestPki.Issued issuer;
    private PrivateKey signingKey;
    private Instant thisUpdate = BASE;
    private Instant nextUpdate = BASE.plus(Duration.ofDays(7));
    private BigInteger number = BigInteger.ONE;
    private BigInteger deltaOf;
    private boolean authorityKeyId = true;
    private final List<Extension> extensions = new ArrayList<>();
    private final List<Object[]> revoked = new ArrayList<>();
    private int generated;
    private IntFunction<BigInteger> serials;
    private IntUnaryOperator reasons;

    private CrlWriter(TestPki.Issued issuer) {
        this.issuer = issuer;
        this.signingKey = issuer.privateKey();
    }

    static CrlWriter of(TestPki.Issued issuer) {
        return new CrlWriter(issuer);
    }

    /** @param next null for a CRL without nextUpdate */
    CrlWriter updates(Instant current, Instant next) {
        this.thisUpdate = current;
        this.nextUpdate = next;
        return this;
    }

    /** @param value null for a CRL without cRLNumber */
    CrlWriter number(Long value) {
        this.number = value == null ? null : BigInteger.valueOf(value);
        return this;
    }

    CrlWriter deltaOf(long base) {
        this.deltaOf = BigInteger.valueOf(base);
        return this;
    }

    CrlWriter withoutAuthorityKeyId() {
        this.authorityKeyId = false;
        return this;
    }

    CrlWriter signedWith(PrivateKey key) {
        this.signingKey = key;
        return this;
    }

    CrlWriter extension(Extension extension) {
        extensions.add(extension);
        return this;
    }

    /** @param reason a reason code, or -1 for an entry without one */
    CrlWriter revoke(BigInteger serial, Instant when, int reason) {
        revoked.add(new Object[] {serial, when, reason});
        return this;
    }

    /** Adds an entry written by the caller, tag and length included. */
    CrlWriter rawEntry(byte[] entry) {
        revoked.add(new Object[] {entry});
        return this;
    }

    /** Adds {@code count} entries after the explicit ones; entry i is revoked at BASE minus i seconds. */
    CrlWriter generated(int count, IntFunction<BigInteger> serialOf, IntUnaryOperator reasonOf) {
        this.generated = count;
        this.serials = serialOf;
        this.reasons = reasonOf;
        return this;
    }

    String pem() {
        return "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der()) + "\n-----END X509 CRL-----\n";
    }

    byte[] der() {
        try {
            String algorithm = signingKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] algorithmId = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm).getEncoded();
            Sink entries = new Sink(Math.max(64, (revoked.size() + generated) * 45));
            for (Object[] r : revoked) {
                if (r.length == 1) {
                    entries.bytes((byte[]) r[0]);
                    continue;
                }
                entry(entries, (BigInteger) r[0], (Instant) r[1], (Integer) r[2]);
            }
            for (int i = 0; i < generated; i++) {
                entry(entries, serials.apply(i), BASE.minusSeconds(i), reasons.applyAsInt(i));
            }
            List<Extension> all = new ArrayList<>();
            if (authorityKeyId) {
                all.add(new Extension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()).getEncoded()));
            }
            if (number != null) {
                all.add(new Extension(Extension.cRLNumber, false, new CRLNumber(number).getEncoded()));
            }
            if (deltaOf != null) {
                all.add(new Extension(Extension.deltaCRLIndicator, true, new CRLNumber(deltaOf).getEncoded()));
            }
            all.addAll(extensions);

            Sink tbs = new Sink(entries.size + 1024);
            tbs.bytes(new byte[] {0x02, 0x01, 0x01});
            tbs.bytes(algorithmId);
            tbs.bytes(issuer.certificate().getSubjectX500Principal().getEncoded());
            time(tbs, thisUpdate);
            if (nextUpdate != null) {
                time(tbs, nextUpdate);
            }
            if (entries.size > 0) {
                tbs.header(0x30, entries.size);
                tbs.bytes(entries.buf, entries.size);
            }
            if (!all.isEmpty()) {
                byte[] ext = new Extensions(all.toArray(Extension[]::new)).getEncoded();
                tbs.header(0xA0, ext.length);
                tbs.bytes(ext);
            }
            Sink tbsElement = new Sink(tbs.size + 8);
            tbsElement.header(0x30, tbs.size);
            tbsElement.bytes(tbs.buf, tbs.size);

            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(signingKey);
            signer.update(tbsElement.buf, 0, tbsElement.size);
            byte[] signature = signer.sign();

            int bodyLength = tbsElement.size + algorithmId.length + lengthOfHeader(signature.length + 1)
                    + signature.length + 1;
            Sink crl = new Sink(bodyLength + 8);
            crl.header(0x30, bodyLength);
            crl.bytes(tbsElement.buf, tbsElement.size);
            crl.bytes(algorithmId);
            crl.header(0x03, signature.length + 1);
            crl.bytes(new byte[] {0});
            crl.bytes(signature);
            return Arrays.copyOf(crl.buf, crl.size);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not write a test CRL", e);
        }
    }

    private static void entry(Sink out, BigInteger serial, Instant when, int reason) {
        byte[] s = serial.toByteArray();
        int length = lengthOfHeader(s.length) + s.length + (yearOf(when) < 2050 ? 15 : 17) + (reason >= 0 ? 14 : 0);
        out.header(0x30, length);
        out.header(0x02, s.length);
        out.bytes(s);
        time(out, when);
        if (reason >= 0) {
            out.bytes(new byte[] {0x30, 0x0C, 0x30, 0x0A, 0x06, 0x03, 0x55, 0x1D, 0x15, 0x04, 0x03, 0x0A, 0x01,
                    (byte) reason});
        }
    }

    /** UTCTime until 2049, GeneralizedTime after, as RFC 5280 asks. */
    private static void time(Sink out, Instant when) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(when.getEpochSecond(), 0, ZoneOffset.UTC);
        boolean utc = t.getYear() < 2050;
        out.header(utc ? 0x17 : 0x18, utc ? 13 : 15);
        if (utc) {
            out.digits(t.getYear() % 100, 2);
        } else {
            out.digits(t.getYear(), 4);
        }
        out.digits(t.getMonthValue(), 2);
        out.digits(t.getDayOfMonth(), 2);
        out.digits(t.getHour(), 2);
        out.digits(t.getMinute(), 2);
        out.digits(t.getSecond(), 2);
        out.bytes(new byte[] {'Z'});
    }

    private static int yearOf(Instant when) {
        return LocalDateTime.ofEpochSecond(when.getEpochSecond(), 0, ZoneOffset.UTC).getYear();
    }

    private static int lengthOfHeader(int length) {
        return length < 0x80 ? 2 : length < 0x100 ? 3 : length < 0x10000 ? 4 : length < 0x1000000 ? 5 : 6;
    }

    private static final class Sink {
        byte[] buf;
        int size;

        Sink(int capacity) {
            buf = new byte[capacity];
        }

        void header(int tag, int length) {
            ensure(6);
            buf[size++] = (byte) tag;
            if (length < 0x80) {
                buf[size++] = (byte) length;
                return;
            }
            int octets = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
            buf[size++] = (byte) (0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                buf[size++] = (byte) (length >>> (8 * i));
            }
        }

        void digits(int value, int count) {
            ensure(count);
            for (int i = count - 1; i >= 0; i--) {
                buf[size + i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            size += count;
        }

        void bytes(byte[] b) {
            bytes(b, b.length);
        }

        void bytes(byte[] b, int n) {
            ensure(n);
            System.arraycopy(b, 0, buf, size, n);
            size += n;
        }

        private void ensure(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(size + n, buf.length * 2));
            }
        }
    }
}
