package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCertsCommandTest {
    private static final String AT = "2026-02-01T00:00:00Z";
    private static final TestCertificates.Issued ROOT = TestCertificates.root("CN=Scan Root");
    private static final TestCertificates.Issued CA = TestCertificates.ca(ROOT, "CN=Scan Issuing CA");
    private static final TestCertificates.Issued LEAF = TestCertificates.leaf(CA, "www.example.com",
            TestCertificates.rsa(2048, "leaf"));

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> json(CliRun run) {
        return (List<Map<String, Object>>) MiniJson.parse(run.out());
    }

    @Test
    void jsonGivesEveryFieldOfEachCertificate() throws Exception {
        Path leaf = write("www.pem", TestCertificates.pem(LEAF.certificate(), CA.certificate()));
        Path trust = write("trust/roots.pem", TestCertificates.pem(ROOT.certificate()));

        CliRun run = CliRun.of("scan-certs", leaf.toString(), "--trust", trust.toString(), "--at", AT, "--json");

        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        Map<String, Object> c = json(run).get(0);
        assertThat(c.keySet()).containsExactly("file", "sha256", "subject", "notAfter", "expiryStatus", "weakKey",
                "lints", "chain", "revocation", "sctCount", "ctPolicy", "notes", "error");
        assertThat(c.get("file")).isEqualTo(leaf.toString());
        assertThat(c.get("sha256")).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(LEAF.certificate().getEncoded())));
        assertThat(c.get("subject")).isEqualTo("CN=www.example.com");
        assertThat(c.get("notAfter")).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(c.get("expiryStatus")).isEqualTo("VALID");
        assertThat(c.get("weakKey")).isNull();
        assertThat(c.get("lints")).isEqualTo(List.of());
        assertThat(c.get("chain")).isEqualTo("VALID");
        assertThat(c.get("revocation")).isEqualTo("NOT_CHECKED");
        assertThat(c.get("sctCount")).isEqualTo(0L);
        assertThat(c.get("ctPolicy")).isEqualTo("NOT_CHECKED");
        assertThat(c.get("error")).isNull();
    }

    @Test
    void malformedFileGivesAnErrorWhileTheOthersPrintAndTheStatusIsOne() throws Exception {
        write("certs/a-good.pem", TestCertificates.pem(LEAF.certificate()));
        write("certs/b-bad.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII));
        write("certs/sub/c-weak.der", TestCertificates.leaf(CA, "weak.example.com", TestCertificates.rsa(1024, "weak"))
                .certificate().getEncoded());
        write("certs/readme.txt", "not read: not a certificate file name".getBytes(StandardCharsets.US_ASCII));

        CliRun run = CliRun.of("scan-certs", dir.resolve("certs").toString(), "--at", AT, "--json");

        assertThat(run.status()).isEqualTo(1);
        List<Map<String, Object>> certs = json(run);
        assertThat(certs).extracting(c -> Path.of((String) c.get("file")).getFileName().toString())
                .containsExactly("a-good.pem", "b-bad.pem", "c-weak.der");
        assertThat(certs.get(0).get("error")).isNull();
        assertThat(certs.get(1).get("error")).asString().contains("not a PEM or DER certificate");
        assertThat(certs.get(1).get("sha256")).isNull();
        assertThat(certs.get(2).get("weakKey")).isEqualTo("SHORT_RSA");
        assertThat(certs.get(2).get("lints")).asList().contains("rsa_under_2048");
    }

    @Test
    void crlFromTheIntermediateMarksTheRevokedCertificate() throws Exception {
        TestCertificates.Issued revoked = TestCertificates.leaf(CA, "revoked.example.com",
                TestCertificates.rsa(2048, "leaf"));
        Path good = write("good.pem", TestCertificates.pem(LEAF.certificate(), CA.certificate()));
        Path bad = write("revoked.pem", TestCertificates.pem(revoked.certificate(), CA.certificate()));
        Path crl = write("ca.crl", TestCertificates.crl(CA, revoked.certificate().getSerialNumber(), BigInteger.TEN));

        CliRun run = CliRun.of("scan-certs", good.toString(), bad.toString(), "--crl", crl.toString(), "--at", AT,
                "--json");

        assertThat(run.status()).isZero();
        assertThat(json(run)).extracting(c -> c.get("revocation")).containsExactly("GOOD", "REVOKED");
    }

    @Test
    void crlThatNoGivenCertificateVerifiesIsNotUsedAndReported() throws Exception {
        Path leaf = write("www.pem", TestCertificates.pem(LEAF.certificate()));
        Path crl = write("ca.crl", TestCertificates.crl(CA, LEAF.certificate().getSerialNumber()));

        CliRun run = CliRun.of("scan-certs", leaf.toString(), "--crl", crl.toString(), "--at", AT, "--json");

        assertThat(run.status()).isEqualTo(1);
        assertThat(json(run).get(0).get("revocation")).isEqualTo("UNKNOWN");
        assertThat(run.errLines()).singleElement().asString().contains("CRL not used").contains(crl.toString());
    }

    @Test
    void trustAnchorsDecideTheChainStatus() throws Exception {
        Path withChain = write("with-chain.pem", TestCertificates.pem(LEAF.certificate(), CA.certificate()));
        Path alone = write("alone.pem", TestCertificates.pem(LEAF.certificate()));
        Path trust = write("roots.pem", TestCertificates.pem(ROOT.certificate()));
        Path otherTrust = write("other.pem", TestCertificates.pem(TestCertificates.root("CN=Other Root").certificate()));

        assertThat(json(CliRun.of("scan-certs", withChain.toString(), alone.toString(), "--trust", trust.toString(),
                "--at", AT, "--json"))).extracting(c -> c.get("chain")).containsExactly("VALID", "INCOMPLETE_CHAIN");
        assertThat(json(CliRun.of("scan-certs", withChain.toString(), "--trust", otherTrust.toString(), "--at", AT,
                "--json")).get(0).get("chain")).isEqualTo("INCOMPLETE_CHAIN");
        assertThat(json(CliRun.of("scan-certs", withChain.toString(), "--at", AT, "--json")).get(0).get("chain"))
                .isEqualTo("NOT_CHECKED");
    }

    @Test
    void atChangesTheExpiryStatus() throws Exception {
        Path leaf = write("www.pem", TestCertificates.pem(LEAF.certificate()));

        assertThat(List.of("2025-12-01T00:00:00Z", AT, "2026-03-20T00:00:00Z", "2026-04-02T00:00:00Z"))
                .extracting(at -> json(CliRun.of("scan-certs", leaf.toString(), "--at", at, "--json")).get(0)
                        .get("expiryStatus"))
                .containsExactly("NOT_YET_VALID", "VALID", "EXPIRING", "EXPIRED");
    }

    @Test
    void tableForPeopleHasOneRowPerFile() throws Exception {
        Path leaf = write("www.pem", TestCertificates.pem(LEAF.certificate(), CA.certificate()));
        Path missing = dir.resolve("missing.pem");

        CliRun run = CliRun.of("scan-certs", leaf.toString(), missing.toString(), "--at", AT);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.outLines()).hasSize(3);
        assertThat(run.outLines().get(0)).startsWith("FILE").contains("SUBJECT", "EXPIRY", "CHAIN", "REVOCATION", "CT");
        assertThat(run.outLines().get(1)).contains("CN=www.example.com", "2026-04-01T00:00:00Z", "VALID",
                "NOT_CHECKED");
        assertThat(run.outLines().get(2)).contains("missing.pem", "error: no such file or folder");
    }

    @Test
    void badCommandLinesAndUnreadableInputsExitTwo() throws Exception {
        Path leaf = write("www.pem", TestCertificates.pem(LEAF.certificate()));
        Path junk = write("junk.crl", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

        assertThat(CliRun.of("scan-certs").errLines()).singleElement().asString().contains("needs a certificate file");
        assertThat(CliRun.of("scan-certs", leaf.toString(), "--trust", dir.resolve("nope.pem").toString()).status())
                .isEqualTo(2);
        CliRun badCrl = CliRun.of("scan-certs", leaf.toString(), "--crl", junk.toString());
        assertThat(badCrl.status()).isEqualTo(2);
        assertThat(badCrl.errLines()).singleElement().asString().startsWith("vigil scan-certs: ").contains("junk.crl");
        assertThat(CliRun.of("scan-certs", leaf.toString(), "--at", "tomorrow").status()).isEqualTo(2);
        assertThat(CliRun.of("scan-certs", leaf.toString(), "--ct-log-list", leaf.toString()).status()).isEqualTo(2);
    }

    @Test
    void ctLogListJudgesTheEmbeddedSctsWhenTheIssuerIsPresented() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        byte[] key = generator.generateKeyPair().getPublic().getEncoded();
        String logList = "{\"operators\": [{\"name\": \"Operator A\", \"logs\": [{\"description\": \"Log A\","
                + " \"log_id\": \"" + Base64.getEncoder().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(key)) + "\","
                + " \"key\": \"" + Base64.getEncoder().encodeToString(key) + "\","
                + " \"state\": {\"usable\": {\"timestamp\": \"2025-01-01T00:00:00Z\"}}}]}]}";
        Path list = write("log_list.json", logList.getBytes(StandardCharsets.UTF_8));
        Path withIssuer = write("with-issuer.pem", TestCertificates.pem(LEAF.certificate(), CA.certificate()));
        Path alone = write("alone.pem", TestCertificates.pem(LEAF.certificate()));

        CliRun run = CliRun.of("scan-certs", withIssuer.toString(), alone.toString(), "--ct-log-list", list.toString(),
                "--at", AT, "--json");

        assertThat(run.status()).isZero();
        assertThat(json(run)).extracting(c -> c.get("ctPolicy")).containsExactly("NOT_COMPLIANT", "NOT_CHECKED");
        assertThat(json(run)).extracting(c -> c.get("sctCount")).containsExactly(0L, 0L);
        assertThat(json(run).get(0).get("notes")).asList().anyMatch(n -> n.toString().contains("NO_EMBEDDED_SCTS"));
    }
}
