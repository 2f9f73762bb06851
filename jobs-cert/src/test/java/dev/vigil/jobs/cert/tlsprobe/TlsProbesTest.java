package dev.vigil.jobs.cert.tlsprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.jobs.cert.tlsprobe.ServerBehaviours.Heartbeats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TlsProbesTest {
    /** Generous, because only a failing test waits for them and the test machine may be busy. */
    private static final ProbeSettings SETTINGS = ProbeSettings.defaults()
            .withConnectTimeout(Duration.ofSeconds(15)).withReadTimeout(Duration.ofSeconds(15));
    private static final ProbeSettings SHORT_READ = SETTINGS.withReadTimeout(Duration.ofMillis(200));

    private FakeTlsServer server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress serve(FakeTlsServer.Behaviour behaviour) throws IOException {
        server = FakeTlsServer.start(behaviour);
        return server.address();
    }

    @Test
    void serverThatTrustsPayloadLengthIsVulnerableToHeartbleed() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.tls12(Heartbeats.VULNERABLE)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.VULNERABLE);
        assertThat(result.vulnerable()).isTrue();
        assertThat(result.vulnerability()).isEqualTo(TlsVulnerability.HEARTBLEED);
        assertThat(result.endpoint()).isEqualTo(server.address());
        assertThat(result.detail()).contains("echoed 32 bytes").contains("TLS 1.2");
    }

    @Test
    void heartbeatRequestClaimsExactlyItsOwnPayloadAndPadding() throws Exception {
        TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.tls12(Heartbeats.VULNERABLE)));

        FakeTlsServer.Record request = server.heartbeatRequest.get(5, TimeUnit.SECONDS);
        byte[] f = request.fragment();
        int claimed = ((f[1] & 0xFF) << 8) | (f[2] & 0xFF);
        assertThat(f[0]).as("heartbeat_request").isEqualTo((byte) 1);
        assertThat(request.version()).isEqualTo(0x0303);
        assertThat(claimed).as("payload_length ends at the end of our record").isEqualTo(f.length - 3);
        assertThat(f.length - 3 - HeartbleedProbe.PADDING_LENGTH).as("real payload").isEqualTo(16);
        server.close();
        assertThat(server.echoed).hasSize(1);
        byte[] echoed = server.echoed.get(0);
        assertThat(echoed).isEqualTo(Arrays.copyOfRange(f, 3, f.length));
        assertThat(indexOf(echoed, Arrays.copyOf(ServerBehaviours.SERVER_MEMORY, 4))).isNegative();
    }

    @Test
    void resultNeverContainsTheEchoedPayload() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.tls12(Heartbeats.VULNERABLE)));
        server.close();

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.VULNERABLE);
        byte[] echoed = server.echoed.get(0);
        String text = result.toString();
        assertThat(text).contains(result.detail());
        assertThat(text.toLowerCase()).doesNotContain(HexFormat.of().formatHex(echoed));
        assertThat(text).doesNotContain(HexFormat.of().withUpperCase().formatHex(echoed))
                .doesNotContain(new String(echoed, StandardCharsets.ISO_8859_1))
                .doesNotContain(Arrays.toString(echoed))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(echoed));
    }

    @Test
    void patchedServerIsNotVulnerableOnceTheReadTimeoutPasses() throws Exception {
        // One second rather than less: the same timeout also bounds the server's first flight.
        ProbeResult result = TlsProbes.create(SETTINGS.withReadTimeout(Duration.ofSeconds(1)))
                .heartbleed(serve(ServerBehaviours.tls12(Heartbeats.PATCHED)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.detail()).contains("no heartbeat response within 1000 ms").contains("discarded");
        assertThat(server.heartbeatRequest).isDone();
        server.close();
        assertThat(server.echoed).isEmpty();
    }

    @Test
    void serverAlertingOnTheMalformedHeartbeatIsNotVulnerable() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.tls12(Heartbeats.ALERTS)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.detail()).contains("with fatal alert decode_error(50)");
    }

    @Test
    void serverClosingOnTheMalformedHeartbeatIsNotVulnerable() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.tls12(Heartbeats.CLOSES)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.detail()).containsAnyOf("closed the connection", "reset the connection");
    }

    @Test
    void serverEchoingOnlyWhatTheRecordHoldsIsNotVulnerable() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.tls12(Heartbeats.CLIPS)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.detail()).contains("with 16 bytes, none beyond the payload");
    }

    @Test
    void serverWithoutHeartbeatExtensionIsNotVulnerableAndGetsNoHeartbeat() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS)
                .heartbleed(serve(ServerBehaviours.tls12(Heartbeats.NOT_NEGOTIATED)));
        server.close();

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.detail()).contains("did not accept the heartbeat extension");
        assertThat(server.heartbeatRequest).isNotDone();
        assertThat(server.failures).isEmpty();
    }

    @Test
    void heartbleedProbeOffersTls12AndBelowWithTheHeartbeatExtension() throws Exception {
        int port = serve(ServerBehaviours.tls12(Heartbeats.NOT_NEGOTIATED)).getPort();

        TlsProbes.create(SETTINGS).heartbleed(new InetSocketAddress("localhost", port));

        FakeTlsServer.Hello hello = server.clientHello.get(5, TimeUnit.SECONDS);
        assertThat(hello.recordVersion()).isEqualTo(0x0301);
        assertThat(hello.clientVersion()).isEqualTo(0x0303);
        assertThat(hello.extensionTypes()).contains(15).doesNotContain(43);
        assertThat(hello.heartbeatExtension()).containsExactly(1);
        assertThat(hello.serverName()).isEqualTo("localhost");
    }

    @Test
    void heartbleedProbeSendsNoServerNameForAnAddressLiteral() throws Exception {
        int port = serve(ServerBehaviours.tls12(Heartbeats.NOT_NEGOTIATED)).getPort();

        TlsProbes.create(SETTINGS).heartbleed(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));

        FakeTlsServer.Hello hello = server.clientHello.get(5, TimeUnit.SECONDS);
        assertThat(hello.extensionTypes()).contains(15).doesNotContain(0);
        assertThat(hello.serverName()).isNull();
    }

    @Test
    void tls13ServerIsNotApplicableForHeartbleed() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.tls13()));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_APPLICABLE);
        assertThat(result.detail()).contains("TLS 1.3");
    }

    @Test
    void serverRefusingTls12IsNotApplicableForHeartbleed() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.alert(Alert.PROTOCOL_VERSION)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_APPLICABLE);
        assertThat(result.detail()).contains("protocol_version(70)");
    }

    @Test
    void handshakeFailureOnTheHeartbleedHelloIsAnError() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.alert(Alert.HANDSHAKE_FAILURE)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(result.detail()).isEqualTo("server refused the ClientHello with fatal alert handshake_failure(40)");
    }

    @Test
    void serverClosingOnTheHeartbleedHelloIsAnError() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.closesOnHello()));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(result.detail()).contains("closed the connection without answering");
    }

    @Test
    void serverAcceptingSslv3WithCbcIsVulnerableToPoodle() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).poodle(serve(ServerBehaviours.sslv3Accepted()));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.VULNERABLE);
        assertThat(result.vulnerability()).isEqualTo(TlsVulnerability.POODLE);
        assertThat(result.detail()).contains("SSLv3").contains("_CBC_");
    }

    @Test
    void poodleProbeOffersOnlySslv3AndCbcSuites() throws Exception {
        TlsProbes.create(SETTINGS).poodle(serve(ServerBehaviours.sslv3Accepted()));

        FakeTlsServer.Hello hello = server.clientHello.get(5, TimeUnit.SECONDS);
        assertThat(hello.recordVersion()).isEqualTo(0x0300);
        assertThat(hello.clientVersion()).isEqualTo(0x0300);
        assertThat(hello.cipherSuites()).isNotEmpty().doesNotContain(0x5600)
                .allSatisfy(suite -> assertThat(CipherSuites.describe(suite)).contains("_CBC_"));
        assertThat(hello.extensionTypes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {Alert.HANDSHAKE_FAILURE, Alert.PROTOCOL_VERSION})
    void serverRefusingSslv3WithAnAlertIsNotVulnerableToPoodle(int description) throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).poodle(serve(ServerBehaviours.alert(description)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.detail()).startsWith("server refused SSLv3 with fatal alert").contains("(" + description + ")");
    }

    @Test
    void serverClosingOnTheSslv3HelloIsNotVulnerableToPoodle() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).poodle(serve(ServerBehaviours.closesOnHello()));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.detail()).contains("closed the connection");
    }

    @Test
    void serverAnsweringSslv3WithTls12IsNotVulnerableToPoodle() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).poodle(serve(ServerBehaviours.answersWithTls12()));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.detail()).contains("TLS 1.2");
    }

    @Test
    void garbageAnswerIsAnErrorForBothProbes() throws Exception {
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 'Z');
        TlsProbes probes = TlsProbes.create(SETTINGS);
        InetSocketAddress endpoint = serve(ServerBehaviours.answers(garbage));

        for (ProbeResult result : new ProbeResult[] {probes.heartbleed(endpoint), probes.poodle(endpoint)}) {
            assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
            assertThat(result.detail()).isEqualTo("server's answer is not TLS: unknown record content type 90");
        }
    }

    @Test
    void httpAnswerIsAnError() throws Exception {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        ProbeResult result = TlsProbes.create(SETTINGS).poodle(serve(ServerBehaviours.answers(http)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(result.detail()).isEqualTo("server answered with HTTP, not TLS");
    }

    static Stream<Arguments> answersThatAreNotTls() {
        return Stream.of(
                Arguments.of(new byte[] {22, 3, 3, (byte) 0xFF, (byte) 0xFF},
                        "server's answer is not TLS: a record of 65535 bytes exceeds the 18432-byte maximum"),
                Arguments.of(new byte[] {22, 2, 0, 0, 2, 0, 0},
                        "server's answer is not TLS: record version 0x0200"),
                Arguments.of(new byte[] {(byte) 0x80, 0x2E, 4, 0, 1, 0, 2},
                        "server answered with an SSLv2 record, not SSLv3 or TLS"),
                Arguments.of(new byte[] {21, 3, 0, 0, 3, 2, 40, 0},
                        "malformed alert: 3 bytes instead of 2"),
                Arguments.of(new byte[] {22, 3, 0},
                        "server sent a truncated record: the connection closed inside a record header"),
                Arguments.of(new byte[] {22, 3, 0, 0, 4, 2, 0, 0, 60},
                        "server sent a truncated handshake message: the connection closed inside it"),
                Arguments.of(new byte[] {23, 3, 3, 0, 1, 0},
                        "server sent a record of type application_data before its first flight was over"));
    }

    @ParameterizedTest
    @MethodSource("answersThatAreNotTls")
    void answerThatIsNotWellFormedTlsIsAnErrorWithItsReason(byte[] answer, String reason) throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS).poodle(serve(ServerBehaviours.answers(answer)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(result.detail()).isEqualTo(reason);
    }

    @Test
    void truncatedRecordIsAnError() throws Exception {
        byte[] truncated = {22, 3, 3, 0, 100, 2, 0, 0, 96, 3, 3, 0, 0, 0, 0};

        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(serve(ServerBehaviours.answers(truncated)));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(result.detail()).contains("truncated record").contains("10 of 100 bytes");
    }

    @Test
    void silentServerIsAnErrorOnceTheReadTimeoutPasses() throws Exception {
        TlsProbes probes = TlsProbes.create(SHORT_READ);
        InetSocketAddress endpoint = serve(ServerBehaviours.silent());

        for (ProbeResult result : new ProbeResult[] {probes.heartbleed(endpoint), probes.poodle(endpoint)}) {
            assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
            assertThat(result.detail()).isEqualTo("no answer from the server within 200 ms");
        }
    }

    @Test
    void serverSendingMoreThanTheByteCapIsAnError() throws Exception {
        ProbeResult result = TlsProbes.create(SETTINGS.withMaxBytes(4096)).heartbleed(serve(ServerBehaviours.flood()));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(result.detail()).contains("more than the 4096-byte cap");
    }

    @Test
    void refusedConnectionIsAnError() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        ProbeResult result = TlsProbes.create(SETTINGS).heartbleed(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(result.detail()).startsWith("could not connect: ").containsIgnoringCase("refused");
    }

    @Test
    void unresolvableHostIsAnError() {
        TlsProbes probes = new TlsProbes(SETTINGS, new SecureRandom(), host -> {
            throw new UnknownHostException(host);
        });

        ProbeResult result = probes.poodle(InetSocketAddress.createUnresolved("host.invalid", 443));

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(result.detail()).isEqualTo("cannot resolve host host.invalid");
    }

    @Test
    void unresolvedEndpointIsResolvedAndKeepsItsNameForSni() throws Exception {
        int port = serve(ServerBehaviours.tls12(Heartbeats.NOT_NEGOTIATED)).getPort();
        List<String> asked = new CopyOnWriteArrayList<>();
        TlsProbes probes = new TlsProbes(SETTINGS, new SecureRandom(), host -> {
            asked.add(host);
            return InetAddress.getLoopbackAddress();
        });
        InetSocketAddress endpoint = InetSocketAddress.createUnresolved("tls.example.test", port);

        ProbeResult result = probes.heartbleed(endpoint);

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.endpoint()).isSameAs(endpoint);
        assertThat(asked).containsExactly("tls.example.test");
        assertThat(server.clientHello.get(5, TimeUnit.SECONDS).serverName()).isEqualTo("tls.example.test");
    }

    @Test
    void connectionThatIsNeverAcceptedIsAnErrorOnceTheConnectTimeoutPasses() throws Exception {
        // Linux drops a SYN while the listen queue is full, so connecting to a full queue hangs.
        try (ServerSocket neverAccepting = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress endpoint = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    neverAccepting.getLocalPort());
            List<Socket> fillers = new ArrayList<>();
            try {
                boolean full = false;
                for (int i = 0; i < 16 && !full; i++) {
                    Socket filler = new Socket();
                    fillers.add(filler);
                    try {
                        filler.connect(endpoint, 200);
                    } catch (SocketTimeoutException e) {
                        full = true;
                    }
                }
                assumeTrue(full, "this system does not leave a connection to a full listen queue hanging");

                ProbeResult result = TlsProbes.create(SETTINGS.withConnectTimeout(Duration.ofMillis(200)))
                        .heartbleed(endpoint);

                assertThat(result.outcome()).isEqualTo(ProbeOutcome.ERROR);
                assertThat(result.detail()).isEqualTo("no TCP connection within 200 ms");
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
