package dev.vigil.examples;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates and CRLs for the {@code scan-certs} tests, built with BouncyCastle (which the
 * certificate jobs bring along). Keys are cached by name: RSA key generation is slow.
 */
final class TestCertificates {
    static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    private static final AtomicLong SERIALS = new AtomicLong(1000);
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

    /** A certificate and its key pair. */
    record Issued(X509Certificate certificate, KeyPair keys) {
    }

    private TestCertificates() {
    }

    static KeyPair rsa(int bits, String name) {
        return KEYS.computeIfAbsent(bits + "-" + name, k -> {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(bits);
                return g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** @return a self-signed root CA valid for 20 years from {@link #NOT_BEFORE} */
    static Issued root(String dn) {
        return issue(dn, rsa(2048, dn), null, true, NOT_BEFORE, NOT_BEFORE.plus(Duration.ofDays(7300)));
    }

    /** @return an intermediate CA signed by {@code issuer}, valid for 10 years */
    static Issued ca(Issued issuer, String dn) {
        return issue(dn, rsa(2048, dn), issuer, true, NOT_BEFORE, NOT_BEFORE.plus(Duration.ofDays(3650)));
    }

    /** @return a leaf for {@code CN=name} with the DNS name {@code name}, valid 90 days from {@link #NOT_BEFORE} */
    static Issued leaf(Issued issuer, String name, KeyPair keys) {
        return issue("CN=" + name, keys, issuer, false, NOT_BEFORE, NOT_BEFORE.plus(Duration.ofDays(90)));
    }

    private static Issued issue(String dn, KeyPair keys, Issued issuer, boolean ca, Instant from, Instant to) {
        try {
            X500Name subject = new X500Name(dn);
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(from), Date.from(to), subject, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, dn.substring(3))));
            }
            KeyPair signer = issuer == null ? keys : issuer.keys();
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
            return new Issued(certificate, keys);
        } catch (Exception e) {
            throw new IllegalStateException("could not issue " + dn, e);
        }
    }

    /** @return a DER CRL signed by {@code issuer}, valid 2026-01-30 to 2026-02-06, listing the serials */
    static byte[] crl(Issued issuer, BigInteger... revoked) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    Date.from(Instant.parse("2026-01-30T00:00:00Z")));
            b.setNextUpdate(Date.from(Instant.parse("2026-02-06T00:00:00Z")));
            for (BigInteger serial : revoked) {
                b.addCRLEntry(serial, Date.from(Instant.parse("2026-01-20T00:00:00Z")), 1);
            }
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
            return b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.keys().getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("could not issue a CRL", e);
        }
    }

    /** @return the certificates as PEM blocks, in order */
    static byte[] pem(X509Certificate... certificates) {
        StringBuilder out = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate c : certificates) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
