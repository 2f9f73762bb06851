package dev.vigil.spi.credential;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret value: a password or token (UTF-8 text) or a private key (PKCS#8 DER) with its public
 * key. It is copied in and out, so no caller can change it, and {@link #destroy()} overwrites it.
 * It never shows itself: {@link #toString()} prints {@code Secret[****]}, and {@link #equals} is
 * identity (compare values with {@link #sameValueAs}, in constant time), so no log line, message or
 * assertion output carries it by accident.
 *
 * <p>Thread-safe; {@link #destroy()} makes every later read throw.
 */
public final class Secret {
    private final byte[] value;
    private final byte[] publicKey;
    private volatile boolean destroyed;

    private Secret(byte[] value, byte[] publicKey) {
        if (value.length == 0) {
            throw new IllegalArgumentException("A secret is not empty");
        }
        this.value = value;
        this.publicKey = publicKey;
    }

    /**
     * @param text a password or token; copied, so the caller may wipe its array; not null, not empty
     * @return a secret holding the UTF-8 encoding of the text
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if it is empty or not valid UTF-16 (a lone surrogate)
     */
    public static Secret ofText(char[] text) {
        Objects.requireNonNull(text, "text");
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("A text secret must be valid UTF-16 (it has a lone surrogate)");
        }
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return new Secret(bytes, null);
    }

    /**
     * @param pkcs8PrivateKey the private key, PKCS#8 DER; copied; not null, not empty
     * @param x509PublicKey its public key, X.509 SubjectPublicKeyInfo DER; copied; not null, not empty
     * @return a key-pair secret
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if one is empty
     */
    public static Secret ofKeyPair(byte[] pkcs8PrivateKey, byte[] x509PublicKey) {
        Objects.requireNonNull(pkcs8PrivateKey, "pkcs8PrivateKey");
        Objects.requireNonNull(x509PublicKey, "x509PublicKey");
        if (x509PublicKey.length == 0) {
            throw new IllegalArgumentException("A key pair's public key is not empty");
        }
        return new Secret(pkcs8PrivateKey.clone(), x509PublicKey.clone());
    }

    /**
     * @return a copy of the secret bytes: the UTF-8 text, or the PKCS#8 private key; the caller
     *     should wipe it after use
     * @throws IllegalStateException if destroyed
     */
    public byte[] value() {
        checkNotDestroyed();
        return value.clone();
    }

    /**
     * @return a copy of the text of a password or token; the caller should wipe it after use
     * @throws IllegalStateException if destroyed, or if this is a key pair (which has no text)
     */
    public char[] text() {
        checkNotDestroyed();
        if (publicKey != null) {
            throw new IllegalStateException("A key-pair secret has no text; read value() and publicKey()");
        }
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(value));
        char[] text = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
        Arrays.fill(decoded.array(), '\0');
        return text;
    }

    /**
     * @return a copy of the public key (X.509 SubjectPublicKeyInfo DER) of a key pair, which is not
     *     secret; empty for a password or token
     */
    public Optional<byte[]> publicKey() {
        return Optional.ofNullable(publicKey).map(byte[]::clone);
    }

    /**
     * Compares the values in constant time.
     *
     * @param other another secret; not null
     * @return whether both hold the same bytes and public key
     * @throws IllegalStateException if either is destroyed
     */
    public boolean sameValueAs(Secret other) {
        Objects.requireNonNull(other, "other");
        checkNotDestroyed();
        other.checkNotDestroyed();
        return MessageDigest.isEqual(value, other.value)
                && (publicKey == null ? other.publicKey == null
                        : other.publicKey != null && MessageDigest.isEqual(publicKey, other.publicKey));
    }

    /**
     * @return a new secret with the same value, which the caller may destroy on its own
     * @throws IllegalStateException if destroyed
     */
    public Secret copy() {
        checkNotDestroyed();
        return new Secret(value.clone(), publicKey == null ? null : publicKey.clone());
    }

    /** Overwrites the secret bytes with zeros; later reads throw. Calling it again does nothing. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(value, (byte) 0);
    }

    /** @return whether {@link #destroy()} was called */
    public boolean isDestroyed() {
        return destroyed;
    }

    /** @return {@code Secret[****]}, never the value */
    @Override
    public String toString() {
        return "Secret[****]";
    }

    /** @return identity: two secrets are equal only if they are the same object */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    /** @return the identity hash, which says nothing about the value */
    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("This secret was destroyed");
        }
    }
}
