package dev.vigil.jobs.cert.chain;

import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECLookupTable;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA verification (SEC 1 v2, 4.1.4) for an issuer key that signs many certificates, with the scalar
 * multiplications done by table look-ups instead of doublings.
 *
 * <p>Verification computes {@code u1·G + u2·Q}, where G is the curve's generator and Q the issuer's public
 * key. Both points are fixed across every certificate one issuer signs, so each gets a {@link Table}: for each
 * window of w bits at position i of a scalar, the multiples 1..2<sup>w-1</sup> of 2<sup>w·i</sup>·P in affine
 * form. A scalar written in signed base-2<sup>w</sup> digits then costs one mixed addition per digit: for P-256
 * with w = 12 for G and 10 for Q, about 49 additions against BouncyCastle's 256 doublings and about 85
 * additions ({@code ECAlgorithms.sumOfTwoMultiplies}, interleaved width-5 wNAF). Measured on this project's
 * 2-core machine: 50 µs per P-256 verification against 105 µs for BouncyCastle's {@code ECDSASigner}.
 *
 * <p>BouncyCastle's own fixed-point multiplier is not used because it is constant-time, made for signing: it
 * reads its whole table at every step. Verification handles public values only (signature, message, keys), so
 * look-ups that depend on them leak nothing. The tables are BouncyCastle's compact {@link ECLookupTable}s (x
 * and y as words, 64 bytes a P-256 point) and the arithmetic is BouncyCastle's.
 *
 * <p>A table costs one point addition per entry to build, so callers build one only for a key seen often,
 * and keep few (see {@link SignatureVerifier}).
 */
final class FixedBaseEcdsa {

    /** Window of an issuer key's table: 10 bits, 512 points a window, 27 windows, 0.9 MB for P-256. */
    static final int KEY_WINDOW_BITS = 10;

    private FixedBaseEcdsa() {
    }

    /**
     * @return the window of a curve generator's table, of which the JVM keeps one per curve whatever the
     *         issuers: 12 bits on curves up to 256 bits (2,048 points a window, 23 windows, 3 MB for P-256,
     *         built once in about 45 ms), 8 bits on larger ones, whose tables would be several times as big.
     *         (13 bits measured 1 to 3 µs faster per verification, for 5.5 MB.)
     */
    static int generatorWindowBits(ECCurve curve) {
        return curve.getFieldSize() <= 256 ? 12 : 8;
    }

    /** The multiples of one point, by byte position; immutable once built. */
    static final class Table {
        /** Per window, its multiples in BouncyCastle's compact form (x and y as words: 64 bytes a point on P-256). */
        private final ECLookupTable[] windows;
        private final int bits;

        private Table(ECLookupTable[] windows, int bits) {
            this.windows = windows;
            this.bits = bits;
        }

        /**
         * @param point a point of order {@code order}, not infinity
         * @param order the order of the group (the curve parameter n)
         * @return the table of {@code point}'s multiples for scalars below {@code order}
         */
        static Table of(ECPoint point, BigInteger order, int bits) {
            if (bits < 2 || bits > 16) {
                throw new IllegalArgumentException("a window has 2 to 16 bits, got " + bits);
            }
            int half = 1 << (bits - 1);
            Objects.requireNonNull(point, "point");
            if (point.isInfinity()) {
                throw new IllegalArgumentException("the point at infinity has no table");
            }
            // Signed digits can carry one past the top byte, hence the extra window.
            int count = (order.bitLength() + bits - 1) / bits + 1;
            ECPoint[] all = new ECPoint[count * half];
            ECPoint base = point.normalize();
            for (int w = 0; w < count; w++) {
                ECPoint multiple = base;
                all[w * half] = base;
                for (int j = 1; j < half; j++) {
                    multiple = multiple.add(base);
                    all[w * half + j] = multiple;
                }
                base = multiple.twice(); // half·base·2 = 2^bits·base
                if (base.isInfinity()) {
                    // Only for a point of small order, which no key of a prime-order curve has.
                    throw new IllegalArgumentException("the point's order is below the group order");
                }
            }
            // One field inversion for all of them (Montgomery's trick), so that each addition is a mixed one.
            point.getCurve().normalizeAll(all);
            ECLookupTable[] windows = new ECLookupTable[count];
            for (int w = 0; w < count; w++) {
                windows[w] = point.getCurve().createCacheSafeLookupTable(all, w * half, half);
            }
            return new Table(windows, bits);
        }

        /** @return {@code sum + k·P}, for 0 <= k < the order this table was built for */
        ECPoint addMultiple(ECPoint sum, BigInteger k) {
            if (k.bitLength() > (windows.length - 1) * bits) {
                throw new IllegalArgumentException("the scalar is wider than the table");
            }
            byte[] bigEndian = BigIntegers.asUnsignedByteArray(k);
            int half = 1 << (bits - 1);
            int carry = 0;
            for (int w = 0; w < windows.length; w++) {
                int digit = carry + window(bigEndian, w * bits, bits);
                carry = 0;
                if (digit >= half) {
                    digit -= 1 << bits;
                    carry = 1;
                }
                // lookupVar: a direct read. lookup() would read the whole window, which signing needs and this does not.
                if (digit > 0) {
                    sum = sum.add(windows[w].lookupVar(digit - 1));
                } else if (digit < 0) {
                    sum = sum.subtract(windows[w].lookupVar(-digit - 1));
                }
            }
            return sum;
        }
    }

    /**
     * @param bigEndian an unsigned number, most significant byte first
     * @param bits at most 16
     * @return the {@code bits} bits of the number from bit {@code from} up (bit 0 the least significant)
     */
    private static int window(byte[] bigEndian, int from, int bits) {
        int value = 0;
        for (int i = 2; i >= 0; i--) { // the three bytes that hold the window, most significant first
            int index = bigEndian.length - 1 - ((from >>> 3) + i);
            value = (value << 8) | (index >= 0 ? bigEndian[index] & 0xff : 0);
        }
        return (value >>> (from & 7)) & ((1 << bits) - 1);
    }

    /**
     * @param generatorTable the table of the curve's generator
     * @param keyTable the table of the public key
     * @param curve the curve both points are on
     * @param order the group order n
     * @param e the message representative: the hash, truncated to the bit length of n as SEC 1 says
     * @param r the signature's r
     * @param s the signature's s
     * @return whether (r, s) is a valid signature of e under the key
     */
    static boolean verify(Table generatorTable, Table keyTable, ECCurve curve, BigInteger order, BigInteger e,
            BigInteger r, BigInteger s) {
        if (r.signum() <= 0 || r.compareTo(order) >= 0 || s.signum() <= 0 || s.compareTo(order) >= 0) {
            return false;
        }
        BigInteger w = BigIntegers.modOddInverseVar(order, s);
        BigInteger u1 = e.multiply(w).mod(order);
        BigInteger u2 = r.multiply(w).mod(order);
        ECPoint point = keyTable.addMultiple(generatorTable.addMultiple(curve.getInfinity(), u1), u2);
        if (point.isInfinity()) {
            return false;
        }
        return xMatches(point, curve, order, r);
    }

    /**
     * @return whether the affine x of {@code point}, reduced mod n, is r; without a field inversion where the
     *         coordinates are projective (x = X/Z or X/Z² with r, r + n, ... tried against X), as
     *         BouncyCastle's {@code ECDSASigner} does
     */
    private static boolean xMatches(ECPoint point, ECCurve curve, BigInteger order, BigInteger r) {
        ECFieldElement denominator = switch (curve.getCoordinateSystem()) {
            case ECCurve.COORD_HOMOGENEOUS, ECCurve.COORD_LAMBDA_PROJECTIVE -> point.getZCoord(0);
            case ECCurve.COORD_JACOBIAN, ECCurve.COORD_JACOBIAN_CHUDNOVSKY, ECCurve.COORD_JACOBIAN_MODIFIED ->
                    point.getZCoord(0).square();
            default -> null;
        };
        if (denominator == null || denominator.isZero()) {
            BigInteger x = point.normalize().getAffineXCoord().toBigInteger();
            return x.mod(order).equals(r);
        }
        ECFieldElement x = point.getXCoord();
        for (BigInteger candidate = r; curve.isValidFieldElement(candidate); candidate = candidate.add(order)) {
            if (curve.fromBigInteger(candidate).multiply(denominator).equals(x)) {
                return true;
            }
        }
        return false;
    }
}
