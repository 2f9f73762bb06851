package dev.vigil.jobs.cert.weakkey;

/**
 * Stable ids of weak-key findings, declared most severe first; {@link WeakKeyInspector} orders its
 * findings by this declaration order. The names are part of the report format: do not rename.
 */
public enum WeakKeyId {
    /** The RSA modulus is on a Debian weak-key blocklist (CVE-2008-0166): its private key is public. */
    DEBIAN_WEAK,
    /** The RSA modulus factors by Fermat's method within 100 rounds: its primes are too close. */
    FERMAT,
    /** The RSA modulus has a prime factor below 752. */
    SMALL_FACTOR,
    /** The RSA modulus has the ROCA fingerprint (CVE-2017-15361): factorable at a practical cost. */
    ROCA,
    /** The RSA public exponent is even, below 3, or exactly 3. */
    BAD_EXPONENT,
    /** The RSA modulus is shorter than 2048 bits. */
    SHORT_RSA,
    /** The EC key is on a curve other than P-256, P-384 or P-521. */
    NON_APPROVED_CURVE
}
