package dev.vigil.jobs.cert.caa;

import java.time.Duration;
import java.util.Objects;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;

/**
 * Looks up the CAA RRset of one DNS name, following aliases (CNAME, DNAME) as DNS resolution does. The
 * host may supply its own; the default runs on dnsjava.
 */
public interface CaaLookup {

    /**
     * @param domain an absolute DNS name without the trailing dot, lower case, e.g. {@code www.example.com}
     * @return the answer; a DNS problem is a {@link CaaAnswer.Status#FAILED} answer, never an exception
     */
    CaaAnswer lookup(String domain);

    /**
     * @param resolver the dnsjava resolver to query, with its own timeout; not null
     * @return a lookup that asks {@code resolver} through dnsjava's {@link org.xbill.DNS.Lookup}, without
     *         the hosts file, the search path or dnsjava's shared cache
     */
    static CaaLookup dnsjava(Resolver resolver) {
        return new DnsjavaCaaLookup(Objects.requireNonNull(resolver, "resolver"));
    }

    /**
     * @param timeout how long to wait for each query; positive
     * @return a dnsjava lookup asking the system's configured name servers
     */
    static CaaLookup systemResolvers(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        ExtendedResolver resolver = new ExtendedResolver();
        resolver.setTimeout(timeout);
        return dnsjava(resolver);
    }
}
