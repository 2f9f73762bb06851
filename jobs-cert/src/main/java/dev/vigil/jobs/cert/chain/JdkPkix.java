package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.Certificates.describe;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's "PKIX" path builder and validator, with revocation checking off, and the mapping of their
 * failure reasons to {@link ChainStatus} ids.
 */
final class JdkPkix {
    private static final Logger LOG = LoggerFactory.getLogger(JdkPkix.class);

    private static final Map<CertPathValidatorException.Reason, ChainStatus> REASONS = Map.ofEntries(
            Map.entry(CertPathValidatorException.BasicReason.EXPIRED, ChainStatus.EXPIRED),
            Map.entry(CertPathValidatorException.BasicReason.NOT_YET_VALID, ChainStatus.NOT_YET_VALID),
            Map.entry(CertPathValidatorException.BasicReason.INVALID_SIGNATURE, ChainStatus.INVALID_SIGNATURE),
            Map.entry(CertPathValidatorException.BasicReason.REVOKED, ChainStatus.REVOKED),
            Map.entry(PKIXReason.NOT_CA_CERT, ChainStatus.NOT_CA_CERT),
            Map.entry(PKIXReason.PATH_TOO_LONG, ChainStatus.PATH_TOO_LONG),
            Map.entry(PKIXReason.INVALID_KEY_USAGE, ChainStatus.KEY_USAGE),
            Map.entry(PKIXReason.INVALID_NAME, ChainStatus.NAME_CONSTRAINTS));

    private JdkPkix() {
    }

    /**
     * @return the id for a reason of the JDK's validator; {@link ChainStatus#OTHER} for reasons Vigil has no
     *         id for (a disabled algorithm, an unrecognised critical extension, a policy, an undetermined
     *         revocation status, no reason)
     */
    static ChainStatus statusOf(CertPathValidatorException.Reason reason) {
        return REASONS.getOrDefault(reason, ChainStatus.OTHER);
    }

    /**
     * Asks the JDK's builder for a path that validates.
     *
     * @return the path, trust anchor last; empty when the builder finds none
     */
    static Optional<PathSearch.Path> build(X509Certificate leaf, Collection<X509Certificate> pool,
            Set<TrustAnchor> anchors, Instant at) {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            List<X509Certificate> store = new ArrayList<>(pool);
            store.add(leaf);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            parameters.setMaxPathLength(PathSearch.MAX_PATH_CERTIFICATES - 2);
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX")
                    .build(parameters);
            List<X509Certificate> path = new ArrayList<>();
            result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
            path.add(result.getTrustAnchor().getTrustedCert());
            return Optional.of(new PathSearch.Path(path, true));
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("the JDK found no valid path for {}: {}", describe(leaf), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Validates a complete path with the JDK's validator, which stops at the first problem.
     *
     * @param path a path whose last certificate is a trust anchor
     * @return the problem the JDK found, empty when it found none
     */
    static Optional<ChainProblem> validate(PathSearch.Path path, Instant at) {
        List<X509Certificate> certificates = path.certificates();
        if (certificates.size() < 2) {
            return Optional.empty();
        }
        List<X509Certificate> belowAnchor = certificates.subList(0, certificates.size() - 1);
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(belowAnchor);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(path.last(), null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            int index = e.getIndex() >= 0 && e.getIndex() < belowAnchor.size() ? e.getIndex() : 0;
            String detail = "the JDK's PKIX validator says: " + e.getMessage();
            return Optional.of(new ChainProblem(statusOf(e.getReason()), index, describe(certificates.get(index)),
                    detail));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of(new ChainProblem(ChainStatus.OTHER, 0, describe(certificates.get(0)),
                    "the JDK's PKIX validator could not run: " + e));
        }
    }
}
