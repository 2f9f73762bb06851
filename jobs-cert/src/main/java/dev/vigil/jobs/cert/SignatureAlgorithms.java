package dev.vigil.jobs.cert;

import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The one choice of a signature algorithm for a key that Vigil signs with (through the host, or
 * with a key it generated): SHA-256 with RSA (rsaEncryption keys), ECDSA with the curve's own hash
 * (P-256, P-384, P-521), Ed25519, Ed448. The CRL publisher and the renewal requests share it.
 */
final class SignatureAlgorithms {
    private SignatureAlgorithms() {
    }

    /** @return the JCA name of the signature algorithm for a key with this SubjectPublicKeyInfo algorithm, if Vigil signs with it */
    static Optional<String> forKey(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return Optional.of("SHA256withRSA");
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return Optional.of("Ed25519");
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
            return Optional.of("Ed448");
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return curveName(algorithm).map(curve -> switch (curve) {
                case "secp256r1" -> "SHA256withECDSA";
                case "secp384r1" -> "SHA384withECDSA";
                default -> "SHA512withECDSA";
            });
        }
        return Optional.empty();
    }

    /** @return the JDK name of the key's EC curve, if it is P-256, P-384 or P-521 */
    static Optional<String> curveName(AlgorithmIdentifier algorithm) {
        if (!(algorithm.getParameters() instanceof ASN1ObjectIdentifier curve)) {
            return Optional.empty();
        }
        if (curve.equals(SECObjectIdentifiers.secp256r1)) {
            return Optional.of("secp256r1");
        }
        if (curve.equals(SECObjectIdentifiers.secp384r1)) {
            return Optional.of("secp384r1");
        }
        if (curve.equals(SECObjectIdentifiers.secp521r1)) {
            return Optional.of("secp521r1");
        }
        return Optional.empty();
    }
}
