package dev.vigil.jobs.cert.caa;

import java.util.List;

/**
 * The CAA verdict for a certificate: one result per DNS name it certifies.
 *
 * @param names the per-name results, in the certificate's order; empty when the certificate certifies
 *        no DNS name (CAA does not govern IP addresses or other names)
 */
public record CaaReport(List<CaaNameResult> names) {

    /** Copies the list. */
    public CaaReport {
        names = List.copyOf(names);
    }

    /**
     * @return {@link CaaOutcome#NOT_AUTHORISED} when any name is not authorised (whatever the others
     *         say), else {@link CaaOutcome#LOOKUP_FAILED} when any name could not be checked, else
     *         {@link CaaOutcome#AUTHORISED} (also when there are no names)
     */
    public CaaOutcome outcome() {
        if (names.stream().anyMatch(n -> n.outcome() == CaaOutcome.NOT_AUTHORISED)) {
            return CaaOutcome.NOT_AUTHORISED;
        }
        if (names.stream().anyMatch(n -> n.outcome() == CaaOutcome.LOOKUP_FAILED)) {
            return CaaOutcome.LOOKUP_FAILED;
        }
        return CaaOutcome.AUTHORISED;
    }
}
