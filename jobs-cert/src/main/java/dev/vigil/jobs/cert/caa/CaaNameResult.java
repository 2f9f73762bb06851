package dev.vigil.jobs.cert.caa;

import dev.vigil.spi.cert.CaaProperty;
import java.util.Objects;
import java.util.Optional;

/**
 * The CAA verdict for one DNS name of a certificate.
 *
 * @param name the name as the certificate gives it, e.g. {@code *.example.com}; not null
 * @param wildcard whether the name is a wildcard ({@code *.} removed before the search)
 * @param outcome the verdict; not null
 * @param relevantDomain where the relevant CAA RRset was found (RFC 8659 §3); empty when there is none
 *        up to the root, or when the lookup failed
 * @param decidingProperty the record that decided: the one that authorised, or the one that refused
 *        (a critical unknown tag, an {@code issue ";"}, the closest non-matching record); empty when no
 *        single record decided (no relevant RRset, no issue property, a lookup failure)
 * @param reason the verdict in words, for people; for {@link CaaOutcome#LOOKUP_FAILED}, the error and
 *        the domain whose lookup failed; not null
 */
public record CaaNameResult(String name, boolean wildcard, CaaOutcome outcome, Optional<String> relevantDomain,
        Optional<CaaProperty> decidingProperty, String reason) {

    /** Validates presence and that a failure carries no RRset. */
    public CaaNameResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(relevantDomain, "relevantDomain");
        Objects.requireNonNull(decidingProperty, "decidingProperty");
        Objects.requireNonNull(reason, "reason");
        if (outcome == CaaOutcome.LOOKUP_FAILED && (relevantDomain.isPresent() || decidingProperty.isPresent())) {
            throw new IllegalArgumentException("a failed lookup has no relevant RRset");
        }
        if (decidingProperty.isPresent() && relevantDomain.isEmpty()) {
            throw new IllegalArgumentException("a deciding property comes from a relevant RRset");
        }
    }
}
