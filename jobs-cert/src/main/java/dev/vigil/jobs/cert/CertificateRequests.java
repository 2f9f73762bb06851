package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.lint.Linter;
import dev.vigil.spi.cert.CertificateKeys;
import dev.vigil.spi.cert.CertificatePolicy;
import dev.vigil.spi.cert.KeyType;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The PKCS#10 requests of renewals and regenerations, built with BouncyCastle. Each carries the old
 * certificate's subject and subject alternative names. A renewal's carries the old public key and is
 * signed by the host ({@link CertificateKeys#sign}), then verified with the old key, so a host that
 * signed with the wrong key is caught before anything is sent. A regeneration's carries a new key
 * pair chosen by {@link #chooseKey}; the private key never leaves this class except as the PKCS#8
 * bytes the caller hands to the host and wipes. No message here carries key material.
 */
final class CertificateRequests {
    private static final List<KeyType> GENERABLE = List.of(KeyType.RSA, KeyType.EC, KeyType.ED25519, KeyType.ED448);
    private static final int SMALLEST_NEW_RSA = 2048;

    /** The key a regeneration makes: its type, and its RSA size or EC curve. */
    record KeyChoice(KeyType type, int rsaBits, String curve) {
        @Override
        public String toString() {
            return switch (type) {
                case RSA -> "RSA " + rsaBits;
                case EC -> "EC " + curve;
                default -> type.name();
            };
        }
    }

    /** A regeneration's new key pair and its request. */
    record NewKey(KeyPair keys, byte[] csr, KeyChoice choice) {
    }

    private CertificateRequests() {
    }

    /**
     * @return the DER of a request for the old certificate's subject, names and key, signed by the host
     * @throws IllegalStateException if the host's signature does not verify with the old key
     */
    static byte[] renewal(X509Certificate old, String certificateId, CertificateKeys keys) {
        X509CertificateHolder holder = holder(old);
        SubjectPublicKeyInfo key = holder.getSubjectPublicKeyInfo();
        String algorithm = signatureAlgorithm(key);
        PKCS10CertificationRequest request = build(holder, key, new HostContentSigner(algorithm,
                data -> keys.sign(certificateId, algorithm, data)));
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(old.getPublicKey()))) {
                throw new IllegalStateException("the signature the host made for certificate " + certificateId
                        + " does not verify with its public key (wrong key, or not " + algorithm + ")");
            }
            return request.getEncoded();
        } catch (OperatorCreationException | PKCSException | IOException e) {
            throw new IllegalStateException("cannot verify the renewal request: " + e.getMessage(), e);
        }
    }

    /** @return a new key pair chosen by the policy, and the DER of its request signed with it */
    static NewKey regeneration(X509Certificate old, CertificatePolicy policy) {
        X509CertificateHolder holder = holder(old);
        KeyChoice choice = chooseKey(holder.getSubjectPublicKeyInfo(), old, policy);
        KeyPair pair = generate(choice);
        SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        try {
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(key)).build(pair.getPrivate());
            return new NewKey(pair, build(holder, key, signer).getEncoded(), choice);
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign the regeneration request with the new " + choice + " key", e);
        }
    }

    /**
     * The old key's type and size or curve, unless the policy disallows them: an RSA key under the
     * policy's minimum grows to the minimum; a type the policy does not allow (or one Vigil cannot
     * generate) gives way to the first allowed of RSA, EC, Ed25519, Ed448; an EC curve other than
     * P-256, P-384 or P-521 gives way to P-256.
     *
     * @throws IllegalArgumentException if the policy allows no type Vigil can generate
     */
    static KeyChoice chooseKey(SubjectPublicKeyInfo oldKey, X509Certificate old, CertificatePolicy policy) {
        KeyType type = Linter.keyType(oldKey.getAlgorithm().getAlgorithm());
        if (GENERABLE.contains(type) && policy.allowedKeyTypes().contains(type)) {
            return switch (type) {
                case RSA -> new KeyChoice(KeyType.RSA, Math.max(policy.minimumRsaBits(),
                        ((RSAPublicKey) old.getPublicKey()).getModulus().bitLength()), null);
                case EC -> new KeyChoice(KeyType.EC, 0, SignatureAlgorithms.curveName(oldKey.getAlgorithm()).orElse("secp256r1"));
                default -> new KeyChoice(type, 0, null);
            };
        }
        for (KeyType candidate : GENERABLE) {
            if (policy.allowedKeyTypes().contains(candidate)) {
                return switch (candidate) {
                    case RSA -> new KeyChoice(KeyType.RSA, Math.max(policy.minimumRsaBits(), SMALLEST_NEW_RSA), null);
                    case EC -> new KeyChoice(KeyType.EC, 0, "secp256r1");
                    default -> new KeyChoice(candidate, 0, null);
                };
            }
        }
        throw new IllegalArgumentException("the certificate policy allows only " + policy.allowedKeyTypes()
                + ", none of which Vigil generates (RSA, EC, Ed25519, Ed448)");
    }

    /**
     * @return the JCA signature algorithm for a key
     * @throws IllegalArgumentException if Vigil does not sign with keys of its type or curve
     */
    static String signatureAlgorithm(SubjectPublicKeyInfo key) {
        return SignatureAlgorithms.forKey(key.getAlgorithm()).orElseThrow(() -> new IllegalArgumentException(
                "the key (" + key.getAlgorithm().getAlgorithm().getId() + ") is not one renewal signs requests with "
                        + "(RSA, EC P-256/P-384/P-521, Ed25519, Ed448)"));
    }

    private static KeyPair generate(KeyChoice choice) {
        try {
            KeyPairGenerator generator;
            switch (choice.type()) {
                case RSA -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(choice.rsaBits());
                }
                case EC -> {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(choice.curve()));
                }
                case ED25519 -> generator = KeyPairGenerator.getInstance("Ed25519");
                case ED448 -> generator = KeyPairGenerator.getInstance("Ed448");
                default -> throw new IllegalArgumentException("cannot generate a " + choice.type() + " key");
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + choice + " key: " + e.getMessage(), e);
        }
    }

    private static PKCS10CertificationRequest build(X509CertificateHolder old, SubjectPublicKeyInfo key,
                                                    ContentSigner signer) {
        PKCS10CertificationRequestBuilder builder = new PKCS10CertificationRequestBuilder(
                X500Name.getInstance(old.getSubject()), key);
        Extension names = old.getExtension(Extension.subjectAlternativeName);
        if (names != null) {
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(names));
        }
        return builder.build(signer);
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalArgumentException("the certificate cannot be re-encoded: " + e.getMessage(), e);
        }
    }
}
