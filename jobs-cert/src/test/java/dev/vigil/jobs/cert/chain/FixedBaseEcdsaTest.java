package dev.vigil.jobs.cert.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FixedBaseEcdsaTest {
    private final Random random = new Random(8659);

    /** @return BouncyCastle's specialised curve (what keys converted from the JDK's get), or with "generic " its generic form */
    private static ECDomainParameters domain(String curve) {
        X9ECParameters x9 = curve.startsWith("generic ") ? NISTNamedCurves.getByName(curve.substring(8))
                : CustomNamedCurves.getByName(curve);
        return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
    }

    /** Scalars where signed base-256 digits carry: 0, 1, 127, 128, 255, 256, all-ones bytes, n - 1, random. */
    private List<BigInteger> scalars(BigInteger n) {
        List<BigInteger> out = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(127),
                BigInteger.valueOf(128), BigInteger.valueOf(255), BigInteger.valueOf(256),
                BigInteger.ONE.shiftLeft(n.bitLength() - 1).subtract(BigInteger.ONE), n.subtract(BigInteger.ONE),
                n.subtract(BigInteger.valueOf(128))));
        for (int i = 0; i < 40; i++) {
            out.add(new BigInteger(n.bitLength(), random).mod(n));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521", "generic P-256"})
    void aSumOfTableMultiplesEqualsBouncyCastlesSumOfTwoMultiplies(String curve) {
        ECDomainParameters d = domain(curve);
        ECPoint q = d.getG().multiply(new BigInteger(d.getN().bitLength() - 1, random)).normalize();
        FixedBaseEcdsa.Table g = FixedBaseEcdsa.Table.of(d.getG(), d.getN(), 8);
        FixedBaseEcdsa.Table k = FixedBaseEcdsa.Table.of(q, d.getN(), 8);
        List<BigInteger> scalars = scalars(d.getN());

        for (int i = 0; i < scalars.size(); i++) {
            BigInteger a = scalars.get(i);
            BigInteger b = scalars.get(scalars.size() - 1 - i);
            ECPoint expected = ECAlgorithms.sumOfTwoMultiplies(d.getG(), a, q, b).normalize();
            ECPoint actual = k.addMultiple(g.addMultiple(d.getCurve().getInfinity(), a), b).normalize();
            assertThat(actual).as("%s·G + %s·Q", a, b).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521", "generic P-256"})
    void verifiesWhatBouncyCastleSignsAndRejectsEveryAlteredPart(String curve) {
        ECDomainParameters d = domain(curve);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(d, new SecureRandom()));
        AsymmetricCipherKeyPair keys = generator.generateKeyPair();
        ECPublicKeyParameters publicKey = (ECPublicKeyParameters) keys.getPublic();
        FixedBaseEcdsa.Table g = FixedBaseEcdsa.Table.of(d.getG(), d.getN(), 8);
        FixedBaseEcdsa.Table q = FixedBaseEcdsa.Table.of(publicKey.getQ(), d.getN(), 8);
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, (ECPrivateKeyParameters) keys.getPrivate());
        ECDSASigner reference = new ECDSASigner();
        reference.init(false, publicKey);
        BigInteger n = d.getN();

        for (int i = 0; i < 20; i++) {
            byte[] hash = new byte[n.bitLength() / 8];
            random.nextBytes(hash);
            BigInteger e = new BigInteger(1, hash);
            BigInteger[] rs = signer.generateSignature(hash);
            BigInteger r = rs[0];
            BigInteger s = rs[1];

            assertThat(reference.verifySignature(hash, r, s)).isTrue();
            assertThat(FixedBaseEcdsa.verify(g, q, d.getCurve(), n, e, r, s)).isTrue();
            assertThat(FixedBaseEcdsa.verify(g, q, d.getCurve(), n, e.add(BigInteger.ONE), r, s)).isFalse();
            assertThat(FixedBaseEcdsa.verify(g, q, d.getCurve(), n, e, s, r)).isFalse();
            // (r, n - s) is the same signature's other form: ECDSA accepts both, as BouncyCastle does.
            assertThat(FixedBaseEcdsa.verify(g, q, d.getCurve(), n, e, r, n.subtract(s)))
                    .isEqualTo(reference.verifySignature(hash, r, n.subtract(s))).isTrue();
            assertThat(FixedBaseEcdsa.verify(g, q, d.getCurve(), n, e, r.add(n), s)).isFalse();
            assertThat(FixedBaseEcdsa.verify(g, q, d.getCurve(), n, e, BigInteger.ZERO, s)).isFalse();
            assertThat(FixedBaseEcdsa.verify(g, q, d.getCurve(), n, e, r, BigInteger.ZERO)).isFalse();
            assertThat(FixedBaseEcdsa.verify(g, q, d.getCurve(), n, e, r, n)).isFalse();
        }
    }

    @org.junit.jupiter.api.Test
    void aSignatureWhoseSumIsTheNeutralPointIsRejected() {
        // u1·G + u2·Q = O when Q = G and e = -r: then u1 + u2 = (e + r)/s = 0.
        ECDomainParameters d = domain("P-256");
        assertThat(d.getCurve()).isInstanceOf(SecP256R1Curve.class);
        FixedBaseEcdsa.Table g = FixedBaseEcdsa.Table.of(d.getG(), d.getN(), 8);
        BigInteger r = BigInteger.valueOf(12345);

        assertThat(FixedBaseEcdsa.verify(g, g, d.getCurve(), d.getN(), d.getN().subtract(r), r, BigInteger.TWO))
                .isFalse();
    }
}
