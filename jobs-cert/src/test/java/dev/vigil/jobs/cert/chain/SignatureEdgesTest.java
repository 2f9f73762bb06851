package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.ChainFixtures.INTERMEDIATE;
import static dev.vigil.jobs.cert.chain.ChainFixtures.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.testing.TestPki;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SignatureEdgesTest {
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");

    private final CaIssuersCache cache = CaIssuersCache.create();
    private final Map<String, Integer> verifications = new ConcurrentHashMap<>();
    private final SignatureVerifier verifier = new SignatureVerifier();

    /** Verifies as the validator does and counts the verifications per child subject. */
    private SignatureVerdict countingVerify(X509Certificate child, PublicKey issuerKey) {
        verifications.merge(child.getSubjectX500Principal().getName(), 1, Integer::sum);
        return verifier.verify(child, issuerKey);
    }

    private ChainValidator countingValidator() {
        return ChainValidator.builder(List.of(ROOT.certificate())).signatureVerifier(this::countingVerify).build();
    }

    private static X509Certificate leaf(TestPki.Issued issuer, String host) {
        return TestPki.leaf(issuer).subject("CN=" + host).dnsNames(host).issue();
    }

    @Test
    void aSharedIntermediateIsVerifiedOncePerValidatorAndEachLeafOncePerValidation() {
        ChainValidator validator = countingValidator();

        for (String host : List.of("a.example.com", "b.example.com", "c.example.com")) {
            assertThat(validator.validate(leaf(INTERMEDIATE, host), List.of(INTERMEDIATE.certificate()), AT, cache)
                    .status()).isEqualTo(ChainStatus.VALID);
        }

        assertThat(verifications).containsOnly(Map.entry("CN=Chain Int", 1), Map.entry("CN=a.example.com", 1),
                Map.entry("CN=b.example.com", 1), Map.entry("CN=c.example.com", 1));
    }

    @Test
    void aForgedIntermediateIsCaughtAfterTheGenuineOneOfTheSameIssuerWasRemembered() {
        ChainValidator validator = countingValidator();
        X509Certificate leaf = leaf(INTERMEDIATE, "www.example.com");
        assertThat(validator.validate(leaf, List.of(INTERMEDIATE.certificate()), AT, cache).status())
                .isEqualTo(ChainStatus.VALID);
        // Same subject, same key, same issuer name as the genuine intermediate, but not signed by the root.
        TestPki.Issued forger = new TestPki.Issued(ROOT.certificate(), TestPki.rsa("Chain Wrong").getPrivate());
        X509Certificate forged = TestPki.intermediate(forger, "CN=Chain Int").issue();

        ChainValidation result = validator.validate(leaf, List.of(forged), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.INVALID_SIGNATURE);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.position()).isEqualTo(1);
            assertThat(p.certificate()).isEqualTo("CN=Chain Int");
        });
    }

    @Test
    void aLeafWithABadSignatureIsCaughtAfterAGoodLeafOfTheSameIssuer() {
        ChainValidator validator = countingValidator();
        assertThat(validator.validate(leaf(INTERMEDIATE, "good.example.com"), List.of(INTERMEDIATE.certificate()), AT,
                cache).status()).isEqualTo(ChainStatus.VALID);
        TestPki.Issued impostor = new TestPki.Issued(INTERMEDIATE.certificate(), TestPki.rsa("Chain Wrong").getPrivate());

        ChainValidation result = validator.validate(leaf(impostor, "bad.example.com"),
                List.of(INTERMEDIATE.certificate()), AT, cache);

        assertThat(result.status()).isEqualTo(ChainStatus.INVALID_SIGNATURE);
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.position()).isZero());
    }

    @Test
    void onlyCaEdgesAreRememberedAndTheLeastRecentlyUsedLeavesFirst() {
        SignatureEdges edges = new SignatureEdges(this::countingVerify, 2);
        TestPki.Issued int2 = TestPki.intermediate(ROOT, "CN=Chain Int 2").issueWithKey();
        TestPki.Issued int3 = TestPki.intermediate(ROOT, "CN=Chain Int 3").issueWithKey();

        edges.verify(leaf(INTERMEDIATE, "www.example.com"), INTERMEDIATE.certificate());
        assertThat(edges.size()).isZero();
        edges.verify(INTERMEDIATE.certificate(), ROOT.certificate());
        edges.verify(int2.certificate(), ROOT.certificate());
        edges.verify(INTERMEDIATE.certificate(), ROOT.certificate());
        edges.verify(int3.certificate(), ROOT.certificate()); // pushes out int2, used least recently
        edges.verify(INTERMEDIATE.certificate(), ROOT.certificate());
        edges.verify(int2.certificate(), ROOT.certificate());

        assertThat(edges.size()).isEqualTo(2);
        assertThat(verifications).containsEntry("CN=Chain Int", 1).containsEntry("CN=Chain Int 2", 2)
                .containsEntry("CN=Chain Int 3", 1);
    }

    @Test
    void ecdsaP256AndP384ChainsVerifyAndAWrongEcKeyIsInvalidSignature() throws Exception {
        for (String[] curve : List.of(new String[] {"secp256r1", "SHA256withECDSA"},
                new String[] {"secp384r1", "SHA384withECDSA"})) {
            TestPki.Issued ecInt = TestPki.intermediate(ROOT, "CN=Chain EC Int " + curve[0])
                    .keys(TestPki.ec(curve[0])).issueWithKey();
            X509Certificate good = TestPki.leaf(ecInt).signatureAlgorithm(curve[1]).subject("CN=www.example.com")
                    .dnsNames("www.example.com").issue();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve[0]));
            KeyPair other = generator.generateKeyPair();
            X509Certificate bad = TestPki.leaf(new TestPki.Issued(ecInt.certificate(), other.getPrivate()))
                    .signatureAlgorithm(curve[1]).subject("CN=www.example.com").dnsNames("www.example.com").issue();
            ChainValidator validator = countingValidator();

            assertThat(validator.validate(good, List.of(ecInt.certificate()), AT, cache).status())
                    .as(curve[0]).isEqualTo(ChainStatus.VALID);
            assertThat(validator.validate(bad, List.of(ecInt.certificate()), AT, cache).status())
                    .as(curve[0]).isEqualTo(ChainStatus.INVALID_SIGNATURE);
            assertThat(verifier.verify(bad, ecInt.certificate().getPublicKey()).reason()).isNotEmpty();
        }
    }

    @Test
    void theEcdsaVerifierAgreesWithTheJdkOnGoodTamperedAndForeignSignatures() throws Exception {
        TestPki.Issued p256 = TestPki.intermediate(ROOT, "CN=Chain EC Int secp256r1").keys(TestPki.ec("secp256r1"))
                .issueWithKey();
        TestPki.Issued p384 = TestPki.intermediate(ROOT, "CN=Chain EC Int secp384r1").keys(TestPki.ec("secp384r1"))
                .issueWithKey();
        X509Certificate good256 = TestPki.leaf(p256).signatureAlgorithm("SHA256withECDSA").issue();
        X509Certificate good384 = TestPki.leaf(p384).signatureAlgorithm("SHA512withECDSA").issue();
        List<X509Certificate> children = List.of(good256, good384, tampered(good256), tampered(good384));
        List<PublicKey> keys = List.of(p256.certificate().getPublicKey(), p384.certificate().getPublicKey(),
                ROOT.certificate().getPublicKey());

        for (X509Certificate child : children) {
            for (PublicKey key : keys) {
                boolean jdk;
                try {
                    child.verify(key);
                    jdk = true;
                } catch (java.security.GeneralSecurityException e) {
                    jdk = false;
                }
                assertThat(verifier.verify(child, key).verified()).as("%s with %s", child.getSigAlgName(),
                        key.getAlgorithm()).isEqualTo(jdk);
            }
        }
        assertThat(verifier.verify(good256, keys.get(0)).verified()).isTrue();
        assertThat(verifier.verify(tampered(good256), keys.get(0)).verified()).isFalse();
    }

    @Test
    void anEcIssuerVerifiedOftenGoesOnVerifyingGoodAndRejectingBadSignaturesOnceItsTableIsBuilt()
            throws Exception {
        TestPki.Issued p256 = TestPki.intermediate(ROOT, "CN=Chain EC Int secp256r1").keys(TestPki.ec("secp256r1"))
                .issueWithKey();
        X509Certificate good = TestPki.leaf(p256).signatureAlgorithm("SHA256withECDSA").issue();
        X509Certificate bad = tampered(good);
        PublicKey key = p256.certificate().getPublicKey();

        for (int i = 0; i < SignatureVerifier.TABLE_AFTER_USES * 2; i++) {
            X509Certificate child = i % 5 == 3 ? bad : good;
            assertThat(verifier.verify(child, key).verified()).as("verification %d", i).isEqualTo(child == good);
        }
        assertThat(verifier.verify(good, ROOT.certificate().getPublicKey()).verified()).isFalse();
    }

    /** @return the certificate with the last byte of its signature changed */
    private static X509Certificate tampered(X509Certificate certificate) throws Exception {
        byte[] der = certificate.getEncoded();
        der[der.length - 1] ^= 0x01;
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }
}
