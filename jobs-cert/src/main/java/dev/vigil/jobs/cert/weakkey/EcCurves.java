package dev.vigil.jobs.cert.weakkey;

import java.math.BigInteger;
import java.security.spec.ECField;
import java.security.spec.ECFieldF2m;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies elliptic curves by their domain parameters, never by a name the provider may or may
 * not attach: the approved NIST prime curves P-256, P-384 and P-521 (FIPS 186-4 D.1.2, SEC 2
 * secp256r1/secp384r1/secp521r1) are matched on field prime, a, b, base point, order and cofactor.
 * Other curves are named, where BouncyCastle's table of named curves knows their parameters, only
 * to make the report readable.
 */
final class EcCurves {

    private static final Logger LOG = LoggerFactory.getLogger(EcCurves.class);

    /** A named curve's reference parameters. */
    record Approved(String name, ECParameterSpec spec) {
    }

    static final List<Approved> APPROVED = List.of(
            prime("P-256",
                    "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
                    "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B",
                    "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296",
                    "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5",
                    "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"),
            prime("P-384",
                    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF",
                    "B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF",
                    "AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7",
                    "3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F",
                    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973"),
            prime("P-521",
                    "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
                    "0051953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF109E156193951EC7E937B1652C0BD3BB1BF073573DF883D2C34F1EF451FD46B503F00",
                    "00C6858E06B70404E9CD9E3ECB662395B4429C648139053FB521F828AF606B4D3DBAA14B5E77EFE75928FE1DC127A2FFA8DE3348B3C1856A429BF97E7E31C2E5BD66",
                    "011839296A789A3BC0045C8A5FB42C7D1BD998F54449579B446817AFBD17273E662C97EE72995EF42640C550B9013FAD0761353C7086A272C24088BE94769FD16650",
                    "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409"));

    private EcCurves() {
    }

    /** The three approved curves all have a = p − 3 and cofactor 1. */
    private static Approved prime(String name, String p, String b, String gx, String gy, String n) {
        BigInteger prime = new BigInteger(p, 16);
        EllipticCurve curve = new EllipticCurve(new ECFieldFp(prime), prime.subtract(BigInteger.valueOf(3)),
                new BigInteger(b, 16));
        ECPoint generator = new ECPoint(new BigInteger(gx, 16), new BigInteger(gy, 16));
        return new Approved(name, new ECParameterSpec(curve, generator, new BigInteger(n, 16), 1));
    }

    /**
     * @param spec a key's domain parameters; not null
     * @return the name of the approved curve with exactly these parameters, or empty
     */
    static Optional<String> approvedName(ECParameterSpec spec) {
        for (Approved approved : APPROVED) {
            if (sameParameters(approved.spec(), spec)) {
                return Optional.of(approved.name());
            }
        }
        return Optional.empty();
    }

    private static boolean sameParameters(ECParameterSpec x, ECParameterSpec y) {
        EllipticCurve cx = x.getCurve();
        EllipticCurve cy = y.getCurve();
        return cy != null && y.getGenerator() != null && y.getOrder() != null
                && cx.getField().equals(cy.getField())
                && cx.getA().equals(cy.getA())
                && cx.getB().equals(cy.getB())
                && x.getGenerator().equals(y.getGenerator())
                && x.getOrder().equals(y.getOrder())
                && x.getCofactor() == y.getCofactor();
    }

    /**
     * @param spec domain parameters of a curve that is not approved; not null
     * @return a short description for a report, e.g. {@code "secp256k1 (256-bit prime field)"}
     */
    static String describe(ECParameterSpec spec) {
        ECField field = spec.getCurve().getField();
        String kind = field instanceof ECFieldF2m ? "binary field" : "prime field";
        String size = field.getFieldSize() + "-bit " + kind;
        return Optional.ofNullable(NamedCurves.INDEX.get(CurveKey.of(spec)))
                .map(name -> name + " (" + size + ")")
                .orElse("an unnamed curve over a " + size);
    }

    /** What identifies a curve for naming: field, coefficients, base point and order. */
    private record CurveKey(BigInteger characteristic, int fieldSize, BigInteger a, BigInteger b, BigInteger gx,
            BigInteger gy, BigInteger order) {

        static CurveKey of(ECParameterSpec spec) {
            EllipticCurve curve = spec.getCurve();
            ECField field = curve.getField();
            BigInteger characteristic = field instanceof ECFieldFp fp ? fp.getP() : BigInteger.TWO;
            ECPoint g = spec.getGenerator();
            return new CurveKey(characteristic, field.getFieldSize(), curve.getA(), curve.getB(),
                    g == null ? null : g.getAffineX(), g == null ? null : g.getAffineY(), spec.getOrder());
        }

        static CurveKey of(X9ECParameters x9) {
            org.bouncycastle.math.ec.ECCurve curve = x9.getCurve();
            org.bouncycastle.math.ec.ECPoint g = x9.getG().normalize();
            return new CurveKey(curve.getField().getCharacteristic(), curve.getFieldSize(),
                    curve.getA().toBigInteger(), curve.getB().toBigInteger(), g.getAffineXCoord().toBigInteger(),
                    g.getAffineYCoord().toBigInteger(), x9.getN());
        }
    }

    /** BouncyCastle's named curves by parameters, built on first use (a few dozen curves). */
    private static final class NamedCurves {
        static final Map<CurveKey, String> INDEX = build();

        private static Map<CurveKey, String> build() {
            Map<CurveKey, String> index = new HashMap<>();
            Enumeration<?> names = ECNamedCurveTable.getNames();
            while (names.hasMoreElements()) {
                String name = String.valueOf(names.nextElement());
                try {
                    X9ECParameters x9 = ECNamedCurveTable.getByName(name);
                    if (x9 != null) {
                        index.putIfAbsent(CurveKey.of(x9), name);
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Named curve {} left out of the curve index", name, e);
                }
            }
            return Map.copyOf(index);
        }
    }
}
