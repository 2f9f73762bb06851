package dev.vigil.jobs.cert.ct;

import dev.vigil.jobs.cert.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Issues leaves that embed SCTs the way a CA does: it issues the precertificate (the same serial,
 * validity, names and key, without the SCT list), has each test log sign the RFC 6962 §3.2 structure
 * over that precertificate's TBSCertificate, then issues the final certificate with the SCT list
 * extension added last. The signed structure and the TLS encoding are written here by hand, apart from
 * the engine, so that the tests cross-check it.
 */
public final class SctLeaves {
    static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");
    private static final AtomicLong SERIALS = new AtomicLong(7_000_000);

    private final TestPki.Issued issuer;
    private Instant notBefore = Instant.parse("2026-01-01T00:00:00Z");
    private Instant notAfter = Instant.parse("2026-04-01T00:00:00Z");
    private final List<Object[]> planned = new ArrayList<>();

    private SctLeaves(TestPki.Issued issuer) {
        this.issuer = issuer;
    }

    public static SctLeaves issuedBy(TestPki.Issued issuer) {
        return new SctLeaves(issuer);
    }

    public SctLeaves validity(Instant from, Instant to) {
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    /** Adds an SCT from {@code log} with that timestamp. */
    public SctLeaves sct(TestCtLog log, Instant timestamp) {
        planned.add(new Object[] {log, timestamp, false});
        return this;
    }

    /** Adds an SCT from {@code log} whose signature has one bit flipped. */
    public SctLeaves tamperedSct(TestCtLog log, Instant timestamp) {
        planned.add(new Object[] {log, timestamp, true});
        return this;
    }

    /** @return the final certificate; without SCTs planned, a certificate with no SCT list at all */
    public X509Certificate issue() {
        BigInteger serial = BigInteger.valueOf(SERIALS.incrementAndGet());
        X509Certificate precertificate = spec(serial).issue();
        if (planned.isEmpty()) {
            return precertificate;
        }
        try {
            byte[] tbs = precertificate.getTBSCertificate();
            List<byte[]> scts = new ArrayList<>();
            byte[] issuerKeyHash = MessageDigest.getInstance("SHA-256").digest(
                    issuer.certificate().getPublicKey().getEncoded());
            for (Object[] p : planned) {
                TestCtLog log = (TestCtLog) p[0];
                long timestamp = ((Instant) p[1]).toEpochMilli();
                byte[] signature = log.sign(signedData(timestamp, issuerKeyHash, tbs));
                if ((Boolean) p[2]) {
                    signature[signature.length - 1] ^= 0x01;
                }
                scts.add(sct(log.logId(), timestamp, log.signatureAlgorithm(), signature));
            }
            return spec(serial).extension(extension(list(scts))).issue();
        } catch (Exception e) {
            throw new IllegalStateException("could not issue a leaf with SCTs", e);
        }
    }

    private TestPki.CertificateSpec spec(BigInteger serial) {
        return TestPki.leaf(issuer).subject("CN=www.example.com").dnsNames("www.example.com")
                .validity(notBefore, notAfter).serial(serial);
    }

    static byte[] signedData(long timestamp, byte[] issuerKeyHash, byte[] tbs) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(0);
        out.writeByte(0);
        out.writeLong(timestamp);
        out.writeShort(1);
        out.write(issuerKeyHash);
        out.writeByte(tbs.length >> 16);
        out.writeShort(tbs.length & 0xFFFF);
        out.write(tbs);
        out.writeShort(0);
        return bytes.toByteArray();
    }

    /** @return a TLS-encoded v1 SCT with no extensions and hash SHA-256 */
    static byte[] sct(byte[] logId, long timestamp, int signatureAlgorithm, byte[] signature) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(0);
        out.write(logId);
        out.writeLong(timestamp);
        out.writeShort(0);
        out.writeByte(4);
        out.writeByte(signatureAlgorithm);
        out.writeShort(signature.length);
        out.write(signature);
        return bytes.toByteArray();
    }

    /** @return a TLS-encoded SignedCertificateTimestampList of those serialized SCTs */
    static byte[] list(List<byte[]> scts) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        for (byte[] s : scts) {
            out.writeShort(s.length);
            out.write(s);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream list = new DataOutputStream(bytes);
        list.writeShort(body.size());
        list.write(body.toByteArray());
        return bytes.toByteArray();
    }

    /** @return the SCT list extension holding those TLS bytes */
    public static Extension extension(byte[] tlsList) throws IOException {
        return new Extension(SCT_LIST, false, new DEROctetString(new DEROctetString(tlsList).getEncoded()));
    }
}
