package dev.vigil.spi.credential;

/** What kind of secret a {@link ManagedCredential} is; it decides how a new one is generated. */
public enum CredentialKind {
    /**
     * A password, as UTF-8 text. Policy keys: {@code length} (8 to 256, default 24), {@code classes}
     * (a comma-separated subset of {@code lower,upper,digit,symbol}, default all four; each class
     * appears at least once), {@code symbols} (the symbol characters, printable ASCII, default
     * {@code !#%+-.:=?@_~}) and {@code excludeAmbiguous} ({@code true} by default: no {@code 0 O o 1 l I |}).
     */
    PASSWORD,
    /**
     * An API token, as the ASCII text of random bytes in unpadded base64url. Policy key:
     * {@code bytes} (16 to 512, default 32).
     */
    TOKEN,
    /**
     * A key pair: the secret is the PKCS#8 private key, and {@link Secret#publicKey()} the X.509
     * SubjectPublicKeyInfo the target is given. Policy keys: {@code algorithm} ({@code EC} by
     * default, {@code RSA} or {@code Ed25519}), {@code curve} for EC ({@code secp256r1} by default,
     * {@code secp384r1}, {@code secp521r1}) and {@code size} for RSA ({@code 2048}, {@code 3072} by
     * default, or {@code 4096}).
     */
    KEY_PAIR
}
