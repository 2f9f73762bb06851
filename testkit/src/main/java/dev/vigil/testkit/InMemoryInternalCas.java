package dev.vigil.testkit;

import dev.vigil.spi.cert.InternalCa;
import dev.vigil.spi.cert.InternalCas;
import dev.vigil.spi.cert.PublishedCrl;
import dev.vigil.spi.cert.RevocationReason;
import dev.vigil.spi.cert.RevokedCertificate;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link InternalCas} in memory, for tests of {@code cert.crl-publish}: each {@link Ca} holds a CA
 * certificate and its {@link PrivateKey}, signs with a JCA {@link Signature}, keeps its revocations
 * and every CRL it published, and can be told to fail the way a real host can (a publication that
 * throws, a publication lost to a concurrent publisher, a signer that returns garbage). Thread-safe.
 *
 * <pre>{@code
 * InMemoryInternalCas cas = new InMemoryInternalCas();
 * InMemoryInternalCas.Ca ca = cas.add("issuing-1", caCertificate.getEncoded(), caKey, Duration.ofDays(7));
 * ca.revoke(leaf.getSerialNumber(), revokedAt, RevocationReason.KEY_COMPROMISE, leaf.getNotAfter().toInstant());
 * JobHarness.forJob(new CrlPublishJob()).service(InternalCas.class, cas).run();
 * byte[] crl = ca.lastPublished().orElseThrow().der();
 * }</pre>
 */
public final class InMemoryInternalCas implements InternalCas {
    private final Map<String, Ca> cas = new LinkedHashMap<>();

    /**
     * Adds a CA, or replaces the one with that id.
     *
     * @param id the CA's id; not blank
     * @param certificate the CA certificate's DER, or any bytes to test a bad certificate; not null
     * @param privateKey the key {@link Ca#sign} signs with; not null
     * @param crlValidity what {@link Ca#crlValidity()} returns; not null
     * @return the CA, for the test to revoke certificates and inspect publications
     * @throws IllegalArgumentException if the id is blank
     */
    public synchronized Ca add(String id, byte[] certificate, PrivateKey privateKey, Duration crlValidity) {
        Ca ca = new Ca(id, certificate, privateKey, crlValidity);
        cas.put(id, ca);
        return ca;
    }

    @Override
    public synchronized List<InternalCa> internalCas() {
        return List.copyOf(cas.values());
    }

    /**
     * @param id a CA id
     * @return the CA with that id; empty if none was added
     */
    public synchronized Optional<Ca> find(String id) {
        return Optional.ofNullable(cas.get(id));
    }

    /** One CA in memory. Thread-safe. */
    public static final class Ca implements InternalCa {
        private final String id;
        private final byte[] certificate;
        private final PrivateKey privateKey;
        private final Duration crlValidity;
        private final Map<BigInteger, RevokedCertificate> revoked = new LinkedHashMap<>();
        private final Set<BigInteger> listedAfterExpiry = new HashSet<>();
        private final List<PublishedCrl> published = new ArrayList<>();
        private final List<String> signatureAlgorithms = new ArrayList<>();
        private RuntimeException nextPublishFailure;
        private boolean loseNextPublishRace;
        private boolean corruptNextSignature;
        private RuntimeException nextSignFailure;

        private Ca(String id, byte[] certificate, PrivateKey privateKey, Duration crlValidity) {
            Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new IllegalArgumentException("A CA id is not blank");
            }
            this.id = id;
            this.certificate = Objects.requireNonNull(certificate, "certificate").clone();
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            this.crlValidity = Objects.requireNonNull(crlValidity, "crlValidity");
        }

        /**
         * Records a revocation, replacing an earlier one of the serial (keeping whether it was listed
         * after expiry).
         *
         * @param serial the certificate's serial; positive; not null
         * @param revokedAt when; not null
         * @param reason why; not null, not {@code REMOVE_FROM_CRL}
         * @param certificateNotAfter the certificate's expiry; not null
         * @return this
         */
        public synchronized Ca revoke(BigInteger serial, Instant revokedAt, RevocationReason reason,
                                      Instant certificateNotAfter) {
            revoked.put(serial, new RevokedCertificate(serial, revokedAt, reason, certificateNotAfter, false));
            return this;
        }

        /**
         * Makes the next {@link #publish} throw {@code failure} without storing anything, as a host
         * that crashes or loses its database before committing.
         *
         * @param failure what to throw; not null
         * @return this
         */
        public synchronized Ca failNextPublish(RuntimeException failure) {
            this.nextPublishFailure = Objects.requireNonNull(failure, "failure");
            return this;
        }

        /**
         * Makes the next {@link #publish} lose to a concurrent publisher: a competitor publishes the
         * same CRL number first (with the same content and marks), and the call returns {@code false}.
         *
         * @return this
         */
        public synchronized Ca loseNextPublishRace() {
            this.loseNextPublishRace = true;
            return this;
        }

        /**
         * Makes the next {@link #sign} return bytes that are not a valid signature of the data.
         *
         * @return this
         */
        public synchronized Ca corruptNextSignature() {
            this.corruptNextSignature = true;
            return this;
        }

        /**
         * Makes the next {@link #sign} throw {@code failure}, as an unreachable HSM.
         *
         * @param failure what to throw; not null
         * @return this
         */
        public synchronized Ca failNextSign(RuntimeException failure) {
            this.nextSignFailure = Objects.requireNonNull(failure, "failure");
            return this;
        }

        /** @return every CRL stored, oldest first */
        public synchronized List<PublishedCrl> published() {
            return List.copyOf(published);
        }

        /** @return the serials recorded as listed on a CRL issued after their certificate's expiry */
        public synchronized Set<BigInteger> listedAfterExpiry() {
            return Set.copyOf(listedAfterExpiry);
        }

        /** @return the signature algorithms {@link #sign} was asked for, in order */
        public synchronized List<String> signatureAlgorithms() {
            return List.copyOf(signatureAlgorithms);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public byte[] certificate() {
            return certificate.clone();
        }

        @Override
        public synchronized byte[] sign(String jcaSignatureAlgorithm, byte[] data) {
            signatureAlgorithms.add(jcaSignatureAlgorithm);
            if (nextSignFailure != null) {
                RuntimeException failure = nextSignFailure;
                nextSignFailure = null;
                throw failure;
            }
            try {
                Signature signature = Signature.getInstance(jcaSignatureAlgorithm);
                signature.initSign(privateKey);
                signature.update(data);
                byte[] out = signature.sign();
                if (corruptNextSignature) {
                    corruptNextSignature = false;
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (byte) (out[i] ^ 0x5A);
                    }
                }
                return out;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("CA " + id + " cannot sign with " + jcaSignatureAlgorithm + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public synchronized List<RevokedCertificate> revoked() {
            return revoked.values().stream().map(r -> new RevokedCertificate(r.serial(), r.revokedAt(), r.reason(),
                    r.certificateNotAfter(), listedAfterExpiry.contains(r.serial()))).toList();
        }

        @Override
        public synchronized Optional<PublishedCrl> lastPublished() {
            return published.isEmpty() ? Optional.empty() : Optional.of(published.get(published.size() - 1));
        }

        @Override
        public Duration crlValidity() {
            return crlValidity;
        }

        @Override
        public synchronized boolean publish(PublishedCrl crl, Set<BigInteger> listedAfterExpiry) {
            Objects.requireNonNull(crl, "crl");
            Set<BigInteger> marks = Set.copyOf(listedAfterExpiry);
            if (nextPublishFailure != null) {
                RuntimeException failure = nextPublishFailure;
                nextPublishFailure = null;
                throw failure;
            }
            boolean lost = loseNextPublishRace;
            loseNextPublishRace = false;
            if (lost) {
                store(crl, marks); // the competitor's identical publication
            }
            Optional<PublishedCrl> last = lastPublished();
            if (last.isPresent() && crl.crlNumber().compareTo(last.get().crlNumber()) <= 0) {
                return false;
            }
            store(crl, marks);
            return true;
        }

        private void store(PublishedCrl crl, Set<BigInteger> marks) {
            published.add(crl);
            this.listedAfterExpiry.addAll(marks);
        }
    }
}
