package dev.vigil.jobs.cert.ocsp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.jobs.cert.testing.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * An OCSP responder on loopback (the JDK's HTTP server) that answers with BouncyCastle, signed by
 * the issuer or a delegated responder, and that can misbehave on purpose: another signing key, stale
 * or future times, a wrong nonce, no nonce, another serial, an error status, garbage. Answers POST
 * and GET. Close it after the test.
 */
public final class TestOcspResponder implements AutoCloseable {
    /** How the responder misbehaves. */
    public enum Mode { NORMAL, WRONG_NONCE, NO_NONCE, OTHER_SERIAL, TRY_LATER, GARBAGE }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final TestPki.Issued issuer;
    private final Map<BigInteger, CertificateStatus> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile X509Certificate signerCertificate;
    private volatile PrivateKey signerKey;
    private volatile Instant thisUpdate = Instant.parse("2026-01-01T00:00:00Z");
    private volatile Duration validity = Duration.ofDays(7);
    private volatile Mode mode = Mode.NORMAL;

    private TestOcspResponder(TestPki.Issued issuer) throws IOException {
        this.issuer = issuer;
        this.signerCertificate = issuer.certificate();
        this.signerKey = issuer.privateKey();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    /** @return a responder for the certificates of {@code issuer}, signing with the issuer's key, unknown to it until told */
    public static TestOcspResponder start(TestPki.Issued issuer) {
        try {
            return new TestOcspResponder(issuer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the responder's URL */
    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/ocsp";
    }

    /** @return this, answering good for the certificate */
    public TestOcspResponder good(X509Certificate certificate) {
        statuses.put(certificate.getSerialNumber(), GOOD);
        return this;
    }

    /** @return this, answering revoked at {@code at} with the reason code for the certificate */
    public TestOcspResponder revoked(X509Certificate certificate, Instant at, int reason) {
        statuses.put(certificate.getSerialNumber(), new RevokedStatus(Date.from(at), reason));
        return this;
    }

    /** Signs with another certificate and key: a delegated responder, or a rogue one. @return this */
    public TestOcspResponder signedBy(X509Certificate certificate, PrivateKey key) {
        this.signerCertificate = certificate;
        this.signerKey = key;
        return this;
    }

    /** @param next how long after {@code current} nextUpdate is; null for answers without one @return this */
    public TestOcspResponder updates(Instant current, Duration next) {
        this.thisUpdate = current;
        this.validity = next;
        return this;
    }

    /** @return this, misbehaving as {@code value} says */
    public TestOcspResponder mode(Mode value) {
        this.mode = value;
        return this;
    }

    /** @return how many requests it received */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // CertificateStatus.GOOD is null in BouncyCastle, which a ConcurrentHashMap cannot hold
    private static final CertificateStatus GOOD = new UnknownStatus() {
    };

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try {
            byte[] request;
            if (exchange.getRequestMethod().equals("POST")) {
                request = exchange.getRequestBody().readAllBytes();
            } else {
                String path = exchange.getRequestURI().getRawPath();
                request = java.util.Base64.getDecoder().decode(java.net.URLDecoder.decode(
                        path.substring(path.lastIndexOf('/') + 1), java.nio.charset.StandardCharsets.US_ASCII));
            }
            respond(exchange, 200, build(new OCSPReq(request)));
        } catch (Exception e) {
            respond(exchange, 500, new byte[0]);
        }
    }

    private byte[] build(OCSPReq request) throws Exception {
        if (mode == Mode.GARBAGE) {
            return "<html>responder down for maintenance</html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        if (mode == Mode.TRY_LATER) {
            return new OCSPRespBuilder().build(OCSPRespBuilder.TRY_LATER, null).getEncoded();
        }
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(
                new JcaX509CertificateHolder(signerCertificate).getSubjectPublicKeyInfo(), digests.get(CertificateID.HASH_SHA1)));
        for (Req r : request.getRequestList()) {
            CertificateID id = r.getCertID();
            if (mode == Mode.OTHER_SERIAL) {
                id = new CertificateID(digests.get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer.certificate()),
                        id.getSerialNumber().add(BigInteger.ONE));
            }
            CertificateStatus status = statuses.getOrDefault(r.getCertID().getSerialNumber(), new UnknownStatus());
            builder.addResponse(id, status == GOOD ? CertificateStatus.GOOD : status, Date.from(thisUpdate),
                    validity == null ? null : Date.from(thisUpdate.plus(validity)), null);
        }
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (mode == Mode.WRONG_NONCE) {
            nonce = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new DEROctetString(new byte[16]).getEncoded()));
        }
        if (nonce != null && mode != Mode.NO_NONCE) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        String algorithm = signerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        X509CertificateHolder[] chain = signerCertificate.equals(issuer.certificate()) ? null
                : new X509CertificateHolder[] {new JcaX509CertificateHolder(signerCertificate)};
        var basic = builder.build(new JcaContentSignerBuilder(algorithm).build(signerKey), chain, Date.from(thisUpdate));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
