package dev.vigil.jobs.cert.chain;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.cert.FetchException;
import dev.vigil.spi.cert.UrlFetcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * Certificates and fakes for the chain tests. TestPki shares keys by subject, so tests reuse a few subjects
 * to keep RSA key generation low.
 */
final class ChainFixtures {
    static final TestPki.Issued ROOT = TestPki.rootCa("CN=Chain Root");
    static final TestPki.Issued INTERMEDIATE = TestPki.intermediate(ROOT, "CN=Chain Int").issueWithKey();

    private ChainFixtures() {
    }

    /** @return a nameConstraints extension permitting and excluding those DNS name subtrees */
    static Extension dnsNameConstraints(List<String> permitted, List<String> excluded) {
        try {
            return new Extension(Extension.nameConstraints, true,
                    new NameConstraints(subtrees(permitted), subtrees(excluded)).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GeneralSubtree[] subtrees(List<String> names) {
        return names.isEmpty() ? null : names.stream()
                .map(n -> new GeneralSubtree(new GeneralName(GeneralName.dNSName, n)))
                .toArray(GeneralSubtree[]::new);
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a certs-only PKCS#7 SignedData holding the certificates, as some CAs serve caIssuers */
    static byte[] pkcs7(X509Certificate... certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(List.of(certificates)));
            return generator.generate(new CMSAbsentContent()).getEncoded();
        } catch (CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves fixed answers per URL, fails for the others, and counts the calls per URL. */
    static final class FakeUrlFetcher implements UrlFetcher {
        private final Map<URI, byte[]> answers = new HashMap<>();
        private final Map<URI, AtomicInteger> calls = new HashMap<>();

        FakeUrlFetcher serve(String url, byte[] body) {
            answers.put(URI.create(url), body);
            return this;
        }

        @Override
        public synchronized byte[] fetch(URI caIssuersUrl, long maxBytes) {
            calls.computeIfAbsent(caIssuersUrl, u -> new AtomicInteger()).incrementAndGet();
            byte[] body = answers.get(caIssuersUrl);
            if (body == null) {
                throw new FetchException(caIssuersUrl, "connection refused by " + caIssuersUrl.getHost(), null);
            }
            return body;
        }

        synchronized int calls(String url) {
            AtomicInteger n = calls.get(URI.create(url));
            return n == null ? 0 : n.get();
        }

        synchronized int totalCalls() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }
}
