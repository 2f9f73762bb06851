package dev.vigil.jobs.cert.lint;

import dev.vigil.jobs.cert.testing.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys the JDK cannot make (curves it dropped, explicit curve parameters), built with BouncyCastle. */
final class LintKeys {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Map<String, KeyPair> CACHE = new ConcurrentHashMap<>();

    private LintKeys() {
    }

    /** @return a key pair on a curve BouncyCastle knows by name, e.g. secp256k1, brainpoolP256r1 */
    static KeyPair ec(String curve) {
        return CACHE.computeIfAbsent("EC-" + curve, k -> generate("EC", new ECGenParameterSpec(curve), 0));
    }

    /** @return an RSA key pair of exactly that many bits, generated once */
    static KeyPair rsa(int bits) {
        return CACHE.computeIfAbsent("RSA-" + bits, k -> generate("RSA", null, bits));
    }

    /** @return an Ed25519 key pair */
    static KeyPair ed25519() {
        return CACHE.computeIfAbsent("Ed25519", k -> generate("Ed25519", null, 0));
    }

    /**
     * A certificate whose EC key spells its curve out as explicit parameters instead of naming it. The
     * JDK's certificate factory refuses such keys, so this one is a BouncyCastle certificate object.
     *
     * @param issuer signs the certificate
     * @param curve a curve BouncyCastle knows by name
     */
    static X509Certificate explicitEcCertificate(TestPki.Issued issuer, String curve) {
        try {
            SubjectPublicKeyInfo named = SubjectPublicKeyInfo.getInstance(ec(curve).getPublic().getEncoded());
            X962Parameters explicit = new X962Parameters(ECNamedCurveTable.getByName(curve));
            SubjectPublicKeyInfo key = new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, explicit), named.getPublicKeyData().getBytes());
            Instant from = Instant.parse("2026-01-01T00:00:00Z");
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(from.plus(Duration.ofDays(90))),
                    new X500Name("CN=explicit.example.com"), key);
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "explicit.example.com")));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuer.privateKey());
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec, int bits) {
        try {
            KeyPairGenerator generator = spec == null && !algorithm.equals("Ed25519")
                    ? KeyPairGenerator.getInstance(algorithm) : KeyPairGenerator.getInstance(algorithm, BC);
            if (spec != null) {
                generator.initialize(spec, new SecureRandom());
            } else if (bits > 0) {
                generator.initialize(bits, new SecureRandom());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
