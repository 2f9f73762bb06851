package dev.vigil.jobs.cert.caa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.DnsjavaCaaLookups;
import dev.vigil.spi.cert.CaaAnswer;
import dev.vigil.spi.cert.CaaLookup;
import dev.vigil.spi.cert.CaaProperty;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsjavaCaaLookupTest {
    private final FakeDnsResolver dns = new FakeDnsResolver();
    private final CaaLookup lookup = DnsjavaCaaLookup.using(dns);

    @Test
    void recordsComeBackWithTheirFlagsTagAndValue() {
        dns.caa("example.com", 128, "issue", "letsencrypt.org; validationmethods=dns-01")
                .caa("example.com", 0, "iodef", "mailto:sec@example.com");

        CaaAnswer answer = lookup.lookup("example.com");

        assertThat(answer.status()).isEqualTo(CaaAnswer.Status.RECORDS);
        assertThat(answer.properties()).containsExactlyInAnyOrder(
                new CaaProperty(128, "issue", "letsencrypt.org; validationmethods=dns-01"),
                new CaaProperty(0, "iodef", "mailto:sec@example.com"));
        assertThat(answer.canonicalName()).isEmpty();
    }

    @Test
    void anExistingNameWithoutCaaIsNoDataAndAMissingNameIsNxdomain() {
        dns.exists("example.com");

        assertThat(lookup.lookup("example.com")).isEqualTo(CaaAnswer.noData());
        assertThat(lookup.lookup("missing.example.com")).isEqualTo(CaaAnswer.nxDomain());
    }

    @Test
    void anAliasedAnswerNamesWhereTheRecordsAre() {
        dns.cname("www.example.com", "edge.cdn.example.net").caa("edge.cdn.example.net", 0, "issue", "pki.goog");

        CaaAnswer answer = lookup.lookup("www.example.com");

        assertThat(answer).isEqualTo(CaaAnswer.records(List.of(new CaaProperty(0, "issue", "pki.goog")),
                "edge.cdn.example.net"));
    }

    @Test
    void aCnameLoopIsAFailure() {
        dns.withoutChasingAliases().cname("a.example.com", "b.example.com").cname("b.example.com", "a.example.com");

        CaaAnswer answer = lookup.lookup("a.example.com");

        assertThat(answer.status()).isEqualTo(CaaAnswer.Status.FAILED);
        assertThat(answer.failure()).hasValueSatisfying(f -> assertThat(f).containsIgnoringCase("loop"));
    }

    @Test
    void theSystemResolversNeedAPositiveTimeout() {
        assertThatThrownBy(() -> DnsjavaCaaLookup.system(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThat(DnsjavaCaaLookup.system(Duration.ofSeconds(5))).isInstanceOf(DnsjavaCaaLookup.class);
    }

    @Test
    void namedServersNeedAtLeastOneServerAndAPositiveTimeout() {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);

        assertThatThrownBy(() -> DnsjavaCaaLookups.servers(Duration.ofSeconds(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name server");
        assertThatThrownBy(() -> DnsjavaCaaLookups.servers(Duration.ofSeconds(-1), List.of(local)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThat(DnsjavaCaaLookups.servers(Duration.ofSeconds(1), List.of(local))).isInstanceOf(DnsjavaCaaLookup.class);
        assertThat(DnsjavaCaaLookups.system(Duration.ofSeconds(1))).isInstanceOf(DnsjavaCaaLookup.class);
    }

    @Test
    void servfailIsAFailureWithItsRcode() {
        dns.servfail("example.com");

        assertThat(lookup.lookup("example.com")).isEqualTo(CaaAnswer.failed("SERVFAIL"));
    }
}
