package dev.vigil.spi.cert;

import java.util.List;

/**
 * The host's internal and custom certificate authorities whose CRLs Vigil publishes: a host service
 * the job {@code cert.crl-publish} requires. Implementations must be safe for use by several
 * threads at once.
 *
 * <pre>{@code
 * Vigil.builder()
 *      .service(InternalCas.class, () -> List.of(new HsmBackedCa("issuing-ca-1", hsm, database)))
 *      ...
 * }</pre>
 */
@FunctionalInterface
public interface InternalCas {

    /**
     * @return the CAs whose CRLs are due to be regenerated, each with a distinct
     *     {@link InternalCa#id()}; not null, possibly empty
     * @throws RuntimeException if the host cannot list them; the run fails
     */
    List<InternalCa> internalCas();
}
