package dev.vigil.jobs.cert.tlsprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientHelloTest {
    private static final byte[] RANDOM = new byte[32];

    private static FakeTlsServer.Hello parsed(ClientHello hello) throws Exception {
        byte[] wire = hello.toRecord();
        int length = ((wire[3] & 0xFF) << 8) | (wire[4] & 0xFF);
        assertThat(wire).hasSize(5 + length);
        return FakeTlsServer.Hello.parse(new FakeTlsServer.Record(wire[0], ((wire[1] & 0xFF) << 8) | (wire[2] & 0xFF),
                Arrays.copyOfRange(wire, 5, wire.length)));
    }

    @Test
    void heartbeatHelloOffersTls10To12CommonSuitesAndPeerAllowedToSend() throws Exception {
        FakeTlsServer.Hello hello = parsed(ClientHello.withHeartbeat("www.example.com", RANDOM));

        assertThat(hello.recordVersion()).isEqualTo(0x0301);
        assertThat(hello.clientVersion()).isEqualTo(0x0303);
        assertThat(hello.cipherSuites()).contains(0xC02F, 0x002F, 0x00FF).doesNotContain(0x1301);
        assertThat(hello.extensionTypes()).containsExactly(0, 10, 11, 13, 15);
        assertThat(hello.heartbeatExtension()).containsExactly(1);
        assertThat(hello.serverName()).isEqualTo("www.example.com");
    }

    @Test
    void heartbeatHelloSendsNoServerNameForIpLiterals() throws Exception {
        assertThat(parsed(ClientHello.withHeartbeat("192.0.2.7", RANDOM)).serverName()).isNull();
        assertThat(parsed(ClientHello.withHeartbeat("2001:db8::1", RANDOM)).serverName()).isNull();
    }

    @Test
    void serverNameIsAsciiWithoutTrailingDot() {
        assertThat(ClientHello.serverName("www.example.com.")).hasValueSatisfying(
                name -> assertThat(new String(name, StandardCharsets.US_ASCII)).isEqualTo("www.example.com"));
        assertThat(ClientHello.serverName("bücher.example")).hasValueSatisfying(
                name -> assertThat(new String(name, StandardCharsets.US_ASCII)).isEqualTo("xn--bcher-kva.example"));
        assertThat(ClientHello.serverName("bad host!")).isEmpty();
        assertThat(ClientHello.serverName(".")).isEmpty();
    }

    @Test
    void sslv3HelloOffersOnlySslv3CbcSuitesWithoutExtensions() throws Exception {
        FakeTlsServer.Hello hello = parsed(ClientHello.sslv3CbcOnly(RANDOM));

        assertThat(hello.recordVersion()).isEqualTo(0x0300);
        assertThat(hello.clientVersion()).isEqualTo(0x0300);
        assertThat(hello.cipherSuites()).containsExactlyElementsOf(CipherSuites.SSL3_CBC.keySet())
                .doesNotContain(0x5600, 0x00FF);
        assertThat(CipherSuites.SSL3_CBC.values()).allSatisfy(name -> assertThat(name).contains("_CBC_"));
        assertThat(hello.extensionTypes()).isEmpty();
    }

    @Test
    void helloRejectsAShortRandomAndNoSuites() {
        assertThatThrownBy(() -> new ClientHello(0x0303, 0x0303, new byte[31], List.of(0x002F), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new ClientHello(0x0303, 0x0303, RANDOM, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cipher suite");
    }
}
