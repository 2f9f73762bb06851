package dev.vigil.jobs.cert.weakkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.Random;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeakKeyInspectorTest {

    private static final Provider BC = new BouncyCastleProvider();
    private static final WeakKeyInspector INSPECTOR = WeakKeyInspector.create();

    @Test
    void ordinaryRsa2048KeysHaveNoFindings() {
        assertThat(WeakKeys.ordinaryRsa2048()).allSatisfy(key -> assertThat(INSPECTOR.inspect(key)).isEmpty());
    }

    @Test
    void aRocaKeyIsReportedAsRoca() throws GeneralSecurityException {
        PublicKey key = jdkRsa(WeakKeys.rocaModulus(2048, new Random(31)), 65537);
        assertThat(ids(INSPECTOR.inspect(key))).containsExactly(WeakKeyId.ROCA);
    }

    @Test
    void aKeyWithClosePrimesIsReportedAsFermatWithItsRound() throws GeneralSecurityException {
        PublicKey key = jdkRsa(WeakKeys.closePrimesModulus(400, new Random(32)), 65537);
        List<WeakKeyFinding> findings = INSPECTOR.inspect(key);
        assertThat(ids(findings)).containsExactly(WeakKeyId.FERMAT);
        assertThat(findings.get(0).detail()).contains("round 1 of 100");
    }

    @Test
    void aModulusWithASmallFactorIsReported() {
        BigInteger modulus = BigInteger.valueOf(743).multiply(BigInteger.probablePrime(2040, new Random(33)));
        assertThat(ids(INSPECTOR.inspect(WeakKeys.rsa(modulus, 65537)))).containsExactly(WeakKeyId.SMALL_FACTOR);
    }

    @Test
    void aShortModulusIsReportedWithItsSize() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        List<WeakKeyFinding> findings = INSPECTOR.inspect(generator.generateKeyPair().getPublic());
        assertThat(ids(findings)).containsExactly(WeakKeyId.SHORT_RSA);
        assertThat(findings.get(0).detail()).isEqualTo("RSA modulus is 1024 bits, below 2048");
    }

    @ParameterizedTest
    @ValueSource(longs = {-3, 0, 1, 2, 3, 4, 65536})
    void badExponentsAreReported(long exponent) {
        BigInteger modulus = WeakKeys.ordinaryRsa2048().get(0).getModulus();
        List<WeakKeyFinding> findings = INSPECTOR.inspect(WeakKeys.rsa(modulus, exponent));
        assertThat(ids(findings)).containsExactly(WeakKeyId.BAD_EXPONENT);
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 17, 65537, 4_294_967_297L})
    void oddExponentsAbove3AreFine(long exponent) {
        BigInteger modulus = WeakKeys.ordinaryRsa2048().get(0).getModulus();
        assertThat(INSPECTOR.inspect(WeakKeys.rsa(modulus, exponent))).isEmpty();
    }

    @Test
    void severalFindingsComeMostSevereFirst() {
        BigInteger modulus = BigInteger.valueOf(3).multiply(WeakKeys.rocaModulus(1024, new Random(34)));
        List<WeakKeyFinding> findings = INSPECTOR.inspect(WeakKeys.rsa(modulus, 3));
        assertThat(ids(findings)).containsExactly(WeakKeyId.SMALL_FACTOR, WeakKeyId.BAD_EXPONENT, WeakKeyId.SHORT_RSA);

        BigInteger p = BigInteger.probablePrime(512, new Random(35));
        BigInteger square = p.multiply(p);
        DebianWeakKeyBlocklist blocklist = DebianWeakKeyBlocklist.parse(List.of(DebianWeakKeyBlocklist.fingerprint(square)));
        assertThat(ids(WeakKeyInspector.withBlocklist(blocklist).inspect(WeakKeys.rsa(square, 4))))
                .containsExactly(WeakKeyId.DEBIAN_WEAK, WeakKeyId.FERMAT, WeakKeyId.BAD_EXPONENT, WeakKeyId.SHORT_RSA);
    }

    @Test
    void aBlocklistedKeyIsReportedOnlyByAnInspectorThatHasTheList() throws GeneralSecurityException {
        RSAPublicKey key = WeakKeys.ordinaryRsa2048().get(1);
        DebianWeakKeyBlocklist blocklist = DebianWeakKeyBlocklist.parse(
                List.of("# test list", DebianWeakKeyBlocklist.fingerprint(key.getModulus())));
        WeakKeyInspector inspector = WeakKeyInspector.withBlocklist(blocklist);

        assertThat(ids(inspector.inspect(key))).containsExactly(WeakKeyId.DEBIAN_WEAK);
        assertThat(inspector.inspect(WeakKeys.ordinaryRsa2048().get(2))).isEmpty();
        assertThat(INSPECTOR.inspect(key)).isEmpty();
    }

    @Test
    void detailsNeverContainTheModulus() {
        BigInteger modulus = BigInteger.valueOf(3).multiply(WeakKeys.rocaModulus(1024, new Random(36)));
        DebianWeakKeyBlocklist blocklist = DebianWeakKeyBlocklist.parse(List.of(DebianWeakKeyBlocklist.fingerprint(modulus)));
        List<WeakKeyFinding> findings = WeakKeyInspector.withBlocklist(blocklist).inspect(WeakKeys.rsa(modulus, 2));
        assertThat(findings).hasSize(4).allSatisfy(finding -> assertThat(finding.detail())
                .doesNotContainIgnoringCase(modulus.toString(16).substring(0, 12))
                .doesNotContain(modulus.toString().substring(0, 12))
                .doesNotContain(DebianWeakKeyBlocklist.fingerprint(modulus)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void keysOnTheApprovedNistCurvesHaveNoFindings(String curve) throws GeneralSecurityException {
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC");
        jdk.initialize(new ECGenParameterSpec(curve));
        KeyPairGenerator bouncyCastle = KeyPairGenerator.getInstance("EC", BC);
        bouncyCastle.initialize(new ECGenParameterSpec(curve));

        assertThat(INSPECTOR.inspect(jdk.generateKeyPair().getPublic())).isEmpty();
        assertThat(INSPECTOR.inspect(bouncyCastle.generateKeyPair().getPublic())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256k1", "brainpoolP256r1", "brainpoolP384r1", "secp224r1", "sect283k1"})
    void keysOnOtherCurvesAreNotApprovedAndTheCurveIsNamed(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec(curve));
        List<WeakKeyFinding> findings = INSPECTOR.inspect(generator.generateKeyPair().getPublic());
        assertThat(ids(findings)).containsExactly(WeakKeyId.NON_APPROVED_CURVE);
        assertThat(findings.get(0).detail()).contains(curve).endsWith("not P-256, P-384 or P-521");
    }

    @Test
    void aCurveIsJudgedByItsParametersNotByItsName() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey real = (ECPublicKey) generator.generateKeyPair().getPublic();
        ECParameterSpec p256 = real.getParams();
        // same field and coefficients as P-256 but another base point: not P-256
        ECParameterSpec otherGenerator = new ECParameterSpec(p256.getCurve(), real.getW(), p256.getOrder(), 1);
        assertThat(EcCurves.approvedName(p256)).hasValue("P-256");
        assertThat(EcCurves.approvedName(otherGenerator)).isEmpty();
        assertThat(EcCurves.describe(otherGenerator)).isEqualTo("an unnamed curve over a 256-bit prime field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void theReferenceParametersEqualTheJdksOwn(String curve) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curve));
        ECParameterSpec jdk = parameters.getParameterSpec(ECParameterSpec.class);
        assertThat(EcCurves.approvedName(jdk)).hasValue("P-" + curve.substring(4, 7));
    }

    @Test
    void dsaAndEdwardsKeysHaveNoRsaOrEcFindings() throws GeneralSecurityException {
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        assertThat(INSPECTOR.inspect(dsa.generateKeyPair().getPublic())).isEmpty();
        assertThat(INSPECTOR.inspect(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic())).isEmpty();
        assertThat(INSPECTOR.inspect(KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic())).isEmpty();
    }

    @Test
    void aKeyTypeTheInspectorDoesNotKnowGivesNoFinding() {
        assertThat(INSPECTOR.inspect(new OpaqueKey("ML-DSA-65", "X.509", new byte[] {1, 2, 3}))).isEmpty();
        assertThat(INSPECTOR.inspect(new OpaqueKey("Mystery", null, null))).isEmpty();
    }

    @Test
    void anOpaqueRsaKeyIsDecodedFromItsEncodingBeforeItIsInspected() throws GeneralSecurityException {
        PublicKey weak = jdkRsa(WeakKeys.rocaModulus(1024, new Random(37)), 65537);
        OpaqueKey opaque = new OpaqueKey("RSA", "X.509", weak.getEncoded());
        assertThat(ids(INSPECTOR.inspect(opaque))).containsExactly(WeakKeyId.ROCA, WeakKeyId.SHORT_RSA);
    }

    @Test
    void anUnreadableRsaOrEcKeyIsAClearErrorNotACrash() {
        assertThatThrownBy(() -> INSPECTOR.inspect(new OpaqueKey("RSA", "X.509", new byte[] {0x30, 0x00})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be decoded");
        assertThatThrownBy(() -> INSPECTOR.inspect(new OpaqueKey("EC", "PKCS#11", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be inspected");
        assertThatThrownBy(() -> INSPECTOR.inspect(WeakKeys.rsa(BigInteger.ZERO, 65537)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive modulus");
        assertThatThrownBy(() -> INSPECTOR.inspect(new WeakKeys.RawRsaKey(BigInteger.TEN, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exponent");
        assertThatThrownBy(() -> INSPECTOR.inspect(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> WeakKeyInspector.withBlocklist(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aFindingIsOneLine() {
        assertThatThrownBy(() -> new WeakKeyFinding(WeakKeyId.ROCA, "two\nlines"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WeakKeyFinding(WeakKeyId.ROCA, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WeakKeyFinding(null, "x")).isInstanceOf(NullPointerException.class);
    }

    private static PublicKey jdkRsa(BigInteger modulus, long exponent) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, BigInteger.valueOf(exponent)));
    }

    private static List<WeakKeyId> ids(List<WeakKeyFinding> findings) {
        return findings.stream().map(WeakKeyFinding::id).toList();
    }

    /** A key that exposes only its algorithm, format and encoding, like a provider's opaque key. */
    private record OpaqueKey(String getAlgorithm, String getFormat, byte[] getEncoded) implements PublicKey {
    }
}
