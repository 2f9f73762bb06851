package dev.vigil.jobs.cert.tlsprobe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cipher suites the probes offer, with their IANA names. */
final class CipherSuites {
    /** Suites a TLS 1.0–1.2 server of the Heartbleed era and today's servers both accept. */
    static final Map<Integer, String> COMMON = ordered(
            0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
            0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
            0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256",
            0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384",
            0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA",
            0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA",
            0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA");

    /** Suites defined for SSLv3 (or usable with it) whose bulk cipher is a block cipher in CBC mode. */
    static final Map<Integer, String> SSL3_CBC = ordered(
            0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
            0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
            0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
            0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
            0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA",
            0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA",
            0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA",
            0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",
            0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
            0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
            0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
            0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA",
            0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA",
            0x0009, "TLS_RSA_WITH_DES_CBC_SHA");

    /** Tells a server that the client supports secure renegotiation (RFC 5746); not a real suite. */
    static final int EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF;

    private CipherSuites() {
    }

    /** @return e.g. {@code TLS_RSA_WITH_AES_128_CBC_SHA (0x002f)} */
    static String describe(int suite) {
        String name = COMMON.getOrDefault(suite, SSL3_CBC.get(suite));
        return String.format("%s (0x%04x)", name == null ? "cipher suite" : name, suite);
    }

    static List<Integer> codes(Map<Integer, String> suites) {
        return List.copyOf(suites.keySet());
    }

    private static Map<Integer, String> ordered(Object... codesAndNames) {
        Map<Integer, String> map = new LinkedHashMap<>();
        for (int i = 0; i < codesAndNames.length; i += 2) {
            map.put((Integer) codesAndNames[i], (String) codesAndNames[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
