package dev.vigil.spi.cert;

import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The host's own certificate policy, checked on top of the CA/Browser Forum rules. Its findings have
 * ids starting with {@code policy_}, except a forbidden wildcard, which raises {@code wildcard_san} from
 * a notice to an error.
 *
 * <pre>{@code
 * CertificatePolicy policy = CertificatePolicy.baseline().forbidWildcards(true).minimumRsaBits(3072);
 * }</pre>
 *
 * @param forbidWildcards whether a wildcard dNSName in an end-entity certificate is an error
 * @param minimumRsaBits the smallest RSA modulus the host accepts, 512 to 16384; below it:
 *        {@code policy_rsa_under_minimum} (only for keys of 2048 bits or more, smaller ones already
 *        get {@code rsa_under_2048})
 * @param allowedKeyTypes the key types the host accepts; not empty; another type:
 *        {@code policy_key_type_not_allowed}
 * @param maxValidityDays the longest end-entity validity the host accepts, counted as the CA/B Forum
 *        rules count it; empty for no limit beyond theirs; over it: {@code policy_validity_over_maximum}
 */
public record CertificatePolicy(boolean forbidWildcards, int minimumRsaBits, Set<KeyType> allowedKeyTypes,
        OptionalInt maxValidityDays) {

    /** Validates the ranges and copies the set. */
    public CertificatePolicy {
        Objects.requireNonNull(allowedKeyTypes, "allowedKeyTypes");
        Objects.requireNonNull(maxValidityDays, "maxValidityDays");
        if (minimumRsaBits < 512 || minimumRsaBits > 16384) {
            throw new IllegalArgumentException("minimumRsaBits must be between 512 and 16384, got " + minimumRsaBits);
        }
        if (allowedKeyTypes.isEmpty()) {
            throw new IllegalArgumentException("allowedKeyTypes must name at least one key type");
        }
        allowedKeyTypes = Set.copyOf(allowedKeyTypes);
        if (maxValidityDays.isPresent() && maxValidityDays.getAsInt() < 1) {
            throw new IllegalArgumentException("maxValidityDays must be at least 1, got " + maxValidityDays.getAsInt());
        }
    }

    /**
     * @return a policy that adds nothing to the CA/B Forum rules: wildcards allowed (a notice), RSA from
     *         2048 bits, RSA and EC keys, no validity limit of its own
     */
    public static CertificatePolicy baseline() {
        return new CertificatePolicy(false, 2048, EnumSet.of(KeyType.RSA, KeyType.EC), OptionalInt.empty());
    }

    /** @return this policy with wildcards forbidden or allowed */
    public CertificatePolicy forbidWildcards(boolean value) {
        return new CertificatePolicy(value, minimumRsaBits, allowedKeyTypes, maxValidityDays);
    }

    /** @return this policy with another RSA minimum @throws IllegalArgumentException outside 512..16384 */
    public CertificatePolicy minimumRsaBits(int bits) {
        return new CertificatePolicy(forbidWildcards, bits, allowedKeyTypes, maxValidityDays);
    }

    /** @return this policy accepting only these key types @throws IllegalArgumentException if none */
    public CertificatePolicy allowedKeyTypes(KeyType first, KeyType... rest) {
        return new CertificatePolicy(forbidWildcards, minimumRsaBits, EnumSet.of(first, rest), maxValidityDays);
    }

    /** @return this policy with a validity limit of its own @throws IllegalArgumentException if under 1 */
    public CertificatePolicy maxValidityDays(int days) {
        return new CertificatePolicy(forbidWildcards, minimumRsaBits, allowedKeyTypes, OptionalInt.of(days));
    }
}
