package dev.vigil.jobs.cert.ct;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts the SCTs a certificate embeds without a log list, for reports that show the count even
 * when CT compliance is not checked. Counts as {@link CtReport#sctCount()} does.
 */
public final class EmbeddedSctCount {
    private EmbeddedSctCount() {
    }

    /**
     * @param certificate the certificate; not null
     * @return how many SCTs its SCT list extension holds; 0 when it has none or the list is malformed
     * @throws NullPointerException if {@code certificate} is null
     */
    public static int of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        try {
            Optional<byte[]> tls = EmbeddedSctList.tlsBytes(certificate);
            return tls.isEmpty() ? 0 : EmbeddedSctList.parse(tls.get()).size();
        } catch (CtFormatException e) {
            return 0;
        }
    }
}
