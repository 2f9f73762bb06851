package dev.vigil.jobs.cert.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leaves carry SCTs really signed by test logs over their precertificates; the engine verifies them. */
class CtCheckerTest {
    private static final Instant LOGGED = Instant.parse("2025-12-31T12:00:00Z");
    private static final Instant AT = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    private static final TestPki.Issued ROOT = TestPki.rootCa("CN=CT Test Root");

    private static final TestCtLog A1 = TestCtLog.ec("A1", "Operator A");
    private static final TestCtLog A2 = TestCtLog.ec("A2", "Operator A");
    private static final TestCtLog B1 = TestCtLog.rsa("B1", "Operator B");
    private static final TestCtLog B_SHARD = TestCtLog.ec("B 2026h1", "Operator B");
    private static final TestCtLog C_RETIRED_EARLY = TestCtLog.ec("C old", "Operator C");
    private static final TestCtLog C_RETIRED_LATE = TestCtLog.ec("C late", "Operator C");
    private static final TestCtLog D_RETIRED_LATE = TestCtLog.ec("D late", "Operator D");
    private static final TestCtLog D_PENDING = TestCtLog.ec("D new", "Operator D");
    private static final TestCtLog A_MOVED = TestCtLog.ec("Moved", "Operator A");
    private static final TestCtLog UNLISTED = TestCtLog.ec("Unlisted", "Operator E");

    private static final CtLogList LOGS = CtLogList.parse(logList());

    private static String logList() {
        Instant since = Instant.parse("2025-01-01T00:00:00Z");
        return "{\"version\": \"1.0\", \"log_list_timestamp\": \"2026-01-20T00:00:00Z\", \"operators\": ["
                + "{\"name\": \"Operator A\", \"email\": [], \"logs\": [" + A1.json("usable", since) + ", "
                + A2.json("qualified", since) + ", " + A_MOVED.json("usable", since).replaceFirst("\\{",
                        "{\"previous_operators\": [{\"name\": \"Operator E\","
                                + " \"end_time\": \"2026-01-01T00:00:00Z\"}], ")
                + "]},"
                + "{\"name\": \"Operator B\", \"email\": [], \"logs\": [" + B1.json("usable", since) + ", "
                + B_SHARD.json("usable", since, Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-07-01T00:00:00Z"))
                + "]},"
                + "{\"name\": \"Operator C\", \"email\": [], \"logs\": ["
                + C_RETIRED_EARLY.json("retired", Instant.parse("2025-12-01T00:00:00Z")) + ", "
                + C_RETIRED_LATE.json("retired", Instant.parse("2026-01-15T00:00:00Z")) + "]},"
                + "{\"name\": \"Operator D\", \"email\": [], \"logs\": ["
                + D_RETIRED_LATE.json("retired", Instant.parse("2026-01-15T00:00:00Z")) + ", "
                + D_PENDING.json("pending", since) + "]}]}";
    }

    private static SctLeaves leaf() {
        return SctLeaves.issuedBy(ROOT).validity(NOT_BEFORE, NOT_BEFORE.plus(Duration.ofDays(90)));
    }

    private static SctLeaves leafValidFor(int days) {
        return SctLeaves.issuedBy(ROOT).validity(NOT_BEFORE, NOT_BEFORE.plus(Duration.ofDays(days)));
    }

    private static CtReport check(X509Certificate leaf) {
        return new CtChecker(LOGS).check(leaf, ROOT.certificate(), AT);
    }

    private static List<CtReason.Kind> kinds(CtReport report) {
        return report.reasons().stream().map(CtReason::kind).toList();
    }

    @Test
    void theTestLogListLoadsEveryLog() {
        assertThat(LOGS.problems()).isEmpty();
        assertThat(LOGS.logs()).hasSize(9);
    }

    @Test
    void aCertificateWithoutSctsIsNotCompliant() {
        CtReport report = check(leaf().issue());

        assertThat(report.sctCount()).isZero();
        assertThat(report.scts()).isEmpty();
        assertThat(report.policy()).isEqualTo(CtCompliance.NOT_COMPLIANT);
        assertThat(report.reasons()).containsExactly(
                new CtReason(CtReason.Kind.NO_EMBEDDED_SCTS, "the certificate has no embedded SCTs"));
    }

    @Test
    void oneValidSctIsTooFewAndFromOneOperator() {
        CtReport report = check(leaf().sct(A1, LOGGED).issue());

        assertThat(report.sctCount()).isEqualTo(1);
        assertThat(report.scts()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(SctStatus.VALID);
            assertThat(s.logId()).isEqualTo(A1.logIdBase64());
            assertThat(s.log()).hasValueSatisfying(l -> assertThat(l.description()).isEqualTo("A1"));
            assertThat(s.timestamp()).isEqualTo(LOGGED);
            assertThat(s.detail()).isEmpty();
        });
        assertThat(report.policy()).isEqualTo(CtCompliance.NOT_COMPLIANT);
        assertThat(kinds(report)).containsExactly(CtReason.Kind.TOO_FEW_SCTS, CtReason.Kind.TOO_FEW_OPERATORS);
        assertThat(report.reasons().get(0).message())
                .isEqualTo("valid SCTs from 1 distinct logs, but a certificate with a lifetime of 90 days needs 2");
    }

    @Test
    void twoValidSctsFromTwoOperatorsMakeAShortLivedCertificateCompliant() {
        CtReport report = check(leaf().sct(A1, LOGGED).sct(B1, LOGGED.plusSeconds(1)).issue());

        assertThat(report.sctCount()).isEqualTo(2);
        assertThat(report.scts()).extracting(SctResult::status).containsOnly(SctStatus.VALID);
        assertThat(report.scts()).extracting(SctResult::position).containsExactly(1, 2);
        assertThat(report.policy()).isEqualTo(CtCompliance.COMPLIANT);
        assertThat(report.reasons()).isEmpty();
    }

    @Test
    void aLifetimeOfExactly180DaysNeedsTwoSctsAnd181DaysNeedThree() {
        CtReport at180 = check(leafValidFor(180).sct(A1, LOGGED).sct(B1, LOGGED).issue());
        CtReport at181 = check(leafValidFor(181).sct(A1, LOGGED).sct(B1, LOGGED).issue());
        CtReport at181WithThree = check(leafValidFor(181).sct(A1, LOGGED).sct(A2, LOGGED).sct(B1, LOGGED).issue());

        assertThat(at180.policy()).isEqualTo(CtCompliance.COMPLIANT);
        assertThat(at181.policy()).isEqualTo(CtCompliance.NOT_COMPLIANT);
        assertThat(at181.reasons()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(CtReason.Kind.TOO_FEW_SCTS);
            assertThat(r.message()).endsWith("lifetime of 181 days needs 3");
        });
        assertThat(at181WithThree.sctCount()).isEqualTo(3);
        assertThat(at181WithThree.policy()).isEqualTo(CtCompliance.COMPLIANT);
    }

    @Test
    void twoSctsFromLogsOfTheSameOperatorAreNotCompliant() {
        CtReport report = check(leaf().sct(A1, LOGGED).sct(A2, LOGGED).issue());

        assertThat(report.scts()).extracting(SctResult::status).containsOnly(SctStatus.VALID);
        assertThat(report.policy()).isEqualTo(CtCompliance.NOT_COMPLIANT);
        assertThat(kinds(report)).containsExactly(CtReason.Kind.TOO_FEW_OPERATORS);
        assertThat(report.reasons().get(0).message()).contains("Operator A");
    }

    @Test
    void twoSctsFromTheSameLogCountOnce() {
        CtReport report = check(leaf().sct(A1, LOGGED).sct(A1, LOGGED.plusSeconds(60)).issue());

        assertThat(report.scts()).extracting(SctResult::status).containsOnly(SctStatus.VALID);
        assertThat(kinds(report)).contains(CtReason.Kind.TOO_FEW_SCTS);
    }

    @Test
    void aTamperedSignatureIsInvalidAndDoesNotCount() {
        CtReport report = check(leaf().sct(A1, LOGGED).tamperedSct(B1, LOGGED).issue());

        assertThat(report.scts()).extracting(SctResult::status)
                .containsExactly(SctStatus.VALID, SctStatus.INVALID_SIGNATURE);
        assertThat(report.scts().get(1).detail()).isEqualTo("the signature does not verify with the log's key");
        assertThat(report.policy()).isEqualTo(CtCompliance.NOT_COMPLIANT);
        assertThat(kinds(report)).containsExactly(CtReason.Kind.TOO_FEW_SCTS, CtReason.Kind.TOO_FEW_OPERATORS,
                CtReason.Kind.INVALID_SIGNATURE);
        assertThat(report.reasons().get(2).message()).startsWith("SCT 2 from log 'B1': ");
    }

    @Test
    void aTamperedEcdsaSignatureIsInvalidToo() {
        CtReport report = check(leaf().tamperedSct(A1, LOGGED).sct(B1, LOGGED).issue());

        assertThat(report.scts().get(0).status()).isEqualTo(SctStatus.INVALID_SIGNATURE);
        assertThat(report.policy()).isEqualTo(CtCompliance.NOT_COMPLIANT);
    }

    @Test
    void anInvalidSctBesideEnoughValidOnesLeavesTheCertificateCompliant() {
        CtReport report = check(leaf().sct(A1, LOGGED).sct(B1, LOGGED).tamperedSct(A2, LOGGED).issue());

        assertThat(report.scts().get(2).status()).isEqualTo(SctStatus.INVALID_SIGNATURE);
        assertThat(report.policy()).isEqualTo(CtCompliance.COMPLIANT);
        assertThat(report.reasons()).isEmpty();
    }

    @Test
    void anSctFromALogNotInTheListIsUnknown() {
        CtReport report = check(leaf().sct(A1, LOGGED).sct(UNLISTED, LOGGED).issue());

        SctResult unknown = report.scts().get(1);
        assertThat(unknown.status()).isEqualTo(SctStatus.UNKNOWN_LOG);
        assertThat(unknown.log()).isEmpty();
        assertThat(unknown.logId()).isEqualTo(UNLISTED.logIdBase64());
        assertThat(kinds(report)).contains(CtReason.Kind.UNKNOWN_LOG);
        assertThat(report.reasons()).extracting(CtReason::message)
                .contains("SCT 2 from log " + UNLISTED.logIdBase64() + ": no log in the log list has the id "
                        + UNLISTED.logIdBase64());
    }

    @Test
    void anSctFromALogRetiredBeforeItDoesNotCount() {
        CtReport report = check(leaf().sct(A1, LOGGED).sct(C_RETIRED_EARLY, LOGGED).issue());

        assertThat(report.scts().get(1).status()).isEqualTo(SctStatus.LOG_NOT_ACCEPTABLE);
        assertThat(report.scts().get(1).detail()).contains("retired at 2025-12-01T00:00:00Z");
        assertThat(kinds(report)).containsExactly(CtReason.Kind.TOO_FEW_SCTS, CtReason.Kind.TOO_FEW_OPERATORS,
                CtReason.Kind.LOG_NOT_ACCEPTABLE);
    }

    @Test
    void anSctFromALogRetiredAfterItStillCounts() {
        CtReport report = check(leaf().sct(A1, LOGGED).sct(C_RETIRED_LATE, LOGGED).issue());

        assertThat(report.scts()).extracting(SctResult::status).containsOnly(SctStatus.VALID);
        assertThat(report.policy()).isEqualTo(CtCompliance.COMPLIANT);
    }

    @Test
    void retirementIsComparedWithTheCertificatesEarliestValidSct() {
        Instant beforeRetirement = Instant.parse("2026-01-10T00:00:00Z");
        Instant afterRetirement = Instant.parse("2026-01-20T00:00:00Z");

        CtReport loggedWhileRetiring = check(
                leaf().sct(A1, beforeRetirement).sct(C_RETIRED_LATE, afterRetirement).issue());
        CtReport loggedAfter = check(leaf().sct(A1, afterRetirement).sct(C_RETIRED_LATE, afterRetirement).issue());

        assertThat(loggedWhileRetiring.scts()).extracting(SctResult::status).containsOnly(SctStatus.VALID);
        assertThat(loggedWhileRetiring.policy()).isEqualTo(CtCompliance.COMPLIANT);
        assertThat(loggedAfter.scts().get(1).status()).isEqualTo(SctStatus.LOG_NOT_ACCEPTABLE);
        assertThat(loggedAfter.scts().get(1).detail()).isEqualTo("the log retired at 2026-01-15T00:00:00Z, not after"
                + " the certificate's earliest SCT at 2026-01-20T00:00:00Z");
    }

    @Test
    void anSctCountsForTheOperatorThatRanTheLogWhenItWasIssued() {
        CtReport underPrevious = check(leaf().sct(A1, LOGGED).sct(A_MOVED, LOGGED).issue());
        CtReport underCurrent = check(
                leaf().sct(A1, LOGGED).sct(A_MOVED, Instant.parse("2026-01-01T00:00:00Z")).issue());

        assertThat(underPrevious.policy()).isEqualTo(CtCompliance.COMPLIANT);
        assertThat(underCurrent.scts()).extracting(SctResult::status).containsOnly(SctStatus.VALID);
        assertThat(kinds(underCurrent)).containsExactly(CtReason.Kind.TOO_FEW_OPERATORS);
    }

    @Test
    void sctsOnlyFromRetiredLogsAreNotCompliant() {
        CtReport report = check(leaf().sct(C_RETIRED_LATE, LOGGED).sct(D_RETIRED_LATE, LOGGED).issue());

        assertThat(report.scts()).extracting(SctResult::status).containsOnly(SctStatus.VALID);
        assertThat(kinds(report)).containsExactly(CtReason.Kind.NO_LOG_IN_SERVICE);
    }

    @Test
    void anSctFromAPendingLogDoesNotCount() {
        CtReport report = check(leaf().sct(A1, LOGGED).sct(D_PENDING, LOGGED).issue());

        assertThat(report.scts().get(1).status()).isEqualTo(SctStatus.LOG_NOT_ACCEPTABLE);
        assertThat(report.scts().get(1).detail()).startsWith("the log is pending");
        assertThat(report.policy()).isEqualTo(CtCompliance.NOT_COMPLIANT);
    }

    @Test
    void anSctTimestampedAfterTheCheckIsFromTheFuture() {
        Instant later = AT.plus(Duration.ofHours(1));

        CtReport report = check(leaf().sct(A1, LOGGED).sct(B1, later).issue());

        assertThat(report.scts().get(1).status()).isEqualTo(SctStatus.FUTURE_TIMESTAMP);
        assertThat(report.scts().get(1).timestamp()).isEqualTo(later);
        assertThat(kinds(report)).contains(CtReason.Kind.FUTURE_TIMESTAMP);
        assertThat(new CtChecker(LOGS).check(leaf().sct(A1, LOGGED).sct(B1, later).issue(), ROOT.certificate(),
                later).policy()).isEqualTo(CtCompliance.COMPLIANT);
    }

    @Test
    void aShardedLogCountsOnlyForCertificatesExpiringInItsInterval() {
        CtReport inside = check(leaf().sct(A1, LOGGED).sct(B_SHARD, LOGGED).issue());
        CtReport outside = check(leafValidFor(200).sct(A1, LOGGED).sct(A2, LOGGED).sct(B_SHARD, LOGGED).issue());

        assertThat(inside.policy()).isEqualTo(CtCompliance.COMPLIANT);
        assertThat(outside.scts().get(2).status()).isEqualTo(SctStatus.LOG_NOT_ACCEPTABLE);
        assertThat(outside.scts().get(2).detail()).contains("outside the log's temporal interval");
        assertThat(kinds(outside)).contains(CtReason.Kind.TOO_FEW_SCTS, CtReason.Kind.TOO_FEW_OPERATORS);
    }

    @Test
    void malformedSctListBytesMakeANonCompliantReportSayingWhere() throws Exception {
        byte[] tls = SctLeaves.list(List.of(SctLeaves.sct(A1.logId(), 1L, 3, new byte[8])));
        byte[] truncated = java.util.Arrays.copyOf(tls, tls.length - 3);
        X509Certificate leaf = TestPki.leaf(ROOT).extension(SctLeaves.extension(truncated)).issue();

        CtReport report = check(leaf);

        assertThat(report.sctCount()).isZero();
        assertThat(report.policy()).isEqualTo(CtCompliance.NOT_COMPLIANT);
        assertThat(report.reasons()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(CtReason.Kind.MALFORMED_SCT_LIST);
            assertThat(r.message()).startsWith("malformed SCT list at byte 2: the list length says");
        });
    }

    @Test
    void theSignatureBindsTheIssuersKey() {
        X509Certificate leaf = leaf().sct(A1, LOGGED).sct(B1, LOGGED).issue();
        X509Certificate sameNameOtherKey = TestPki.intermediate(TestPki.rootCa("CN=Other Root"), "CN=CT Test Root")
                .keys(TestPki.rsa("ct-other-issuer-key")).issue();

        CtReport report = new CtChecker(LOGS).check(leaf, sameNameOtherKey, AT);

        assertThat(report.scts()).extracting(SctResult::status).containsOnly(SctStatus.INVALID_SIGNATURE);
    }

    @Test
    void anIssuerThatDidNotIssueTheCertificateIsRefused() {
        X509Certificate leaf = leaf().sct(A1, LOGGED).issue();
        X509Certificate stranger = TestPki.rootCa("CN=Stranger").certificate();

        assertThatThrownBy(() -> new CtChecker(LOGS).check(leaf, stranger, AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CN=Stranger").hasMessageContaining("not the certificate's issuer");
    }

    @Test
    void theRebuiltPrecertificateLacksOnlyTheSctList() throws Exception {
        X509Certificate leaf = leaf().sct(A1, LOGGED).issue();

        org.bouncycastle.asn1.x509.TBSCertificate tbs = org.bouncycastle.asn1.x509.TBSCertificate.getInstance(
                SctSignatures.precertificateTbs(leaf));
        org.bouncycastle.asn1.x509.TBSCertificate original = org.bouncycastle.asn1.x509.TBSCertificate.getInstance(
                leaf.getTBSCertificate());

        assertThat(tbs.getExtensions().getExtension(SctLeaves.SCT_LIST)).isNull();
        assertThat(original.getExtensions().getExtension(SctLeaves.SCT_LIST)).isNotNull();
        assertThat(tbs.getExtensions().getExtensionOIDs())
                .containsExactly(java.util.Arrays.stream(original.getExtensions().getExtensionOIDs())
                        .filter(o -> !o.equals(SctLeaves.SCT_LIST))
                        .toArray(org.bouncycastle.asn1.ASN1ObjectIdentifier[]::new));
        assertThat(tbs.getSerialNumber()).isEqualTo(original.getSerialNumber());
        assertThat(tbs.getSubject()).isEqualTo(original.getSubject());
    }
}
