package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.crl.OfflineCrls;
import dev.vigil.jobs.cert.crl.RevocationStatus;
import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.ItemError;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.RunState;
import dev.vigil.spi.audit.AuditEvent;
import dev.vigil.spi.cert.InternalCa;
import dev.vigil.spi.cert.InternalCas;
import dev.vigil.spi.cert.PublishedCrl;
import dev.vigil.spi.cert.RevocationReason;
import dev.vigil.spi.cert.RevokedCertificate;
import dev.vigil.testkit.HarnessRun;
import dev.vigil.testkit.InMemoryInternalCas;
import dev.vigil.testkit.JobHarness;
import dev.vigil.testkit.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CRLReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class CrlPublishJobTest {
    private static final Instant NOW = Instant.parse("2026-02-01T05:00:00.250Z");
    private static final Instant THIS_UPDATE = Instant.parse("2026-02-01T05:00:00Z");
    private static final Duration VALIDITY = Duration.ofDays(7);
    private static final TestPki.Issued RSA_CA = TestPki.rootCa("CN=Publish Test RSA CA");
    private static final TestPki.Issued EC_CA = TestPki.intermediate(RSA_CA, "CN=Publish Test EC CA")
            .keys(TestPki.ec("secp256r1")).issueWithKey();

    private final ManualClock clock = ManualClock.at(NOW);
    private final InMemoryInternalCas cas = new InMemoryInternalCas();

    private HarnessRun run() {
        return JobHarness.forJob(new CrlPublishJob()).clock(clock).service(InternalCas.class, cas).run();
    }

    private InMemoryInternalCas.Ca add(String id, TestPki.Issued ca) {
        return cas.add(id, encoded(ca.certificate()), ca.privateKey(), VALIDITY);
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate leaf(TestPki.Issued ca, String name, Instant notBefore, Instant notAfter) {
        return TestPki.leaf(ca).subject("CN=" + name).dnsNames(name).validity(notBefore, notAfter).issue();
    }

    private static X509Certificate leaf(TestPki.Issued ca, String name) {
        return leaf(ca, name, NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(80)));
    }

    private static void revoke(InMemoryInternalCas.Ca ca, X509Certificate leaf, RevocationReason reason) {
        ca.revoke(leaf.getSerialNumber(), NOW.minus(Duration.ofDays(1)), reason, leaf.getNotAfter().toInstant());
    }

    private static X509CRL parse(PublishedCrl crl) {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crl.der()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger crlNumber(X509CRL crl) throws IOException {
        return CRLNumber.getInstance(JcaX509ExtensionUtils.parseExtensionValue(crl.getExtensionValue("2.5.29.20")))
                .getCRLNumber();
    }

    private static RevocationStatus.State status(PublishedCrl crl, X509Certificate caCertificate, X509Certificate leaf) {
        OfflineCrls crls = OfflineCrls.read(Map.of("x.crl", crl.der()), List.of(caCertificate));
        assertThat(crls.unverified()).isEmpty();
        return crls.status(leaf, List.of(caCertificate), crl.thisUpdate().plus(Duration.ofHours(1))).state();
    }

    @Test
    void aPublishedCrlIsVersionTwoWithNumberAuthorityKeyIdReasonsAndPolicyValidityAndPartOneAcceptsIt()
            throws Exception {
        InMemoryInternalCas.Ca ca = add("rsa", RSA_CA);
        X509Certificate compromised = leaf(RSA_CA, "compromised.example.com");
        X509Certificate unspecified = leaf(RSA_CA, "unspecified.example.com");
        X509Certificate good = leaf(RSA_CA, "good.example.com");
        revoke(ca, compromised, RevocationReason.KEY_COMPROMISE);
        revoke(ca, unspecified, RevocationReason.UNSPECIFIED);

        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().succeeded()).isEqualTo(1);
        PublishedCrl published = ca.lastPublished().orElseThrow();
        X509CRL crl = parse(published);
        crl.verify(RSA_CA.certificate().getPublicKey());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getIssuerX500Principal()).isEqualTo(RSA_CA.certificate().getSubjectX500Principal());
        assertThat(crl.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(crlNumber(crl)).isEqualTo(BigInteger.ONE);
        assertThat(published.crlNumber()).isEqualTo(BigInteger.ONE);
        assertThat(crl.getNonCriticalExtensionOIDs()).contains("2.5.29.20", "2.5.29.35");
        assertThat(crl.getCriticalExtensionOIDs()).isNullOrEmpty();
        byte[] ski = SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                RSA_CA.certificate().getExtensionValue("2.5.29.14"))).getKeyIdentifier();
        assertThat(AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                crl.getExtensionValue("2.5.29.35"))).getKeyIdentifierObject().getOctets()).isEqualTo(ski);
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(THIS_UPDATE).isEqualTo(published.thisUpdate());
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(THIS_UPDATE.plus(VALIDITY)).isEqualTo(published.nextUpdate());
        assertThat(crl.getRevokedCertificates()).hasSize(2);
        X509CRLEntry compromisedEntry = crl.getRevokedCertificate(compromised.getSerialNumber());
        assertThat(compromisedEntry.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(compromisedEntry.getRevocationDate().toInstant()).isEqualTo(NOW.minus(Duration.ofDays(1)).minusMillis(250));
        assertThat(crl.getRevokedCertificate(unspecified.getSerialNumber()).hasExtensions())
                .as("no reasonCode extension for unspecified (RFC 5280 §5.3.1)").isFalse();

        assertThat(status(published, RSA_CA.certificate(), compromised)).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status(published, RSA_CA.certificate(), unspecified)).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status(published, RSA_CA.certificate(), good)).isEqualTo(RevocationStatus.State.GOOD);

        assertThat(run.auditEventsWithAction(CrlPublishJob.AUDIT_ACTION)).singleElement().satisfies(event -> {
            assertThat(event.target()).isEqualTo("rsa");
            assertThat(event.outcome()).isEqualTo("published");
            assertThat(event.details()).containsEntry("crlNumber", "1").containsEntry("entries", "2")
                    .containsEntry("nextUpdate", THIS_UPDATE.plus(VALIDITY).toString());
        });
    }

    @Test
    void crlNumbersIncreaseStrictlyFromOneAcrossRuns() throws Exception {
        InMemoryInternalCas.Ca ca = add("rsa", RSA_CA);
        X509Certificate revoked = leaf(RSA_CA, "revoked.example.com");

        run();
        revoke(ca, revoked, RevocationReason.SUPERSEDED);
        clock.advance(Duration.ofDays(1));
        run();
        clock.advance(Duration.ofDays(1));
        run();

        assertThat(ca.published()).extracting(PublishedCrl::crlNumber)
                .containsExactly(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3));
        assertThat(crlNumber(parse(ca.published().get(2)))).isEqualTo(BigInteger.valueOf(3));
        assertThat(parse(ca.published().get(0)).getRevokedCertificates()).isNull();
        assertThat(parse(ca.published().get(1)).getRevokedCertificate(revoked.getSerialNumber()).getRevocationReason())
                .isEqualTo(CRLReason.SUPERSEDED);
        OfflineCrls both = OfflineCrls.read(Map.of("1.crl", ca.published().get(0).der(), "2.crl",
                ca.published().get(1).der()), List.of(RSA_CA.certificate()));
        assertThat(both.status(revoked, List.of(RSA_CA.certificate()), NOW.plus(Duration.ofDays(1)).plusSeconds(5))
                .state()).as("the newer CRL decides").isEqualTo(RevocationStatus.State.REVOKED);
    }

    @Test
    void aNodeWhoseClockIsBehindTheLastCrlFailsThatCaAndPublishesNothingDatedEarlier() {
        InMemoryInternalCas.Ca rsa = add("rsa", RSA_CA);
        run();
        InMemoryInternalCas.Ca ec = add("ec", EC_CA);
        clock.set(NOW.minus(Duration.ofMinutes(10))); // another node, ten minutes behind

        HarnessRun behind = run();

        assertThat(behind.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(behind.result().itemErrors()).singleElement().satisfies(e -> {
            assertThat(e.item()).isEqualTo("rsa");
            assertThat(e.message()).contains("clock").contains("behind").contains(THIS_UPDATE.toString()).contains("NTP");
        });
        assertThat(rsa.published()).extracting(PublishedCrl::crlNumber).containsExactly(BigInteger.ONE);
        assertThat(ec.published()).as("a CA with no CRL yet has nothing to be behind").hasSize(1);
    }

    @Test
    void anExpiredRevokedCertificateStaysOnTheFirstCrlIssuedAfterItsExpiryAndIsGoneFromTheNext() {
        InMemoryInternalCas.Ca ca = add("rsa", RSA_CA);
        X509Certificate expiring = leaf(RSA_CA, "expiring.example.com", NOW.minus(Duration.ofDays(30)),
                NOW.plus(Duration.ofDays(1)));
        X509Certificate valid = leaf(RSA_CA, "valid.example.com");
        revoke(ca, expiring, RevocationReason.CESSATION_OF_OPERATION);
        revoke(ca, valid, RevocationReason.KEY_COMPROMISE);

        run(); // before the expiry
        clock.advance(Duration.ofDays(2));
        run(); // the first CRL issued after the expiry
        clock.advance(Duration.ofDays(1));
        run();

        List<PublishedCrl> published = ca.published();
        assertThat(published).hasSize(3);
        assertThat(parse(published.get(0)).isRevoked(expiring)).isTrue();
        assertThat(parse(published.get(1)).isRevoked(expiring)).isTrue();
        assertThat(parse(published.get(2)).isRevoked(expiring)).isFalse();
        assertThat(published).allSatisfy(crl -> assertThat(parse(crl).isRevoked(valid)).isTrue());
        assertThat(ca.listedAfterExpiry()).containsExactly(expiring.getSerialNumber());
    }

    @Test
    void aPublicationThatThrowsFailsThatCaAndTheNextRunPublishesTheSameNumberWithNothingLost() {
        InMemoryInternalCas.Ca ca = add("rsa", RSA_CA);
        X509Certificate expired = leaf(RSA_CA, "expired.example.com", NOW.minus(Duration.ofDays(30)),
                NOW.minus(Duration.ofDays(1)));
        revoke(ca, expired, RevocationReason.KEY_COMPROMISE);
        ca.failNextPublish(new IllegalStateException("database connection lost"));

        HarnessRun crashed = run();

        assertThat(crashed.runState()).isEqualTo(RunState.FAILED);
        assertThat(crashed.result().itemErrors()).extracting(ItemError::item).containsExactly("rsa");
        assertThat(crashed.result().itemErrors().get(0).message()).contains("database connection lost");
        assertThat(ca.published()).isEmpty();
        assertThat(ca.listedAfterExpiry()).isEmpty();
        assertThat(crashed.auditEvents()).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        HarnessRun retried = run();

        assertThat(retried.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(ca.published()).extracting(PublishedCrl::crlNumber).containsExactly(BigInteger.ONE);
        assertThat(parse(ca.lastPublished().orElseThrow()).isRevoked(expired))
                .as("the expired certificate was not yet listed after its expiry").isTrue();
        assertThat(ca.listedAfterExpiry()).containsExactly(expired.getSerialNumber());
    }

    @Test
    void aCaAnotherPublisherGotToFirstIsSkippedWithoutAnError() {
        InMemoryInternalCas.Ca ca = add("rsa", RSA_CA);
        ca.loseNextPublishRace();

        HarnessRun lost = run();

        assertThat(lost.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(lost.counts().skipped()).isEqualTo(1);
        assertThat(lost.counts().failed()).isZero();
        assertThat(lost.result().itemErrors()).isEmpty();
        assertThat(lost.result().message()).contains("another publisher").contains("rsa");
        assertThat(lost.auditEvents()).isEmpty();
        assertThat(ca.published()).extracting(PublishedCrl::crlNumber).containsExactly(BigInteger.ONE);

        clock.advance(Duration.ofDays(1));
        run();

        assertThat(ca.published()).extracting(PublishedCrl::crlNumber).containsExactly(BigInteger.ONE, BigInteger.TWO);
    }

    @Test
    void aCaWithAnUnreadableCertificateOrAGarbageSignatureFailsAloneAndTheOtherCaStillGetsItsCrl() {
        cas.add("garbled", new byte[] {0x30, 0x03, 0x02, 0x01, 0x07}, RSA_CA.privateKey(), VALIDITY);
        InMemoryInternalCas.Ca corrupt = add("corrupt-signer", RSA_CA).corruptNextSignature();
        InMemoryInternalCas.Ca ec = add("ec", EC_CA);

        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.counts().processed()).isEqualTo(3);
        assertThat(run.counts().succeeded()).isEqualTo(1);
        assertThat(run.counts().failed()).isEqualTo(2);
        assertThat(run.result().itemErrors()).extracting(ItemError::item).containsExactly("garbled", "corrupt-signer");
        assertThat(run.result().itemErrors().get(0).message()).contains("not a readable X.509 certificate");
        assertThat(run.result().itemErrors().get(1).message()).contains("does not verify with the CA certificate")
                .contains("not published");
        assertThat(corrupt.published()).isEmpty();
        assertThat(ec.published()).hasSize(1);
        assertThat(run.auditEventsWithAction(CrlPublishJob.AUDIT_ACTION)).extracting(AuditEvent::target)
                .containsExactly("ec");
    }

    @Test
    void aSignerThatThrowsFailsThatCaWithItsMessage() {
        InMemoryInternalCas.Ca ca = add("hsm", RSA_CA).failNextSign(new IllegalStateException("HSM unreachable"));

        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().itemErrors()).singleElement().satisfies(error -> {
            assertThat(error.item()).isEqualTo("hsm");
            assertThat(error.message()).contains("could not sign").contains("HSM unreachable");
        });
        assertThat(ca.published()).isEmpty();
    }

    @Test
    void anRsaCaAndAnEcP256CaEachGetACrlSignedWithTheMatchingAlgorithm() {
        InMemoryInternalCas.Ca rsa = add("rsa", RSA_CA);
        InMemoryInternalCas.Ca ec = add("ec", EC_CA);
        X509Certificate rsaLeaf = leaf(RSA_CA, "rsa-leaf.example.com");
        X509Certificate ecLeaf = leaf(EC_CA, "ec-leaf.example.com");
        X509Certificate ecGood = leaf(EC_CA, "ec-good.example.com");
        revoke(rsa, rsaLeaf, RevocationReason.AFFILIATION_CHANGED);
        revoke(ec, ecLeaf, RevocationReason.CA_COMPROMISE);

        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().succeeded()).isEqualTo(2);
        assertThat(rsa.signatureAlgorithms()).containsExactly("SHA256withRSA");
        assertThat(ec.signatureAlgorithms()).containsExactly("SHA256withECDSA");
        PublishedCrl ecCrl = ec.lastPublished().orElseThrow();
        assertThat(parse(ecCrl).getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(parse(ecCrl).getRevokedCertificate(ecLeaf.getSerialNumber()).getRevocationReason())
                .isEqualTo(CRLReason.CA_COMPROMISE);
        assertThat(status(ecCrl, EC_CA.certificate(), ecLeaf)).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status(ecCrl, EC_CA.certificate(), ecGood)).isEqualTo(RevocationStatus.State.GOOD);
        assertThat(status(rsa.lastPublished().orElseThrow(), RSA_CA.certificate(), rsaLeaf))
                .isEqualTo(RevocationStatus.State.REVOKED);
    }

    @Test
    void aLeafCertificateOfferedAsTheCaCertificateIsRefusedWithAClearMessage() {
        X509Certificate notCa = leaf(RSA_CA, "not-a-ca.example.com");
        cas.add("leaf-as-ca", encoded(notCa), RSA_CA.privateKey(), VALIDITY);
        InMemoryInternalCas.Ca good = add("rsa", RSA_CA);

        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.PARTIAL);
        assertThat(run.result().itemErrors()).singleElement().satisfies(error -> {
            assertThat(error.item()).isEqualTo("leaf-as-ca");
            assertThat(error.message()).contains("not a CA certificate");
        });
        assertThat(good.published()).hasSize(1);
    }

    @Test
    void theJobIsRegisteredDailyAtFiveAndRequiresTheInternalCas() {
        JobDescriptor descriptor = new CertificateJobs().jobs().stream()
                .filter(job -> job.descriptor().id().equals(CrlPublishJob.TYPE)).findFirst().orElseThrow().descriptor();

        JobDescriptor dailyAtFive = JobDescriptor.builder("x.y").title("t").description("d").cron("0 0 5 * * ?").build();
        assertThat(descriptor.defaultSchedule()).isEqualTo(dailyAtFive.defaultSchedule());
        assertThat(descriptor.requiredServices()).containsExactly(InternalCas.class);
    }

    @Test
    void nothingIsPublishedWhenTheHostHasNoInternalCas() {
        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.counts().processed()).isZero();
        assertThat(run.auditEvents()).isEmpty();
    }

    @Test
    void theSignatureAlgorithmFollowsTheCaKeyForP384AndEd25519() throws Exception {
        TestPki.Issued p384 = TestPki.intermediate(RSA_CA, "CN=Publish Test P-384 CA").keys(TestPki.ec("secp384r1"))
                .issueWithKey();
        KeyPair edKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TestPki.Issued ed25519 = TestPki.intermediate(RSA_CA, "CN=Publish Test Ed25519 CA").keys(edKeys).issueWithKey();
        InMemoryInternalCas.Ca p384Ca = add("p384", p384);
        InMemoryInternalCas.Ca edCa = add("ed25519", ed25519);

        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(p384Ca.signatureAlgorithms()).containsExactly("SHA384withECDSA");
        assertThat(edCa.signatureAlgorithms()).containsExactly("Ed25519");
        parse(p384Ca.lastPublished().orElseThrow()).verify(p384.certificate().getPublicKey());
        parse(edCa.lastPublished().orElseThrow()).verify(ed25519.certificate().getPublicKey());
    }

    @Test
    void aHostThatListsASerialTwiceFailsThatCaWithoutPublishing() {
        InMemoryInternalCas.Ca ca = add("rsa", RSA_CA);
        X509Certificate twice = leaf(RSA_CA, "twice.example.com");
        InMemoryInternalCas.Ca duplicate = new InMemoryInternalCas().add("rsa", encoded(RSA_CA.certificate()),
                RSA_CA.privateKey(), VALIDITY);
        revoke(duplicate, twice, RevocationReason.KEY_COMPROMISE);
        revoke(ca, twice, RevocationReason.KEY_COMPROMISE);
        InternalCas listingTwice = () -> List.of(new ForwardingCa(ca) {
            @Override
            public List<RevokedCertificate> revoked() {
                List<RevokedCertificate> both = new ArrayList<>(ca.revoked());
                both.addAll(duplicate.revoked());
                return both;
            }
        });

        HarnessRun run = JobHarness.forJob(new CrlPublishJob()).clock(clock).service(InternalCas.class, listingTwice)
                .run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().itemErrors()).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("revoked twice"));
        assertThat(ca.published()).isEmpty();
    }

    @Test
    void aCancelledRunPublishesNothing() {
        InMemoryInternalCas.Ca ca = add("rsa", RSA_CA);

        HarnessRun run = JobHarness.forJob(new CrlPublishJob()).clock(clock).service(InternalCas.class, cas)
                .cancelled(true).run();

        assertThat(run.runState()).isEqualTo(RunState.CANCELLED);
        assertThat(ca.published()).isEmpty();
    }

    @Test
    void aCaCertificateWithoutASubjectKeyIdentifierGetsTheComputedKeyIdAsAuthorityKeyId() throws Exception {
        KeyPair keys = TestPki.ec("secp256r1");
        X500Name subject = new X500Name("CN=Publish Test CA without SKI");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(77),
                Date.from(NOW.minus(Duration.ofDays(1))), Date.from(NOW.plus(Duration.ofDays(3650))), subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate withoutSki = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        assertThat(withoutSki.getExtensionValue("2.5.29.14")).isNull();
        InMemoryInternalCas.Ca ca = cas.add("no-ski", withoutSki.getEncoded(), keys.getPrivate(), VALIDITY);
        X509Certificate revoked = leaf(new TestPki.Issued(withoutSki, keys.getPrivate()), "no-ski-leaf.example.com");
        revoke(ca, revoked, RevocationReason.KEY_COMPROMISE);

        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        X509CRL crl = parse(ca.lastPublished().orElseThrow());
        byte[] computed = new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()).getKeyIdentifier();
        assertThat(AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                crl.getExtensionValue("2.5.29.35"))).getKeyIdentifierObject().getOctets()).isEqualTo(computed);
        assertThat(status(ca.lastPublished().orElseThrow(), withoutSki, revoked)).isEqualTo(RevocationStatus.State.REVOKED);
    }

    @Test
    void aCaWithoutAPositiveCrlValidityFailsWithAClearMessage() {
        InMemoryInternalCas.Ca ca = cas.add("no-validity", encoded(RSA_CA.certificate()), RSA_CA.privateKey(),
                Duration.ZERO);

        HarnessRun run = run();

        assertThat(run.runState()).isEqualTo(RunState.FAILED);
        assertThat(run.result().itemErrors()).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("CRL validity must be at least one second"));
        assertThat(ca.published()).isEmpty();
        assertThat(ca.signatureAlgorithms()).as("nothing signed").isEmpty();
    }

    /** Delegates everything to another CA, for a test to override one method. */
    private static class ForwardingCa implements InternalCa {
        private final InternalCa delegate;

        ForwardingCa(InternalCa delegate) {
            this.delegate = delegate;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public byte[] certificate() {
            return delegate.certificate();
        }

        @Override
        public byte[] sign(String jcaSignatureAlgorithm, byte[] data) {
            return delegate.sign(jcaSignatureAlgorithm, data);
        }

        @Override
        public List<RevokedCertificate> revoked() {
            return delegate.revoked();
        }

        @Override
        public Optional<PublishedCrl> lastPublished() {
            return delegate.lastPublished();
        }

        @Override
        public Duration crlValidity() {
            return delegate.crlValidity();
        }

        @Override
        public boolean publish(PublishedCrl crl, Set<BigInteger> listedAfterExpiry) {
            return delegate.publish(crl, listedAfterExpiry);
        }
    }
}
