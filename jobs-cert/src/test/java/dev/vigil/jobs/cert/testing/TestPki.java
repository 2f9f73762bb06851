package dev.vigil.jobs.cert.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates, keys and CRLs for the certificate jobs' tests, built with BouncyCastle. Keys are
 * cached per size, because RSA key generation is slow; every test gets fresh serials.
 *
 * <pre>{@code
 * TestPki.Issued root = TestPki.rootCa("CN=Test Root");
 * X509Certificate leaf = TestPki.leaf(root).subject("CN=www.example.com").dnsNames("www.example.com").issue();
 * X509CRL crl = TestPki.crl(root).revoke(leaf.getSerialNumber(), Instant.now()).issue();
 * }</pre>
 */
public final class TestPki {
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final java.util.Map<String, KeyPair> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private TestPki() {
    }

    /** A certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey) {
        public Issued {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /** @return an RSA key pair of the size, shared by every caller asking for the same {@code name} */
    public static KeyPair rsa(int bits, String name) {
        return KEYS.computeIfAbsent("RSA-" + bits + "-" + name, k -> generate("RSA", bits, null));
    }

    /** @return an RSA 2048 key pair shared by every caller asking for the same {@code name} */
    public static KeyPair rsa(String name) {
        return rsa(2048, name);
    }

    /**
     * @param curve a curve name, e.g. {@code secp256r1}; a curve the JDK no longer offers (such as
     *     {@code secp256k1}) comes from BouncyCastle's provider
     * @return an EC key pair shared by every caller asking for the same curve
     */
    public static KeyPair ec(String curve) {
        return KEYS.computeIfAbsent("EC-" + curve, k -> {
            try {
                return generate("EC", 0, curve);
            } catch (IllegalStateException jdkLacksIt) {
                try {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC",
                            new org.bouncycastle.jce.provider.BouncyCastleProvider());
                    g.initialize(new ECGenParameterSpec(curve), new SecureRandom());
                    return g.generateKeyPair();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    private static KeyPair generate(String algorithm, int bits, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve), new SecureRandom());
            } else {
                g.initialize(bits, new SecureRandom());
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a self-signed root CA, valid 2026-01-01 for 20 years, RSA 2048 */
    public static Issued rootCa(String subject) {
        KeyPair keys = rsa(subject);
        return new CertificateSpec(subject, keys, null).ca(true).validFor(BASE, Duration.ofDays(7300)).issueWithKey();
    }

    /** @return a builder for an intermediate CA signed by {@code issuer} */
    public static CertificateSpec intermediate(Issued issuer, String subject) {
        return new CertificateSpec(subject, rsa(subject), issuer).ca(true).validFor(BASE, Duration.ofDays(3650));
    }

    /** @return a builder for a leaf signed by {@code issuer}; RSA 2048, valid 2026-01-01 for 90 days */
    public static CertificateSpec leaf(Issued issuer) {
        return new CertificateSpec("CN=leaf", rsa("leaf"), issuer).validFor(BASE, Duration.ofDays(90));
    }

    /** @return a builder for a CRL signed by {@code issuer} */
    public static CrlSpec crl(Issued issuer) {
        return new CrlSpec(issuer);
    }

    /** A certificate to issue. Every setter returns this builder. */
    public static final class CertificateSpec {
        private String subject;
        private KeyPair keys;
        private final Issued issuer;
        private boolean ca;
        private Integer pathLength;
        private Instant notBefore = BASE;
        private Instant notAfter = BASE.plus(Duration.ofDays(90));
        private String signatureAlgorithm = "SHA256withRSA";
        private final List<GeneralName> sans = new ArrayList<>();
        private final List<String> crlUrls = new ArrayList<>();
        private final List<String> caIssuerUrls = new ArrayList<>();
        private final List<String> ocspUrls = new ArrayList<>();
        private Integer keyUsage;
        private BigInteger serial;
        private final List<Extension> extra = new ArrayList<>();

        private CertificateSpec(String subject, KeyPair keys, Issued issuer) {
            this.subject = subject;
            this.keys = keys;
            this.issuer = issuer;
        }

        public CertificateSpec subject(String dn) {
            this.subject = dn;
            return this;
        }

        public CertificateSpec keys(KeyPair value) {
            this.keys = value;
            return this;
        }

        public CertificateSpec ca(boolean value) {
            this.ca = value;
            return this;
        }

        public CertificateSpec pathLength(int value) {
            this.pathLength = value;
            return this;
        }

        public CertificateSpec validFor(Instant from, Duration length) {
            this.notBefore = from;
            this.notAfter = from.plus(length);
            return this;
        }

        public CertificateSpec validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        /** @param algorithm a JCA signature name, e.g. SHA1withRSA, SHA256withECDSA */
        public CertificateSpec signatureAlgorithm(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        public CertificateSpec dnsNames(String... names) {
            for (String n : names) {
                sans.add(new GeneralName(GeneralName.dNSName, n));
            }
            return this;
        }

        public CertificateSpec ipAddresses(String... addresses) {
            for (String a : addresses) {
                sans.add(new GeneralName(GeneralName.iPAddress, a));
            }
            return this;
        }

        public CertificateSpec crlDistributionPoints(String... urls) {
            crlUrls.addAll(List.of(urls));
            return this;
        }

        public CertificateSpec caIssuers(String... urls) {
            caIssuerUrls.addAll(List.of(urls));
            return this;
        }

        public CertificateSpec ocsp(String... urls) {
            ocspUrls.addAll(List.of(urls));
            return this;
        }

        /** @param bits {@link KeyUsage} bits, e.g. {@code KeyUsage.digitalSignature | KeyUsage.keyEncipherment} */
        public CertificateSpec keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        public CertificateSpec serial(BigInteger value) {
            this.serial = value;
            return this;
        }

        public CertificateSpec extension(Extension extension) {
            extra.add(extension);
            return this;
        }

        /** @return the certificate */
        public X509Certificate issue() {
            return issueWithKey().certificate();
        }

        /** @return the certificate and its private key */
        public Issued issueWithKey() {
            try {
                X500Name subjectName = new X500Name(subject);
                X500Name issuerName = issuer == null ? subjectName
                        : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
                BigInteger s = serial != null ? serial : BigInteger.valueOf(SERIALS.incrementAndGet());
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, s, Date.from(notBefore),
                        Date.from(notAfter), subjectName, keys.getPublic());
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
                if (issuer != null) {
                    b.addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(issuer.certificate()));
                }
                if (ca) {
                    b.addExtension(Extension.basicConstraints, true,
                            pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage != null ? keyUsage
                            : KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                } else if (keyUsage != null) {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                if (!sans.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(sans.toArray(GeneralName[]::new)));
                }
                if (!crlUrls.isEmpty()) {
                    DistributionPoint[] points = crlUrls.stream().map(u -> new DistributionPoint(new DistributionPointName(
                            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, u))), null, null))
                            .toArray(DistributionPoint[]::new);
                    b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(points));
                }
                List<AccessDescription> access = new ArrayList<>();
                caIssuerUrls.forEach(u -> access.add(new AccessDescription(X509ObjectIdentifiers.id_ad_caIssuers,
                        new GeneralName(GeneralName.uniformResourceIdentifier, u))));
                ocspUrls.forEach(u -> access.add(new AccessDescription(X509ObjectIdentifiers.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, u))));
                if (!access.isEmpty()) {
                    b.addExtension(Extension.authorityInfoAccess, false,
                            new AuthorityInformationAccess(access.toArray(AccessDescription[]::new)));
                }
                for (Extension e : extra) {
                    b.addExtension(e);
                }
                PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();
                String algorithm = signingKey.getAlgorithm().equals("EC") && signatureAlgorithm.endsWith("withRSA")
                        ? "SHA256withECDSA" : signatureAlgorithm;
                X509CertificateHolder holder = b.build(signer(algorithm, signingKey));
                return new Issued(new JcaX509CertificateConverter().getCertificate(holder), keys.getPrivate());
            } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
                throw new IllegalStateException("could not issue a test certificate for " + subject, e);
            }
        }
    }

    /** A CRL to issue. Every setter returns this builder. */
    public static final class CrlSpec {
        private final Issued issuer;
        private Instant thisUpdate = BASE;
        private Instant nextUpdate = BASE.plus(Duration.ofDays(7));
        private BigInteger number = BigInteger.ONE;
        private BigInteger deltaOf;
        private final List<Object[]> revoked = new ArrayList<>();

        private CrlSpec(Issued issuer) {
            this.issuer = issuer;
        }

        public CrlSpec updates(Instant thisUpdate, Instant nextUpdate) {
            this.thisUpdate = thisUpdate;
            this.nextUpdate = nextUpdate;
            return this;
        }

        public CrlSpec number(long value) {
            this.number = BigInteger.valueOf(value);
            return this;
        }

        /** Makes this a delta CRL of the base CRL with that number. */
        public CrlSpec deltaOf(long baseNumber) {
            this.deltaOf = BigInteger.valueOf(baseNumber);
            return this;
        }

        public CrlSpec revoke(BigInteger serial, Instant when) {
            revoked.add(new Object[] {serial, when, null});
            return this;
        }

        /** @param reason a {@link org.bouncycastle.asn1.x509.CRLReason} code */
        public CrlSpec revoke(BigInteger serial, Instant when, int reason) {
            revoked.add(new Object[] {serial, when, reason});
            return this;
        }

        /** @return the signed CRL */
        public X509CRL issue() {
            try {
                X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
                X509v2CRLBuilder b = new X509v2CRLBuilder(issuerName, Date.from(thisUpdate));
                b.setNextUpdate(Date.from(nextUpdate));
                for (Object[] r : revoked) {
                    if (r[2] == null) {
                        b.addCRLEntry((BigInteger) r[0], Date.from((Instant) r[1]), 0);
                        continue;
                    }
                    b.addCRLEntry((BigInteger) r[0], Date.from((Instant) r[1]), (Integer) r[2]);
                }
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
                b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
                if (deltaOf != null) {
                    b.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(deltaOf));
                }
                String algorithm = issuer.privateKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
                return new JcaX509CRLConverter().getCRL(b.build(signer(algorithm, issuer.privateKey())));
            } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
                throw new IllegalStateException("could not issue a test CRL", e);
            }
        }
    }

    private static ContentSigner signer(String algorithm, PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(algorithm).build(key);
    }
}
