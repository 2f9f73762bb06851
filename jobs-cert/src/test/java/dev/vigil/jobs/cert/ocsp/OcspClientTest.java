package dev.vigil.jobs.cert.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.HttpUrlFetcher;
import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.cert.UrlFetcher;
import dev.vigil.testkit.ManualClock;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OcspClientTest {
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=OCSP Test Root");
    private static final TestPki.Issued CA = TestPki.intermediate(ROOT, "CN=OCSP Test CA").issueWithKey();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant REVOKED_AT = Instant.parse("2025-12-30T08:00:00Z");

    private final ManualClock clock = ManualClock.at(T0.plus(Duration.ofHours(1)));
    private final UrlFetcher fetcher = HttpUrlFetcher.create(Duration.ofSeconds(5), Duration.ofSeconds(10), 0);
    private final TestOcspResponder responder = TestOcspResponder.start(CA);
    private final OcspClient client = OcspClient.builder(fetcher, clock).build();

    @AfterEach
    void stop() {
        responder.close();
    }

    private X509Certificate leaf() {
        return TestPki.leaf(CA).subject("CN=ocsp.example.test").ocsp(responder.url()).issue();
    }

    static TestPki.Issued responderCertificate(TestPki.Issued issuer, boolean ocspSigning) {
        try {
            TestPki.CertificateSpec spec = TestPki.leaf(issuer).subject("CN=OCSP Responder").keys(TestPki.rsa("responder"));
            if (ocspSigning) {
                spec.extension(new Extension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning).getEncoded()));
            }
            return spec.issueWithKey();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private OcspProblem problemOf(X509Certificate certificate) {
        OcspStatus status = client.check(certificate, CA.certificate());
        assertThat(status.state()).isEqualTo(OcspStatus.State.UNKNOWN);
        return status.problem().orElseThrow();
    }

    @Test
    void aGoodAnswerSignedByTheIssuerIsGood() {
        X509Certificate leaf = leaf();
        responder.good(leaf);

        OcspStatus status = client.check(leaf, CA.certificate());

        assertThat(status.state()).isEqualTo(OcspStatus.State.GOOD);
        assertThat(status.detail()).contains(responder.url()).contains("thisUpdate 2026-01-01T00:00:00Z");
        assertThat(responder.requests()).isEqualTo(1);
    }

    @Test
    void aRevokedAnswerGivesTheTimeAndReason() {
        X509Certificate leaf = leaf();
        responder.revoked(leaf, REVOKED_AT, CRLReason.keyCompromise);

        OcspStatus status = client.check(leaf, CA.certificate());

        assertThat(status.state()).isEqualTo(OcspStatus.State.REVOKED);
        assertThat(status.revokedAt()).contains(REVOKED_AT);
        assertThat(status.reason()).contains("keyCompromise");
    }

    @Test
    void aCertificateTheResponderDoesNotKnowIsUnknown() {
        assertThat(problemOf(leaf())).isEqualTo(OcspProblem.UNKNOWN_CERTIFICATE);
    }

    @Test
    void anAnswerSignedWithAnotherKeyIsRefused() {
        X509Certificate leaf = leaf();
        responder.good(leaf).signedBy(CA.certificate(), TestPki.rsa("rogue").getPrivate());

        assertThat(problemOf(leaf)).isEqualTo(OcspProblem.BAD_SIGNATURE);
    }

    @Test
    void aResponderTheIssuerAuthorisedMaySign() {
        X509Certificate leaf = leaf();
        TestPki.Issued delegate = responderCertificate(CA, true);
        responder.good(leaf).signedBy(delegate.certificate(), delegate.privateKey());

        assertThat(client.check(leaf, CA.certificate()).state()).isEqualTo(OcspStatus.State.GOOD);
    }

    @Test
    void aResponderWithoutOcspSigningOrFromAnotherIssuerMayNot() {
        X509Certificate leaf = leaf();
        TestPki.Issued noUsage = responderCertificate(CA, false);
        responder.good(leaf).signedBy(noUsage.certificate(), noUsage.privateKey());
        OcspStatus status = client.check(leaf, CA.certificate());
        assertThat(status.problem()).contains(OcspProblem.UNAUTHORISED_RESPONDER);
        assertThat(status.detail()).contains("id-kp-OCSPSigning");

        TestPki.Issued foreign = responderCertificate(TestPki.rootCa("CN=Other Root"), true);
        responder.signedBy(foreign.certificate(), foreign.privateKey());
        assertThat(problemOf(leaf)).isEqualTo(OcspProblem.UNAUTHORISED_RESPONDER);
    }

    @Test
    void anAnswerPastItsNextUpdateIsStaleNeverGood() {
        X509Certificate leaf = leaf();
        responder.good(leaf).updates(T0, Duration.ofHours(12));
        clock.advance(Duration.ofHours(12));

        assertThat(problemOf(leaf)).isEqualTo(OcspProblem.STALE);
    }

    @Test
    void anAnswerWithoutNextUpdateIsStaleAfterTheMaximumAge() {
        X509Certificate leaf = leaf();
        responder.good(leaf).updates(T0, null);
        assertThat(client.check(leaf, CA.certificate()).state()).isEqualTo(OcspStatus.State.GOOD);

        clock.advance(OcspClient.DEFAULT_MAX_AGE);
        assertThat(problemOf(leaf)).isEqualTo(OcspProblem.STALE);
    }

    @Test
    void anAnswerFromTheFutureIsRefused() {
        X509Certificate leaf = leaf();
        responder.good(leaf).updates(T0.plus(Duration.ofDays(1)), Duration.ofDays(7));

        assertThat(problemOf(leaf)).isEqualTo(OcspProblem.NOT_YET_VALID);
    }

    @Test
    void anAnswerWithAnotherNonceIsRefused() {
        X509Certificate leaf = leaf();
        responder.good(leaf).mode(TestOcspResponder.Mode.WRONG_NONCE);

        assertThat(problemOf(leaf)).isEqualTo(OcspProblem.NONCE_MISMATCH);
    }

    @Test
    void anAnswerWithoutNonceIsAcceptedUnlessOneIsRequired() {
        X509Certificate leaf = leaf();
        responder.good(leaf).mode(TestOcspResponder.Mode.NO_NONCE);

        assertThat(client.check(leaf, CA.certificate()).state()).isEqualTo(OcspStatus.State.GOOD);
        OcspStatus strict = OcspClient.builder(fetcher, clock).requireNonce(true).build().check(leaf, CA.certificate());
        assertThat(strict.problem()).contains(OcspProblem.NONCE_MISSING);
    }

    @Test
    void anAnswerAboutAnotherCertificateIsRefused() {
        X509Certificate leaf = leaf();
        responder.good(leaf).mode(TestOcspResponder.Mode.OTHER_SERIAL);

        assertThat(problemOf(leaf)).isEqualTo(OcspProblem.CERT_ID_MISMATCH);
    }

    @Test
    void anErrorStatusOrGarbageIsUnknownWithTheProblem() {
        X509Certificate leaf = leaf();
        responder.good(leaf).mode(TestOcspResponder.Mode.TRY_LATER);
        OcspStatus tryLater = client.check(leaf, CA.certificate());
        assertThat(tryLater.problem()).contains(OcspProblem.RESPONDER_ERROR);
        assertThat(tryLater.detail()).contains("tryLater");

        responder.mode(TestOcspResponder.Mode.GARBAGE);
        OcspStatus garbage = client.check(leaf, CA.certificate());
        assertThat(garbage.problem()).contains(OcspProblem.MALFORMED);
        assertThat(garbage.detail()).doesNotContain("maintenance"); // the payload is never repeated
    }

    @Test
    void aResponderThatCannotBeReachedIsAFetchFailure() {
        X509Certificate leaf = leaf();
        responder.close();

        assertThat(problemOf(leaf)).isEqualTo(OcspProblem.FETCH_FAILED);
    }

    @Test
    void aResponderThatFailedIsNotAskedAgainByTheSameClient() {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        UrlFetcher down = new UrlFetcher() {
            @Override
            public byte[] fetch(java.net.URI uri, long maxBytes) {
                throw new AssertionError("POST is supported");
            }

            @Override
            public byte[] post(java.net.URI uri, String contentType, byte[] body, long maxBytes) {
                attempts.incrementAndGet();
                throw new dev.vigil.spi.cert.FetchException(uri, uri + ": connect timed out", null);
            }
        };
        OcspClient runClient = OcspClient.builder(down, clock).build();

        OcspStatus first = runClient.check(leaf(), CA.certificate());
        OcspStatus second = runClient.check(leaf(), CA.certificate());

        assertThat(attempts).hasValue(1);
        assertThat(first.problem()).contains(OcspProblem.FETCH_FAILED);
        assertThat(second.problem()).contains(OcspProblem.FETCH_FAILED);
        assertThat(second.detail()).contains("not asked, it failed earlier").contains("connect timed out");
    }

    @Test
    void aCertificateWithoutResponderHasNone() {
        assertThat(problemOf(TestPki.leaf(CA).issue())).isEqualTo(OcspProblem.NO_RESPONDER);
    }

    @Test
    void aFetcherThatCannotPostSendsTheRequestAsAGet() {
        X509Certificate leaf = leaf();
        responder.good(leaf);
        UrlFetcher getOnly = fetcher::fetch;

        OcspStatus status = OcspClient.builder(getOnly, clock).build().check(leaf, CA.certificate());

        assertThat(status.state()).isEqualTo(OcspStatus.State.GOOD);
    }
}
