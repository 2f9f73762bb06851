package dev.vigil.jobs.cert.caa;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a CA is known as in CAA records, as the host configures it for the CA that issued a certificate.
 *
 * <pre>{@code
 * CaaIssuer letsEncrypt = CaaIssuer.of("letsencrypt.org")
 *         .withAccountUris("https://acme-v02.api.letsencrypt.org/acme/acct/123")
 *         .withValidationMethods("dns-01");
 * }</pre>
 *
 * @param domains the CA's issuer domain names (RFC 8659 §4.2), compared without regard to case; stored
 *        lower case; not empty
 * @param accountUris the CA accounts the certificates were requested with (RFC 8657 {@code accounturi});
 *        empty when unknown, and then a record's {@code accounturi} is not checked
 * @param validationMethods the validation methods the CA used (RFC 8657 {@code validationmethods}, e.g.
 *        {@code dns-01}); empty when unknown, and then a record's {@code validationmethods} is not
 *        checked; otherwise a record that lists methods must list one of these
 */
public record CaaIssuer(Set<String> domains, Set<String> accountUris, Set<String> validationMethods) {

    /** Validates the names and copies the sets. */
    public CaaIssuer {
        Objects.requireNonNull(domains, "domains");
        Objects.requireNonNull(accountUris, "accountUris");
        Objects.requireNonNull(validationMethods, "validationMethods");
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("a CA needs at least one issuer domain name, e.g. letsencrypt.org");
        }
        for (String domain : domains) {
            if (!IssueValue.isIssuerDomainName(domain)) {
                throw new IllegalArgumentException("not an issuer domain name (letters, digits, hyphens, dots): '"
                        + domain + "'");
            }
        }
        domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        accountUris = Set.copyOf(accountUris);
        validationMethods = Set.copyOf(validationMethods);
        for (String method : validationMethods) {
            if (!IssueValue.isMethodLabel(method)) {
                throw new IllegalArgumentException("not a validation method label (letters, digits, hyphens): '"
                        + method + "'");
            }
        }
    }

    /** @return a CA known by these issuer domain names, with no account or method configured */
    public static CaaIssuer of(String... domains) {
        return new CaaIssuer(Set.of(domains), Set.of(), Set.of());
    }

    /** @return this CA with these account URIs */
    public CaaIssuer withAccountUris(String... uris) {
        return new CaaIssuer(domains, Set.copyOf(Arrays.asList(uris)), validationMethods);
    }

    /** @return this CA with these validation methods */
    public CaaIssuer withValidationMethods(String... methods) {
        return new CaaIssuer(domains, accountUris, Set.copyOf(Arrays.asList(methods)));
    }
}
