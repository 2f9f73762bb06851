package dev.vigil.jobs.cert.chain;

import dev.vigil.spi.cert.FetchException;
import dev.vigil.spi.cert.ResponseTooLargeException;
import dev.vigil.spi.cert.UrlFetcher;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each caIssuers URL answered during one run, failures included, so that every URL is fetched at most
 * once per run however many certificates point at it, and a dead URL costs one attempt. Make one per run
 * and hand it to every {@link ChainValidator#validate} call of that run. Thread-safe: when several
 * validations want the same URL at once, one fetches and the others wait for its answer.
 */
public final class CaIssuersCache {
    private static final Logger LOG = LoggerFactory.getLogger(CaIssuersCache.class);

    private final ConcurrentMap<URI, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();

    private CaIssuersCache() {
    }

    /** @return an empty cache */
    public static CaIssuersCache create() {
        return new CaIssuersCache();
    }

    /** @return how many URLs have an answer or are being fetched */
    public int size() {
        return answers.size();
    }

    /**
     * What one URL answered: its certificates, or why there are none.
     *
     * @param certificates the certificates served; empty when it failed
     * @param failure why the URL gave no certificate; empty when it succeeded
     */
    record Answer(List<X509Certificate> certificates, Optional<String> failure) {
        Answer {
            certificates = List.copyOf(certificates);
            Objects.requireNonNull(failure, "failure");
            if (certificates.isEmpty() == failure.isEmpty()) {
                throw new IllegalArgumentException("an answer has certificates or a failure, not both");
            }
        }

        static Answer failed(String why) {
            return new Answer(List.of(), Optional.of(why));
        }
    }

    /**
     * An answer and whether this call fetched it.
     *
     * @param answer the URL's answer
     * @param fetched true when this call went to the fetcher, false when the answer came from the cache
     */
    record Lookup(Answer answer, boolean fetched) {
    }

    /**
     * @param fetcher downloads the URL when its answer is not cached
     * @param maxBytes the largest answer accepted; a longer one is a cached failure
     * @param mayFetch whether the caller still has fetches left; without, only a cached answer is returned
     * @return the URL's answer, empty when it is not cached and {@code mayFetch} is false
     */
    Optional<Lookup> lookup(URI url, UrlFetcher fetcher, int maxBytes, boolean mayFetch) {
        CompletableFuture<Answer> known = answers.get(url);
        if (known == null) {
            if (!mayFetch) {
                return Optional.empty();
            }
            CompletableFuture<Answer> mine = new CompletableFuture<>();
            known = answers.putIfAbsent(url, mine);
            if (known == null) {
                Answer answer = Answer.failed("fetch did not finish");
                try {
                    answer = fetch(url, fetcher, maxBytes);
                } finally {
                    mine.complete(answer);
                }
                return Optional.of(new Lookup(answer, true));
            }
        }
        return Optional.of(new Lookup(known.join(), false));
    }

    private static Answer fetch(URI url, UrlFetcher fetcher, int maxBytes) {
        byte[] body;
        try {
            body = fetcher.fetch(url, maxBytes);
        } catch (ResponseTooLargeException e) {
            return Answer.failed("answer larger than the " + maxBytes + " bytes a caIssuers answer may have");
        } catch (FetchException e) {
            LOG.debug("caIssuers {} could not be fetched: {}", FetchException.shown(url), e.getMessage());
            return Answer.failed("fetch failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.debug("caIssuers {} could not be fetched", FetchException.shown(url), e);
            return Answer.failed("fetch failed: " + e);
        }
        if (body == null) {
            return Answer.failed("fetch failed: the fetcher returned no body");
        }
        if (body.length > maxBytes) {
            return Answer.failed("answer of " + body.length + " bytes is larger than the " + maxBytes
                    + " bytes a caIssuers answer may have");
        }
        try {
            List<X509Certificate> certificates = Certificates.parseCaIssuersAnswer(body);
            LOG.debug("caIssuers {} served {} certificate(s)", url, certificates.size());
            return new Answer(certificates, Optional.empty());
        } catch (CertificateException e) {
            LOG.debug("caIssuers {} served no usable certificate: {}", url, e.getMessage());
            return Answer.failed("not DER, PEM or PKCS#7 certificates: " + e.getMessage());
        }
    }
}
