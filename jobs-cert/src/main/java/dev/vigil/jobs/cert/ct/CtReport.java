package dev.vigil.jobs.cert.ct;

import java.util.List;
import java.util.Objects;

/**
 * The CT verdict on one certificate.
 *
 * @param sctCount how many SCTs the certificate embeds (0 when it has none or the list is malformed)
 * @param scts one result per SCT, in the certificate's order
 * @param policy the verdict under Chrome's CT policy; not null
 * @param reasons why the certificate is not compliant: the policy requirements it misses, then the
 *        problem of each SCT that did not count; empty when compliant
 */
public record CtReport(int sctCount, List<SctResult> scts, CtCompliance policy, List<CtReason> reasons) {

    /** Copies the lists and checks that the verdict and the reasons agree. */
    public CtReport {
        scts = List.copyOf(scts);
        Objects.requireNonNull(policy, "policy");
        reasons = List.copyOf(reasons);
        if (sctCount < 0) {
            throw new IllegalArgumentException("sctCount must not be negative, got " + sctCount);
        }
        if ((policy == CtCompliance.COMPLIANT) != reasons.isEmpty()) {
            throw new IllegalArgumentException("a compliant report has no reasons and a non-compliant one has some");
        }
    }

    /** @return whether the report carries a reason of that kind */
    public boolean hasReason(CtReason.Kind kind) {
        return reasons.stream().anyMatch(r -> r.kind() == kind);
    }
}
