package dev.vigil.jobs.cert.tlsprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ServerHelloTest {
    @Test
    void helloWithoutExtensionsGivesItsVersionAndSuite() throws Exception {
        ServerHello hello = ServerHello.parse(FakeTlsServer.serverHello(0x0300, 0x002F));

        assertThat(hello.negotiatedVersion()).isEqualTo(0x0300);
        assertThat(hello.cipherSuite()).isEqualTo(0x002F);
        assertThat(hello.extensions()).isEmpty();
        assertThat(hello.heartbeatMode()).isEmpty();
    }

    @Test
    void supportedVersionsOverridesTheLegacyVersion() throws Exception {
        ServerHello hello = ServerHello.parse(FakeTlsServer.serverHello(0x0303, 0x1301,
                FakeTlsServer.extension(43, (byte) 3, (byte) 4)));

        assertThat(hello.serverVersion()).isEqualTo(0x0303);
        assertThat(hello.negotiatedVersion()).isEqualTo(0x0304);
    }

    @Test
    void heartbeatExtensionGivesTheServersMode() throws Exception {
        ServerHello hello = ServerHello.parse(FakeTlsServer.serverHello(0x0303, 0xC02F,
                FakeTlsServer.extension(0xFF01, (byte) 0), FakeTlsServer.extension(15, (byte) 2)));

        assertThat(hello.heartbeatMode()).contains(2);
    }

    @Test
    void truncatedHelloIsAProbeFailureNotAnIndexError() {
        byte[] body = FakeTlsServer.serverHello(0x0303, 0xC02F, FakeTlsServer.extension(15, (byte) 1));

        assertThatThrownBy(() -> ServerHello.parse(Arrays.copyOf(body, 20)))
                .isInstanceOf(ProbeFailure.class).hasMessageStartingWith("malformed ServerHello");
        assertThatThrownBy(() -> ServerHello.parse(Arrays.copyOf(body, body.length - 1)))
                .isInstanceOf(ProbeFailure.class).hasMessageStartingWith("malformed ServerHello");
    }

    @Test
    void malformedExtensionsAreProbeFailures() throws Exception {
        ServerHello badVersions = ServerHello.parse(FakeTlsServer.serverHello(0x0303, 0x1301,
                FakeTlsServer.extension(43, (byte) 3)));
        ServerHello badHeartbeat = ServerHello.parse(FakeTlsServer.serverHello(0x0303, 0xC02F,
                FakeTlsServer.extension(15)));

        assertThatThrownBy(badVersions::negotiatedVersion).isInstanceOf(ProbeFailure.class)
                .hasMessageContaining("supported_versions");
        assertThatThrownBy(badHeartbeat::heartbeatMode).isInstanceOf(ProbeFailure.class)
                .hasMessageContaining("heartbeat extension of 0 bytes");
    }
}
