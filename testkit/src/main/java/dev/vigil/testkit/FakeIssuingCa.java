package dev.vigil.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A real issuing CA, with BouncyCastle: an EC P-256 key and a self-signed CA certificate, which
 * signs the public key, subject and subject alternative names of a verified PKCS#10 request into
 * a certificate. Only {@link FakeCaConnector} uses it, so BouncyCastle is loaded only by a test
 * that orders certificates.
 */
final class FakeIssuingCa {
    private final KeyPair key;
    private final X500Name name;
    private final byte[] certificate;
    private long serial = 1000;

    FakeIssuingCa(String connectorName, Instant notBefore) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.key = generator.generateKeyPair();
            this.name = new X500Name("CN=Fake issuing CA " + connectorName.replaceAll("[,=+<>#;\"\\\\]", "_"));
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, BigInteger.ONE, Date.from(notBefore),
                    Date.from(notBefore.plus(Duration.ofDays(3650))), name,
                    SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.certificate = builder.build(signer()).getEncoded();
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the fake issuing CA", e);
        }
    }

    byte[] certificate() {
        return certificate.clone();
    }

    /**
     * @return the issued certificate's DER
     * @throws IllegalArgumentException if the request does not parse or its signature does not verify
     */
    synchronized byte[] issue(byte[] csr, Instant notBefore, Duration validity) {
        PKCS10CertificationRequest request;
        try {
            request = new PKCS10CertificationRequest(csr);
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .build(publicKey(request.getSubjectPublicKeyInfo())))) {
                throw new IllegalArgumentException("the CSR's signature does not verify with its public key");
            }
        } catch (IOException | PKCSException | OperatorCreationException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("not a valid PKCS#10 request: " + e.getMessage(), e);
        }
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, BigInteger.valueOf(++serial),
                    Date.from(notBefore), Date.from(notBefore.plus(validity)), request.getSubject(),
                    request.getSubjectPublicKeyInfo());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            for (var attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                for (ASN1Encodable value : attribute.getAttributeValues()) {
                    Extension san = Extensions.getInstance(value).getExtension(Extension.subjectAlternativeName);
                    if (san != null) {
                        builder.addExtension(san);
                    }
                }
            }
            X509CertificateHolder issued = builder.build(signer());
            return issued.getEncoded();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("the fake issuing CA cannot sign", e);
        }
    }

    private static PublicKey publicKey(SubjectPublicKeyInfo info) throws IOException {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException("the CSR's public key is of an unknown algorithm");
    }

    private ContentSigner signer() throws OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
    }
}
