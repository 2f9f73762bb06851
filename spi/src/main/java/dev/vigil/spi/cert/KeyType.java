package dev.vigil.spi.cert;

/** The kind of a certificate's subject public key, as named by its SubjectPublicKeyInfo algorithm. */
public enum KeyType {
    /** rsaEncryption or RSASSA-PSS. */
    RSA,
    /** id-ecPublicKey (ECDSA), any curve. */
    EC,
    /** id-Ed25519. */
    ED25519,
    /** id-Ed448. */
    ED448,
    /** id-dsa. */
    DSA,
    /** Any other algorithm. */
    OTHER
}
