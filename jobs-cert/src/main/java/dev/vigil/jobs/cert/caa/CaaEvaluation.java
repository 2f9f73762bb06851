package dev.vigil.jobs.cert.caa;

import dev.vigil.spi.cert.CaaProperty;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a relevant CAA RRset lets a CA issue for one name (RFC 8659 §4, RFC 8657):
 *
 * <ol>
 *   <li>A critical property with a tag this checker does not understand forbids issuance.
 *   <li>For a wildcard name, the {@code issuewild} properties govern when there is at least one;
 *       otherwise, and for every other name, the {@code issue} properties govern.
 *   <li>No governing property: CAA does not restrict issuance (e.g. an RRset with only {@code iodef}).
 *   <li>A governing property authorises the CA when its value parses, names one of the CA's issuer
 *       domain names (case-insensitive), and its {@code accounturi} and {@code validationmethods}
 *       parameters, when present and when the CA's configuration names accounts or methods, match.
 *       Other parameters are ignored. A malformed value or one without an issuer domain name
 *       ({@code ";"}) authorises no one.
 * </ol>
 */
final class CaaEvaluation {
    /**
     * Tags whose meaning is understood: RFC 8659's three, the CA/B Forum's contact tags, and the tags
     * for e-mail (RFC 9495) and VMC certificates, which do not govern TLS issuance.
     */
    static final Set<String> UNDERSTOOD_TAGS = Set.of("issue", "issuewild", "iodef", "contactemail", "contactphone",
            "issuemail", "issuevmc");

    private CaaEvaluation() {
    }

    /**
     * @param relevantDomain where the climb found the RRset
     * @param canonicalName where the RRset really is, when {@code relevantDomain} is an alias
     */
    static CaaNameResult decide(String name, boolean wildcard, String relevantDomain, Optional<String> canonicalName,
            List<CaaProperty> rrset, CaaIssuer issuer) {
        Optional<String> at = Optional.of(relevantDomain);
        String where = relevantDomain + canonicalName.map(c -> " (an alias for " + c + ")").orElse("");
        for (CaaProperty property : rrset) {
            if (property.critical() && !UNDERSTOOD_TAGS.contains(property.tag().toLowerCase(Locale.ROOT))) {
                return new CaaNameResult(name, wildcard, CaaOutcome.NOT_AUTHORISED, at, Optional.of(property),
                        "the CAA RRset at " + where + " has a critical property with the unknown tag '"
                                + property.tag() + "'");
            }
        }
        List<CaaProperty> issueWild = rrset.stream().filter(p -> p.hasTag("issuewild")).toList();
        boolean byIssueWild = wildcard && !issueWild.isEmpty();
        String tag = byIssueWild ? "issuewild" : "issue";
        List<CaaProperty> governing = byIssueWild ? issueWild : rrset.stream().filter(p -> p.hasTag("issue")).toList();
        if (governing.isEmpty()) {
            return new CaaNameResult(name, wildcard, CaaOutcome.AUTHORISED, at, Optional.empty(),
                    "the CAA RRset at " + where + " has no " + (wildcard ? "issuewild or issue" : "issue")
                            + " property, so it does not restrict issuance");
        }
        Refusal closest = null;
        for (CaaProperty property : governing) {
            Optional<IssueValue> parsed = IssueValue.parse(property.value());
            Refusal refusal;
            if (parsed.isEmpty()) {
                refusal = new Refusal(property, 1, "a malformed " + tag + " value authorises no CA");
            } else if (parsed.get().issuerDomainName().isEmpty()) {
                refusal = new Refusal(property, 1, tag + " without an issuer domain name forbids issuance");
            } else if (!issuer.domains().contains(parsed.get().issuerDomainName().get())) {
                refusal = new Refusal(property, 0, null);
            } else {
                Optional<String> mismatch = parameterMismatch(parsed.get(), issuer);
                if (mismatch.isEmpty()) {
                    return new CaaNameResult(name, wildcard, CaaOutcome.AUTHORISED, at, Optional.of(property),
                            "the CAA RRset at " + where + " authorises " + parsed.get().issuerDomainName().get()
                                    + " by " + tag);
                }
                refusal = new Refusal(property, 2, mismatch.get());
            }
            if (closest == null || refusal.rank > closest.rank) {
                closest = refusal;
            }
        }
        String why = closest.reason != null ? closest.reason
                : "no " + tag + " property names " + String.join(" or ", issuer.domains().stream().sorted().toList());
        return new CaaNameResult(name, wildcard, CaaOutcome.NOT_AUTHORISED, at, Optional.of(closest.property),
                "the CAA RRset at " + where + " does not authorise the CA: " + why);
    }

    private static Optional<String> parameterMismatch(IssueValue value, CaaIssuer issuer) {
        String account = value.parameters().get("accounturi");
        if (account != null && !issuer.accountUris().isEmpty() && !issuer.accountUris().contains(account)) {
            return Optional.of("accounturi " + account + " is not the CA account");
        }
        String methods = value.parameters().get("validationmethods");
        if (methods != null) {
            List<String> listed = List.of(methods.split(",", -1));
            if (listed.stream().anyMatch(m -> !IssueValue.isMethodLabel(m))) {
                return Optional.of("malformed validationmethods '" + methods + "'");
            }
            Set<String> ours = issuer.validationMethods();
            if (!ours.isEmpty() && listed.stream().noneMatch(ours::contains)) {
                return Optional.of("validationmethods " + methods + " does not allow the CA's method "
                        + String.join(" or ", issuer.validationMethods().stream().sorted().toList()));
            }
        }
        return Optional.empty();
    }

    /**
     * A governing property that did not authorise the CA; the highest rank is reported: one naming the
     * CA with a parameter mismatch (2), one that forbids or is malformed (1), one naming another CA (0).
     */
    private record Refusal(CaaProperty property, int rank, String reason) {
    }
}
