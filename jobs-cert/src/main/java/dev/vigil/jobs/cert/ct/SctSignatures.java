package dev.vigil.jobs.cert.ct;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Verifies an embedded SCT's signature (RFC 6962 §3.2): the log signed, over the precertificate entry,
 * {@code version(0) ‖ signature_type certificate_timestamp(0) ‖ timestamp(u64) ‖ entry_type
 * precert_entry(u16 1) ‖ issuer_key_hash(32) ‖ tbs_certificate(u24 length) ‖ extensions(u16 length)}.
 *
 * <p>The precertificate's TBSCertificate is rebuilt from the final certificate by deleting the SCT list
 * extension, as RFC 6962 §3.2 allows. That also covers precertificates signed by a precertificate
 * signing certificate: the TBSCertificate a log signs has the final issuer's name, and
 * {@code issuer_key_hash} is the final issuer's key, so only the issuer of the final certificate is
 * needed.
 */
final class SctSignatures {
    private static final int HASH_SHA256 = 4;
    private static final int SIGNATURE_RSA = 1;
    private static final int SIGNATURE_ECDSA = 3;
    private static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier(EmbeddedSctList.OID);

    private SctSignatures() {
    }

    /**
     * @return the DER TBSCertificate of {@code leaf} without its SCT list extension, keeping every other
     *         field and extension, in order, as it was encoded
     * @throws CtFormatException when the certificate's TBSCertificate cannot be read
     */
    static byte[] precertificateTbs(X509Certificate leaf) {
        try {
            ASN1Sequence tbs = ASN1Sequence.getInstance(leaf.getTBSCertificate());
            ASN1EncodableVector fields = new ASN1EncodableVector();
            for (ASN1Encodable field : tbs) {
                if (field instanceof ASN1TaggedObject tagged && tagged.getTagClass() == BERTags.CONTEXT_SPECIFIC
                        && tagged.getTagNo() == 3) {
                    ASN1EncodableVector kept = new ASN1EncodableVector();
                    for (ASN1Encodable e : ASN1Sequence.getInstance(tagged.getExplicitBaseObject())) {
                        if (!Extension.getInstance(e).getExtnId().equals(SCT_LIST)) {
                            kept.add(e);
                        }
                    }
                    if (kept.size() > 0) {
                        fields.add(new DERTaggedObject(true, 3, new DERSequence(kept)));
                    }
                    continue;
                }
                fields.add(field);
            }
            return new DERSequence(fields).getEncoded(ASN1Encoding.DER);
        } catch (CertificateEncodingException | IOException | IllegalArgumentException e) {
            throw new CtFormatException("the certificate's TBSCertificate cannot be re-encoded without its SCT list: "
                    + e.getMessage());
        }
    }

    /** @return the SHA-256 of the issuer's SubjectPublicKeyInfo DER */
    static byte[] issuerKeyHash(X509Certificate issuer) {
        return sha256(issuer.getPublicKey().getEncoded());
    }

    /** @return the bytes the log signed for this SCT over this precertificate entry */
    static byte[] signedData(EmbeddedSct sct, byte[] issuerKeyHash, byte[] precertificateTbs) {
        if (precertificateTbs.length >= 1 << 24) {
            throw new CtFormatException("the TBSCertificate has " + precertificateTbs.length
                    + " bytes, more than a u24 length allows");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(precertificateTbs.length + 64 + sct.extensions().length);
        out.write(0); // sct_version v1
        out.write(0); // signature_type certificate_timestamp
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (sct.timestamp() >>> shift));
        }
        out.write(0); // entry_type precert_entry (u16 1)
        out.write(1);
        out.writeBytes(issuerKeyHash);
        out.write(precertificateTbs.length >>> 16);
        out.write(precertificateTbs.length >>> 8);
        out.write(precertificateTbs.length);
        out.writeBytes(precertificateTbs);
        out.write(sct.extensions().length >>> 8);
        out.write(sct.extensions().length);
        out.writeBytes(sct.extensions());
        return out.toByteArray();
    }

    /**
     * @return empty when the signature verifies with {@code logKey}, else why it does not
     */
    static Optional<String> verify(EmbeddedSct sct, PublicKey logKey, byte[] signedData) {
        if (sct.hashAlgorithm() != HASH_SHA256) {
            return Optional.of("hash algorithm " + sct.hashAlgorithm() + " is not SHA-256 (4)");
        }
        String algorithm;
        if (sct.signatureAlgorithm() == SIGNATURE_ECDSA && logKey.getAlgorithm().equals("EC")) {
            algorithm = "SHA256withECDSA";
        } else if (sct.signatureAlgorithm() == SIGNATURE_RSA && logKey.getAlgorithm().equals("RSA")) {
            algorithm = "SHA256withRSA";
        } else {
            return Optional.of("signature algorithm " + sct.signatureAlgorithm() + " does not match the log's "
                    + logKey.getAlgorithm() + " key (ECDSA is 3, RSA is 1)");
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(logKey);
            verifier.update(signedData);
            return verifier.verify(sct.signature()) ? Optional.empty()
                    : Optional.of("the signature does not verify with the log's key");
        } catch (SignatureException e) {
            return Optional.of("the signature is malformed: " + e.getMessage());
        } catch (InvalidKeyException e) {
            return Optional.of("the log's key cannot verify " + algorithm + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
