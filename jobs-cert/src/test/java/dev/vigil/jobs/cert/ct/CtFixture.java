package dev.vigil.jobs.cert.ct;

import dev.vigil.jobs.cert.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * CT inputs for tests outside this package: a log list of two usable logs of two operators, and
 * leaves whose SCTs those logs really signed, so that they are compliant.
 */
public final class CtFixture {
    private static final TestCtLog A = TestCtLog.ec("Fixture A", "Operator A");
    private static final TestCtLog B = TestCtLog.ec("Fixture B", "Operator B");

    private CtFixture() {
    }

    /** @return Chrome's v3 log list JSON with the two logs, usable since 2025 */
    public static String logListJson() {
        Instant since = Instant.parse("2025-01-01T00:00:00Z");
        return "{\"version\": \"1.0\", \"operators\": ["
                + "{\"name\": \"Operator A\", \"email\": [], \"logs\": [" + A.json("usable", since) + "]},"
                + "{\"name\": \"Operator B\", \"email\": [], \"logs\": [" + B.json("usable", since) + "]}]}";
    }

    /**
     * @return a leaf issued by {@code issuer} (subject and SAN www.example.com) with one SCT from each log,
     *     timestamped 12 hours before notBefore
     */
    public static X509Certificate compliantLeaf(TestPki.Issued issuer, Instant notBefore, Instant notAfter) {
        Instant logged = notBefore.minus(Duration.ofHours(12));
        return SctLeaves.issuedBy(issuer).validity(notBefore, notAfter).sct(A, logged).sct(B, logged).issue();
    }
}
