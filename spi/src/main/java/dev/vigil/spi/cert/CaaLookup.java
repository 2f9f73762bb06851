package dev.vigil.spi.cert;

/**
 * Looks up the CAA RRset (RFC 8659) of one DNS name, following aliases (CNAME, DNAME) as DNS resolution
 * does, for {@code cert.caa-check}. Optional: a host registers its own to use a particular resolver, a
 * DNSSEC-validating one or a test double; without one the job asks the system's name servers through
 * dnsjava ({@code dev.vigil.jobs.cert.DnsjavaCaaLookups}).
 *
 * <p>The job climbs from each name towards the root itself (RFC 8659 §3) and asks once per name it
 * visits; an implementation answers for exactly the name it is given. Implementations must be safe for
 * use by several threads at once and must bound each lookup in time.
 */
@FunctionalInterface
public interface CaaLookup {

    /**
     * Looks up the CAA records of one name.
     *
     * @param domain an absolute DNS name without the trailing dot, lower case, e.g. {@code www.example.com};
     *        not null
     * @return the answer, never null; a DNS problem (SERVFAIL, REFUSED, timeout, an alias loop) is a
     *         {@link CaaAnswer.Status#FAILED} answer, never an exception, and is never read as a permission
     */
    CaaAnswer lookup(String domain);
}
