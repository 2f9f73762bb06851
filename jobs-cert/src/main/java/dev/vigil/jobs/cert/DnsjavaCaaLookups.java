package dev.vigil.jobs.cert;

import dev.vigil.jobs.cert.caa.DnsjavaCaaLookup;
import dev.vigil.spi.cert.CaaLookup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The default {@link CaaLookup}s, on dnsjava: {@code cert.caa-check} uses {@link #system(Duration)} when
 * the host registers no {@code CaaLookup}; a host that wants other name servers registers
 * {@link #servers(Duration, List)}. Each lookup follows CNAME and DNAME aliases, tells NXDOMAIN, NODATA and
 * failures apart, and keeps no cache between lookups (the job remembers answers for one run).
 *
 * <pre>{@code
 * Vigil.builder().service(CaaLookup.class, DnsjavaCaaLookups.servers(Duration.ofSeconds(3),
 *         List.of(new InetSocketAddress("10.0.0.53", 53))))
 * }</pre>
 */
public final class DnsjavaCaaLookups {

    private DnsjavaCaaLookups() {
    }

    /**
     * @param timeout how long to wait for each query; positive
     * @return a lookup asking the name servers the system is configured with
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws NullPointerException if {@code timeout} is null
     */
    public static CaaLookup system(Duration timeout) {
        return DnsjavaCaaLookup.system(timeout);
    }

    /**
     * @param timeout how long to wait for each query; positive
     * @param servers the recursive name servers to ask, in order; at least one; not null
     * @return a lookup asking those name servers
     * @throws IllegalArgumentException if {@code timeout} is not positive or {@code servers} is empty
     * @throws NullPointerException if an argument or a server is null
     */
    public static CaaLookup servers(Duration timeout, List<InetSocketAddress> servers) {
        return DnsjavaCaaLookup.servers(timeout, List.copyOf(servers));
    }
}
