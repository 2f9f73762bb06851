package dev.vigil.jobs.cert.weakkey;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Keys for the weak-key tests: ROCA-shaped, Fermat-weak and ordinary RSA moduli. */
final class WeakKeys {

    private WeakKeys() {
    }

    /** An RSA public key with any modulus and exponent, past the checks a JDK key factory makes. */
    record RawRsaKey(BigInteger getModulus, BigInteger getPublicExponent) implements RSAPublicKey {
        @Override
        public String getAlgorithm() {
            return "RSA";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    static RSAPublicKey rsa(BigInteger modulus, long exponent) {
        return new RawRsaKey(modulus, BigInteger.valueOf(exponent));
    }

    /**
     * A prime built the way the Infineon library built them (Nemec et al., CCS 2017, section 2):
     * {@code p = k·M + (65537^a mod M)} with {@code M} the product of the first {@code n} primes,
     * {@code n} = 39, 71 or 126 for keys of 512–960, 992–1952 and 1984–3936 bits.
     */
    static BigInteger rocaPrime(int keyBits, Random random) {
        int primeBits = keyBits / 2;
        BigInteger m = primorial(keyBits <= 960 ? 39 : keyBits <= 1952 ? 71 : 126);
        int kBits = primeBits - m.bitLength() + 1;
        BigInteger generator = BigInteger.valueOf(65537);
        while (true) {
            BigInteger a = new BigInteger(62, random);
            BigInteger k = new BigInteger(kBits, random);
            BigInteger p = k.multiply(m).add(generator.modPow(a, m));
            if (p.bitLength() == primeBits && p.isProbablePrime(40)) {
                return p;
            }
        }
    }

    /** An RSA modulus of exactly {@code keyBits} bits from two {@link #rocaPrime} primes. */
    static BigInteger rocaModulus(int keyBits, Random random) {
        while (true) {
            BigInteger n = rocaPrime(keyBits, random).multiply(rocaPrime(keyBits, random));
            if (n.bitLength() == keyBits) {
                return n;
            }
        }
    }

    /** A 2048-bit modulus whose primes differ by about {@code 2^gapBits}. */
    static BigInteger closePrimesModulus(int gapBits, Random random) {
        while (true) {
            BigInteger p = BigInteger.probablePrime(1024, random);
            BigInteger q = p.add(BigInteger.ONE.shiftLeft(gapBits)).nextProbablePrime();
            BigInteger n = p.multiply(q);
            if (n.bitLength() == 2048) {
                return n;
            }
        }
    }

    static BigInteger primorial(int count) {
        BigInteger product = BigInteger.ONE;
        for (int p : SmallFactors.primesBelow(1000)) {
            if (count-- == 0) {
                break;
            }
            product = product.multiply(BigInteger.valueOf(p));
        }
        return product;
    }

    /** Fifty RSA 2048 keys from the JDK's {@code KeyPairGenerator}, made once per test JVM. */
    static List<RSAPublicKey> ordinaryRsa2048() {
        return Ordinary.KEYS;
    }

    private static final class Ordinary {
        static final List<RSAPublicKey> KEYS = generate(50);

        private static List<RSAPublicKey> generate(int count) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                List<RSAPublicKey> keys = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    keys.add((RSAPublicKey) generator.generateKeyPair().getPublic());
                }
                return List.copyOf(keys);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
