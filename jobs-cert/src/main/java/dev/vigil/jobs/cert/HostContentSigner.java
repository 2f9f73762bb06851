package dev.vigil.jobs.cert;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A BouncyCastle {@link ContentSigner} whose key stays with the host: it buffers the bytes to be
 * signed (a CRL's or a CSR's) and hands them to a host signing call, such as
 * {@link dev.vigil.spi.cert.InternalCa#sign} or {@link dev.vigil.spi.cert.CertificateKeys#sign}.
 * BouncyCastle wraps what the call throws, so the signer keeps it for the caller's message
 * ({@link #failure()}). One per signature.
 */
final class HostContentSigner implements ContentSigner {
    private final String algorithm;
    private final Function<byte[], byte[]> sign;
    private final AlgorithmIdentifier identifier;
    private final ByteArrayOutputStream toBeSigned = new ByteArrayOutputStream();
    private RuntimeException failure;

    /**
     * @param jcaAlgorithm the JCA name of the signature algorithm, such as {@code SHA256withECDSA}
     * @param sign the host's call: bytes to be signed in, the signature out
     */
    HostContentSigner(String jcaAlgorithm, Function<byte[], byte[]> sign) {
        this.algorithm = jcaAlgorithm;
        this.sign = sign;
        this.identifier = new DefaultSignatureAlgorithmIdentifierFinder().find(jcaAlgorithm);
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return identifier;
    }

    @Override
    public OutputStream getOutputStream() {
        return toBeSigned;
    }

    /** @throws IllegalStateException if the host returned no signature; or what the host threw */
    @Override
    public byte[] getSignature() {
        try {
            byte[] signature = sign.apply(toBeSigned.toByteArray());
            if (signature == null || signature.length == 0) {
                throw new IllegalStateException("the host's sign(" + algorithm + ", ...) returned no signature");
            }
            return signature;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    /** @return what the host's call threw, or why its answer was refused, if it failed */
    Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }
}
