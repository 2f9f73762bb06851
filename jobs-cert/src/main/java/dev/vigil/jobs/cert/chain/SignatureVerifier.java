package dev.vigil.jobs.cert.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * Verifies a certificate's signature with an issuer's key. Thread-safe.
 *
 * <p>ECDSA (with SHA-256, -384 or -512, no parameters) goes through BouncyCastle's arithmetic, never the JDK
 * 17 provider's (about 960 µs per P-256 verification on this project's 2-core machine). A key's first
 * {@link #TABLE_AFTER_USES} verifications use BouncyCastle's {@link ECDSASigner} with the key's BouncyCastle
 * form kept (105 µs); after that the key, as an issuing CA's key is, gets tables of multiples of its point and
 * of the curve's generator and verification costs about 50 µs ({@link FixedBaseEcdsa}). Signatures are decoded
 * strictly (DER, {@link StandardDSAEncoding}). RSA PKCS#1 v1.5 with SHA-2 goes through the JDK's
 * {@link Signature}, one kept per thread and algorithm. Everything else (RSASSA-PSS, EdDSA, ECDSA with
 * parameters) goes through {@link X509Certificate#verify(PublicKey)}.
 */
final class SignatureVerifier {
    /** Issuer keys whose BouncyCastle form is kept: far more than an inventory has issuers. */
    private static final int KEYS_KEPT = 256;
    /**
     * Verifications with one key after which it gets a {@link FixedBaseEcdsa.Table}: building one (13,800 point
     * additions for P-256) costs about as much as 250 verifications save, and an inventory's issuing CAs sign
     * thousands each.
     */
    static final int TABLE_AFTER_USES = 256;
    /** Issuer keys whose table is kept: at most 14 MB for P-256 keys, 0.9 MB each. */
    private static final int TABLES_KEPT = 16;
    /** Curves whose generator's table is kept; a curve is rarely spelled out, and then not many. */
    private static final int GENERATOR_TABLES_KEPT = 8;

    /**
     * ecdsa-with-SHA256, -SHA384, -SHA512 (RFC 5758) and their hashes by JDK name: the JDK's SHA-2 uses the CPU's
     * SHA instructions, five times faster than BouncyCastle's digests.
     */
    private static final Map<String, String> ECDSA_DIGESTS = Map.of(
            "1.2.840.10045.4.3.2", "SHA-256",
            "1.2.840.10045.4.3.3", "SHA-384",
            "1.2.840.10045.4.3.4", "SHA-512");

    /**
     * sha256-, sha384-, sha512WithRSAEncryption (RFC 4055) by their JDK names: verified with a {@link Signature}
     * kept per thread, as {@link X509Certificate#verify(PublicKey)} would with a new one each time.
     */
    private static final Map<String, String> RSA_SIGNATURES = Map.of(
            "1.2.840.113549.1.1.11", "SHA256withRSA",
            "1.2.840.113549.1.1.12", "SHA384withRSA",
            "1.2.840.113549.1.1.13", "SHA512withRSA");

    /** An issuer's EC key in BouncyCastle's form, and how often it has verified a signature. */
    private static final class EcKey {
        final ECPublicKeyParameters parameters;
        final AtomicInteger uses = new AtomicInteger();

        EcKey(ECPublicKeyParameters parameters) {
            this.parameters = parameters;
        }
    }

    private final Map<PublicKey, EcKey> ecKeys = lru(KEYS_KEPT);
    private final ThreadLocal<Map<String, Signature>> rsaSignatures = ThreadLocal.withInitial(HashMap::new);
    private final Map<EcKey, FixedBaseEcdsa.Table> keyTables = lru(TABLES_KEPT);
    /** Shared by every verifier: a generator's table depends on nothing but the curve. */
    private static final Map<ECDomainParameters, FixedBaseEcdsa.Table> GENERATOR_TABLES = lru(GENERATOR_TABLES_KEPT);
    /** The last generator table used, by the identity of its key's domain: a map look-up hashes the curve. */
    private volatile GeneratorTable lastGeneratorTable;

    private record GeneratorTable(ECDomainParameters domain, FixedBaseEcdsa.Table table) {
    }

    /** @return whether {@code issuerKey} verifies {@code child}'s signature, and if not why */
    SignatureVerdict verify(X509Certificate child, PublicKey issuerKey) {
        try {
            String digest = ECDSA_DIGESTS.get(child.getSigAlgOID());
            if (digest != null && child.getSigAlgParams() == null && issuerKey instanceof ECPublicKey) {
                return verifyEcdsa(child, ecKey(issuerKey), digest) ? SignatureVerdict.VERIFIED
                        : SignatureVerdict.notVerified("Signature does not match.");
            }
            String rsa = RSA_SIGNATURES.get(child.getSigAlgOID());
            Signature signature = rsa != null && child.getSigAlgParams() == null && issuerKey instanceof RSAPublicKey
                    ? rsaSignature(rsa) : null;
            if (signature != null) {
                signature.initVerify(issuerKey);
                signature.update(child.getTBSCertificate());
                return signature.verify(child.getSignature()) ? SignatureVerdict.VERIFIED
                        : SignatureVerdict.notVerified("Signature does not match.");
            }
            child.verify(issuerKey);
            return SignatureVerdict.VERIFIED;
        } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
            return SignatureVerdict.unsupported(child.getSigAlgName());
        } catch (GeneralSecurityException e) {
            return SignatureVerdict.notVerified(String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            return SignatureVerdict.notVerified(e.toString());
        }
    }

    private boolean verifyEcdsa(X509Certificate child, EcKey key, String digest)
            throws CertificateEncodingException, NoSuchAlgorithmException {
        ECDomainParameters domain = key.parameters.getParameters();
        BigInteger order = domain.getN();
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(order, child.getSignature());
        } catch (IOException | IllegalArgumentException e) {
            return false; // not strict DER
        }
        byte[] hash = MessageDigest.getInstance(digest).digest(child.getTBSCertificate());
        if (key.uses.incrementAndGet() < TABLE_AFTER_USES) {
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, key.parameters);
            return signer.verifySignature(hash, rs[0], rs[1]);
        }
        return FixedBaseEcdsa.verify(generatorTable(domain), keyTable(key), domain.getCurve(), order,
                messageRepresentative(hash, order), rs[0], rs[1]);
    }

    /** @return the hash as an integer, its leftmost bits kept when it is longer than n (SEC 1, 4.1.4 step 3) */
    private static BigInteger messageRepresentative(byte[] hash, BigInteger order) {
        BigInteger e = new BigInteger(1, hash);
        int excess = hash.length * 8 - order.bitLength();
        return excess > 0 ? e.shiftRight(excess) : e;
    }

    private FixedBaseEcdsa.Table generatorTable(ECDomainParameters domain) {
        GeneratorTable last = lastGeneratorTable;
        if (last != null && last.domain() == domain) {
            return last.table();
        }
        FixedBaseEcdsa.Table table = generatorTableOf(domain);
        lastGeneratorTable = new GeneratorTable(domain, table);
        return table;
    }

    private FixedBaseEcdsa.Table generatorTableOf(ECDomainParameters domain) {
        synchronized (GENERATOR_TABLES) {
            // Built under the lock: once per curve in the JVM, and the other threads would only build the same.
            return GENERATOR_TABLES.computeIfAbsent(domain, d -> FixedBaseEcdsa.Table.of(d.getG(), d.getN(),
                    FixedBaseEcdsa.generatorWindowBits(d.getCurve())));
        }
    }

    private FixedBaseEcdsa.Table keyTable(EcKey key) {
        synchronized (keyTables) {
            FixedBaseEcdsa.Table known = keyTables.get(key);
            if (known != null) {
                return known;
            }
        }
        // Two threads may build the same table once; both are right and one is kept.
        FixedBaseEcdsa.Table built = FixedBaseEcdsa.Table.of(key.parameters.getQ(), key.parameters.getParameters().getN(),
                FixedBaseEcdsa.KEY_WINDOW_BITS);
        synchronized (keyTables) {
            return keyTables.computeIfAbsent(key, k -> built);
        }
    }

    private EcKey ecKey(PublicKey key) throws InvalidKeyException {
        synchronized (ecKeys) {
            EcKey known = ecKeys.get(key);
            if (known != null) {
                return known;
            }
        }
        EcKey converted = new EcKey((ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key));
        synchronized (ecKeys) {
            return ecKeys.computeIfAbsent(key, k -> converted);
        }
    }

    /** @return this thread's verifier for the algorithm; null when no provider has it (the JDK's way then says so) */
    private Signature rsaSignature(String algorithm) {
        Map<String, Signature> mine = rsaSignatures.get();
        Signature signature = mine.get(algorithm);
        if (signature == null) {
            try {
                signature = Signature.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                return null;
            }
            mine.put(algorithm, signature);
        }
        return signature;
    }

    /** @return an access-ordered map keeping at most {@code capacity} entries, the least recently used leaving */
    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
