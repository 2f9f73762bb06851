package dev.vigil.jobs.cert.tlsprobe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network probes of TLS endpoints for old server vulnerabilities: Heartbleed and POODLE. Each probe
 * opens one TCP connection, speaks just enough TLS to tell a vulnerable server from a safe one, and
 * closes it. Probes never exploit: the Heartbleed probe makes even a vulnerable server echo only bytes
 * the probe sent, and what it echoes is neither kept nor logged.
 *
 * <p>The TLS records and handshake messages are encoded and parsed by hand in this package, because no
 * TLS library sends the non-standard messages these probes need or stops mid-handshake.
 *
 * <p>A probe never throws for anything the network or the server does: refused connections, timeouts,
 * answers that are not TLS and answers longer than {@link ProbeSettings#maxBytes()} come back as
 * {@link ProbeOutcome#ERROR} results with a one-line reason. Instances are immutable and thread-safe;
 * each call blocks the calling thread for at most the connect timeout plus twice the read timeout.
 *
 * <pre>{@code
 * TlsProbes probes = TlsProbes.create(ProbeSettings.defaults());
 * ProbeResult result = probes.heartbleed(new InetSocketAddress("www.example.com", 443));
 * }</pre>
 */
public final class TlsProbes {
    private static final Logger LOG = LoggerFactory.getLogger(TlsProbes.class);

    /** Resolves a host name to one address; the JDK resolver outside tests. */
    @FunctionalInterface
    interface HostResolver {
        InetAddress resolve(String host) throws UnknownHostException;
    }

    private final ProbeSettings settings;
    private final HostResolver resolver;
    private final HeartbleedProbe heartbleed;
    private final PoodleProbe poodle;

    TlsProbes(ProbeSettings settings, SecureRandom random, HostResolver resolver) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.heartbleed = new HeartbleedProbe(random);
        this.poodle = new PoodleProbe(random);
    }

    /**
     * @param settings timeouts and byte cap for every probe; not null
     * @return probes with these settings
     * @throws NullPointerException if {@code settings} is null
     */
    public static TlsProbes create(ProbeSettings settings) {
        return new TlsProbes(settings, new SecureRandom(), InetAddress::getByName);
    }

    /** @return the settings every probe uses; not null */
    public ProbeSettings settings() {
        return settings;
    }

    /**
     * Probes for Heartbleed (CVE-2014-0160): {@link ProbeOutcome#NOT_APPLICABLE} if the server negotiates
     * TLS 1.3 or refuses TLS 1.0 to 1.2, {@link ProbeOutcome#NOT_VULNERABLE} if it does not accept the
     * heartbeat extension or discards the malformed heartbeat request (this waits for the read timeout).
     *
     * @param endpoint host and port of a TLS server; if unresolved, resolved now by the JDK resolver; not null
     * @return the result; never null
     * @throws NullPointerException if {@code endpoint} is null
     */
    public ProbeResult heartbleed(InetSocketAddress endpoint) {
        return probe(endpoint, TlsVulnerability.HEARTBLEED);
    }

    /**
     * Probes for POODLE (CVE-2014-3566): {@link ProbeOutcome#VULNERABLE} if the server accepts an SSLv3
     * handshake with a CBC cipher suite.
     *
     * @param endpoint host and port of a TLS server; if unresolved, resolved now by the JDK resolver; not null
     * @return the result; never null
     * @throws NullPointerException if {@code endpoint} is null
     */
    public ProbeResult poodle(InetSocketAddress endpoint) {
        return probe(endpoint, TlsVulnerability.POODLE);
    }

    /**
     * Probes for one vulnerability, as {@link #heartbleed} or {@link #poodle} does.
     *
     * @param endpoint host and port of a TLS server; if unresolved, resolved now by the JDK resolver; not null
     * @param vulnerability what to probe for; not null
     * @return the result; never null
     * @throws NullPointerException if an argument is null
     */
    public ProbeResult probe(InetSocketAddress endpoint, TlsVulnerability vulnerability) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(vulnerability, "vulnerability");
        Finding finding = run(endpoint, vulnerability);
        ProbeResult result = new ProbeResult(endpoint, vulnerability, finding.outcome(), finding.detail());
        LOG.debug("{} probe of {}: {} ({})", vulnerability.displayName(), endpoint, result.outcome(), result.detail());
        return result;
    }

    private Finding run(InetSocketAddress endpoint, TlsVulnerability vulnerability) {
        InetSocketAddress address = endpoint;
        if (endpoint.isUnresolved()) {
            try {
                address = new InetSocketAddress(resolver.resolve(endpoint.getHostString()), endpoint.getPort());
            } catch (UnknownHostException e) {
                return error("cannot resolve host " + endpoint.getHostString());
            }
        }
        try (Socket socket = new Socket()) {
            try {
                socket.connect(address, (int) settings.connectTimeout().toMillis());
            } catch (SocketTimeoutException e) {
                return error("no TCP connection within " + settings.connectTimeout().toMillis() + " ms");
            } catch (ConnectException e) {
                return error("could not connect: " + reason(e));
            }
            socket.setTcpNoDelay(true);
            RecordReader records = new RecordReader(socket, settings.maxBytes());
            ProbeConnection connection = new ProbeConnection(endpoint.getHostString(), socket.getOutputStream(),
                    records, settings.readTimeout());
            try {
                return switch (vulnerability) {
                    case HEARTBLEED -> heartbleed.run(connection);
                    case POODLE -> poodle.run(connection);
                };
            } catch (SocketTimeoutException e) {
                return error("no answer from the server within " + records.window().toMillis() + " ms");
            }
        } catch (ProbeFailure e) {
            return error(e.getMessage());
        } catch (IOException e) {
            return error("connection failed: " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Finding error(String reason) {
        return new Finding(ProbeOutcome.ERROR, reason.replaceAll("[\\r\\n]+", " "));
    }
}
