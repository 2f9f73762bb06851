package dev.vigil.jobs.cert;

import dev.vigil.spi.cert.InternalCa;
import dev.vigil.spi.cert.RevocationReason;
import dev.vigil.spi.cert.RevokedCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Builds, signs (through the host's {@link InternalCa#sign}) and verifies one full v2 CRL of an
 * internal CA with BouncyCastle. Every failure is a {@link Failure} whose message says what was
 * wrong with that CA; none carries key material or signature bytes.
 */
final class CrlIssuer {
    /** RFC 5280 §5.2.3: a CRL number fits in 20 octets. */
    private static final int MAX_CRL_NUMBER_BITS = 159;
    private static final int KEY_USAGE_CRL_SIGN = 6;

    private final InternalCa ca;
    private final X509Certificate certificate;
    private final X509CertificateHolder holder;
    private final String signatureAlgorithm;
    private final byte[] keyIdentifier;

    /** Why one CA's CRL could not be issued. */
    static final class Failure extends RuntimeException {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private CrlIssuer(InternalCa ca, X509Certificate certificate, X509CertificateHolder holder,
                      String signatureAlgorithm, byte[] keyIdentifier) {
        this.ca = ca;
        this.certificate = certificate;
        this.holder = holder;
        this.signatureAlgorithm = signatureAlgorithm;
        this.keyIdentifier = keyIdentifier;
    }

    /**
     * Reads the CA certificate and checks it may sign CRLs.
     *
     * @throws Failure if the certificate is unreadable, not a CA's, lacks {@code cRLSign}, or has a
     *     key type this publisher cannot choose a signature algorithm for
     */
    static CrlIssuer forCa(InternalCa ca) {
        byte[] der = Objects.requireNonNull(ca.certificate(), "certificate() of CA " + ca.id());
        X509Certificate certificate;
        X509CertificateHolder holder;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            holder = new X509CertificateHolder(certificate.getEncoded());
        } catch (CertificateException | IOException | RuntimeException e) {
            throw new Failure("the CA certificate is not a readable X.509 certificate (" + e.getMessage()
                    + "); no CRL issued", e);
        }
        if (certificate.getBasicConstraints() < 0) {
            throw new Failure("the CA certificate '" + certificate.getSubjectX500Principal().getName()
                    + "' is not a CA certificate (no basicConstraints cA=true); no CRL issued", null);
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= KEY_USAGE_CRL_SIGN || !keyUsage[KEY_USAGE_CRL_SIGN])) {
            throw new Failure("the CA certificate's key usage lacks cRLSign, so relying parties would reject "
                    + "its CRLs; no CRL issued", null);
        }
        String algorithm = signatureAlgorithm(holder.getSubjectPublicKeyInfo());
        return new CrlIssuer(ca, certificate, holder, algorithm, keyIdentifier(holder));
    }

    private static String signatureAlgorithm(SubjectPublicKeyInfo key) {
        AlgorithmIdentifier algorithm = key.getAlgorithm();
        Optional<String> chosen = SignatureAlgorithms.forKey(algorithm);
        if (chosen.isPresent()) {
            return chosen.get();
        }
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey) && algorithm.getParameters() instanceof ASN1ObjectIdentifier curve) {
            throw new Failure("the CA key is on EC curve " + curve.getId()
                    + ", which this publisher does not sign CRLs with (P-256, P-384, P-521 only); no CRL issued", null);
        }
        throw new Failure("the CA key type " + oid.getId() + " is not one this publisher signs CRLs with "
                + "(RSA, EC P-256/P-384/P-521, Ed25519, Ed448); no CRL issued", null);
    }

    /** The CA's subjectKeyIdentifier, or else RFC 5280's method 1 (SHA-1 of the public key bits). */
    private static byte[] keyIdentifier(X509CertificateHolder holder) {
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(holder.getExtensions());
        if (ski != null) {
            return ski.getKeyIdentifier();
        }
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(holder.getSubjectPublicKeyInfo())
                    .getKeyIdentifier();
        } catch (GeneralSecurityException e) {
            throw new Failure("cannot compute the CA's key identifier: " + e.getMessage(), e);
        }
    }

    /** @return the JCA name of the signature algorithm chosen from the CA key */
    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /**
     * Builds the CRL, has the host sign it and verifies the signature with the CA certificate.
     *
     * @param number its CRL number; positive
     * @param thisUpdate its thisUpdate, whole seconds
     * @param nextUpdate its nextUpdate, whole seconds, after thisUpdate
     * @param entries the revoked certificates it lists, each serial once
     * @return the DER of a CRL that verifies with the CA certificate
     * @throws Failure if the number is too large, the signer fails, or the signature does not verify
     */
    byte[] issue(BigInteger number, Instant thisUpdate, Instant nextUpdate, List<RevokedCertificate> entries) {
        if (number.bitLength() > MAX_CRL_NUMBER_BITS) {
            throw new Failure("the next CRL number " + number + " does not fit in 20 octets (RFC 5280 §5.2.3)", null);
        }
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(holder.getSubject()), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        HostContentSigner signer = new HostContentSigner(signatureAlgorithm, data -> ca.sign(signatureAlgorithm, data));
        X509CRLHolder crl;
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyIdentifier));
            for (RevokedCertificate entry : entries) {
                Extensions extensions = entry.reason() == RevocationReason.UNSPECIFIED ? null
                        : new Extensions(new Extension(Extension.reasonCode, false,
                                CRLReason.lookup(entry.reason().code()).getEncoded()));
                builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), extensions);
            }
            crl = builder.build(signer);
        } catch (IOException e) {
            throw new Failure("cannot encode the CRL: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (signer.failure().isPresent()) {
                throw new Failure("the host could not sign the CRL with " + signatureAlgorithm + ": "
                        + describe(signer.failure().get()) + "; not published", signer.failure().get());
            }
            throw e;
        }
        return verified(crl);
    }

    private byte[] verified(X509CRLHolder crl) {
        byte[] der;
        try {
            der = crl.getEncoded();
            X509CRL parsed = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
            parsed.verify(certificate.getPublicKey());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new Failure("the signature the host returned does not verify with the CA certificate "
                    + "(wrong key, or not a " + signatureAlgorithm + " signature); not published", e);
        }
        return der;
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
