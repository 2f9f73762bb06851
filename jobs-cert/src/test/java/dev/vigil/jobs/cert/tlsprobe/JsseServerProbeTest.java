package dev.vigil.jobs.cert.tlsprobe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.jobs.cert.testing.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Probes a real TLS stack: the JDK's, which has no heartbeat extension and no SSLv3 by default. */
class JsseServerProbeTest {
    private FakeTlsServer server;
    private final TlsProbes probes = TlsProbes.create(ProbeSettings.defaults().withReadTimeout(Duration.ofSeconds(15)));

    @BeforeEach
    void startJsseServer() throws Exception {
        TestPki.Issued identity = ServerBehaviours.serverIdentity();
        char[] password = "test-only".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", identity.privateKey(), password, new Certificate[] {identity.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server = FakeTlsServer.start(socket, peer -> {
            SSLSocket ssl = (SSLSocket) peer.socket();
            ssl.startHandshake();
            try (InputStream in = ssl.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        });
    }

    @AfterEach
    void stopJsseServer() throws Exception {
        server.close();
    }

    @Test
    void jsseServerIsNotVulnerableToHeartbleed() {
        ProbeResult result = probes.heartbleed(server.address());

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.detail()).contains("did not accept the heartbeat extension").contains("TLS 1.2");
    }

    @Test
    void jsseServerIsNotVulnerableToPoodle() {
        ProbeResult result = probes.poodle(server.address());

        assertThat(result.outcome()).isEqualTo(ProbeOutcome.NOT_VULNERABLE);
        assertThat(result.detail()).containsAnyOf("refused SSLv3", "closed the connection", "reset the connection");
    }
}
