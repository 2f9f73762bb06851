package dev.vigil.jobs.cert.caa;

import dev.vigil.spi.cert.CaaAnswer;
import dev.vigil.spi.cert.CaaLookup;
import dev.vigil.spi.cert.CaaProperty;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link CaaLookup} on dnsjava's {@link Lookup}, which follows CNAME and DNAME chains (whether the
 * resolver returns the chain in one answer or only its first link) and tells NXDOMAIN, NODATA and
 * failures apart. Each lookup has its own temporary cache, so answers never leak between lookups.
 */
public final class DnsjavaCaaLookup implements CaaLookup {
    private static final Logger LOG = LoggerFactory.getLogger(DnsjavaCaaLookup.class);

    private final Resolver resolver;

    private DnsjavaCaaLookup(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param resolver the dnsjava resolver to query, with its own timeout; not null
     * @return a lookup that asks {@code resolver} through dnsjava's {@link Lookup}, without the hosts file,
     *         the search path or dnsjava's shared cache
     * @throws NullPointerException if {@code resolver} is null
     */
    public static CaaLookup using(Resolver resolver) {
        return new DnsjavaCaaLookup(Objects.requireNonNull(resolver, "resolver"));
    }

    /**
     * @param timeout how long to wait for each query; positive
     * @return a lookup asking the system's configured name servers
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public static CaaLookup system(Duration timeout) {
        return using(withTimeout(new ExtendedResolver(), timeout));
    }

    /**
     * @param timeout how long to wait for each query; positive
     * @param servers the recursive name servers to ask, in order; at least one
     * @return a lookup asking those name servers
     * @throws IllegalArgumentException if {@code timeout} is not positive or no server is given
     */
    public static CaaLookup servers(Duration timeout, List<InetSocketAddress> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one name server is needed");
        }
        Resolver[] resolvers = servers.stream().map(SimpleResolver::new).toArray(Resolver[]::new);
        return using(withTimeout(new ExtendedResolver(resolvers), timeout));
    }

    private static ExtendedResolver withTimeout(ExtendedResolver resolver, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        resolver.setTimeout(timeout);
        return resolver;
    }

    @Override
    public CaaAnswer lookup(String domain) {
        Name name;
        try {
            name = Name.fromString(domain, Name.root);
        } catch (TextParseException e) {
            return CaaAnswer.failed("not a DNS name: " + e.getMessage());
        }
        Lookup lookup = new Lookup(name, Type.CAA, DClass.IN);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        lookup.setHostsFileParser(null);
        try {
            lookup.run();
        } catch (RuntimeException e) {
            LOG.debug("CAA lookup of {} failed", domain, e);
            return CaaAnswer.failed("lookup failed: " + e);
        }
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL:
                return records(lookup);
            case Lookup.TYPE_NOT_FOUND:
                return CaaAnswer.noData();
            case Lookup.HOST_NOT_FOUND:
                return CaaAnswer.nxDomain();
            default:
                LOG.debug("CAA lookup of {} failed: {}", domain, lookup.getErrorString());
                return CaaAnswer.failed(lookup.getErrorString());
        }
    }

    private static CaaAnswer records(Lookup lookup) {
        List<CaaProperty> properties = new ArrayList<>();
        Name owner = null;
        for (Record record : lookup.getAnswers()) {
            if (record instanceof CAARecord caa) {
                owner = caa.getName();
                properties.add(new CaaProperty(caa.getFlags(), caa.getTag(),
                        new String(caa.getValueAsByteArray(), StandardCharsets.ISO_8859_1)));
            }
        }
        if (properties.isEmpty()) {
            return CaaAnswer.failed("a successful answer without CAA records");
        }
        if (lookup.getAliases().length == 0) {
            return CaaAnswer.records(properties);
        }
        String canonical = owner.toString(true).toLowerCase(java.util.Locale.ROOT);
        return CaaAnswer.records(properties, canonical);
    }
}
