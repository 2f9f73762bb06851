package dev.vigil.jobs.cert.tlsprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbeSettingsTest {
    @Test
    void defaultsAreFiveSecondsAnd64KiB() {
        ProbeSettings defaults = ProbeSettings.defaults();

        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.maxBytes()).isEqualTo(65536);
        assertThat(defaults.withReadTimeout(Duration.ofMillis(200)).readTimeout()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void timeoutsMustBePositiveAndBounded() {
        ProbeSettings defaults = ProbeSettings.defaults();

        assertThatThrownBy(() -> defaults.withConnectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout must be positive");
        assertThatThrownBy(() -> defaults.withReadTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> defaults.withReadTimeout(Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one millisecond");
        assertThatThrownBy(() -> defaults.withReadTimeout(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most PT5M");
        assertThatThrownBy(() -> defaults.withReadTimeout(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void byteCapMustBeInRange() {
        assertThatThrownBy(() -> ProbeSettings.defaults().withMaxBytes(100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes must be from 1024");
        assertThatThrownBy(() -> ProbeSettings.defaults().withMaxBytes(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 2147483647");
    }

    @Test
    void resultDetailMustBeOneNonBlankLine() {
        InetSocketAddress endpoint = InetSocketAddress.createUnresolved("example.com", 443);

        assertThatThrownBy(() -> new ProbeResult(endpoint, TlsVulnerability.POODLE, ProbeOutcome.ERROR, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeResult(endpoint, TlsVulnerability.POODLE, ProbeOutcome.ERROR, "a\nb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ProbeResult(endpoint, TlsVulnerability.POODLE, ProbeOutcome.ERROR, "why").vulnerable()).isFalse();
        assertThat(TlsVulnerability.HEARTBLEED.cve()).isEqualTo("CVE-2014-0160");
    }
}
