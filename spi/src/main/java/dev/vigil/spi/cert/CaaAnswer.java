package dev.vigil.spi.cert;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a CAA query for one name, as {@link CaaLookup} gives it.
 *
 * @param status what kind of answer; not null
 * @param properties the CAA RRset, not empty exactly when the status is {@link Status#RECORDS}
 * @param canonicalName where the records were found when the name is an alias (CNAME or DNAME);
 *        empty otherwise
 * @param failure why the lookup failed, present exactly when the status is {@link Status#FAILED}
 */
public record CaaAnswer(Status status, List<CaaProperty> properties, Optional<String> canonicalName,
        Optional<String> failure) {

    /** The kind of answer. */
    public enum Status {
        /** NOERROR with a CAA RRset. */
        RECORDS,
        /** NOERROR without CAA records (NODATA). */
        NO_DATA,
        /** The name does not exist (NXDOMAIN). */
        NX_DOMAIN,
        /** No answer: SERVFAIL, REFUSED, timeout, network error, a CNAME loop. */
        FAILED
    }

    /** Validates that the parts match the status and copies the list. */
    public CaaAnswer {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(canonicalName, "canonicalName");
        Objects.requireNonNull(failure, "failure");
        properties = List.copyOf(properties);
        if ((status == Status.RECORDS) == properties.isEmpty()) {
            throw new IllegalArgumentException("properties must be present exactly for RECORDS, status " + status
                    + " with " + properties.size() + " properties");
        }
        if ((status == Status.FAILED) != failure.isPresent()) {
            throw new IllegalArgumentException("failure must be present exactly for FAILED, status " + status);
        }
    }

    /**
     * @param properties the CAA RRset; not empty
     * @return a NOERROR answer with these records, found at the name itself
     * @throws IllegalArgumentException if {@code properties} is empty
     */
    public static CaaAnswer records(List<CaaProperty> properties) {
        return new CaaAnswer(Status.RECORDS, properties, Optional.empty(), Optional.empty());
    }

    /**
     * @param properties the CAA RRset; not empty
     * @param canonicalName where the records are, the alias target, without the trailing dot; not null
     * @return a NOERROR answer with these records, found at {@code canonicalName} by following an alias
     * @throws IllegalArgumentException if {@code properties} is empty
     */
    public static CaaAnswer records(List<CaaProperty> properties, String canonicalName) {
        return new CaaAnswer(Status.RECORDS, properties, Optional.of(canonicalName), Optional.empty());
    }

    /** @return a NODATA answer */
    public static CaaAnswer noData() {
        return new CaaAnswer(Status.NO_DATA, List.of(), Optional.empty(), Optional.empty());
    }

    /** @return an NXDOMAIN answer */
    public static CaaAnswer nxDomain() {
        return new CaaAnswer(Status.NX_DOMAIN, List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * @param reason why, e.g. {@code SERVFAIL}, {@code timed out}; not null
     * @return a failed lookup
     */
    public static CaaAnswer failed(String reason) {
        return new CaaAnswer(Status.FAILED, List.of(), Optional.empty(), Optional.of(reason));
    }
}
