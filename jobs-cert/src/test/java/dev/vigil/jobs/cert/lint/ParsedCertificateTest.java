package dev.vigil.jobs.cert.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;

class ParsedCertificateTest {
    @Test
    void timesInTheFormRfc5280PrescribesReadAsBouncyCastleReadsThem() {
        List<Time> times = List.of(new Time(new ASN1UTCTime("260315000000Z")), new Time(new ASN1UTCTime("491231235959Z")),
                new Time(new ASN1UTCTime("500101000000Z")), new Time(new ASN1UTCTime("991231235959Z")),
                new Time(new ASN1GeneralizedTime("20500101000000Z")), new Time(new ASN1GeneralizedTime("99991231235959Z")),
                new Time(new ASN1UTCTime("240229120000Z")));

        for (Time time : times) {
            assertThat(ParsedCertificate.instant(time)).as(time.toString()).isEqualTo(time.getDate().toInstant());
        }
        assertThat(ParsedCertificate.instant(times.get(1))).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
        assertThat(ParsedCertificate.instant(times.get(2))).isEqualTo(Instant.parse("1950-01-01T00:00:00Z"));
    }

    @Test
    void timesInOtherFormsAreLeftToBouncyCastle() {
        List<Time> times = List.of(new Time(new ASN1UTCTime("2603150000Z")),
                new Time(new ASN1GeneralizedTime("20260315000000.5Z")), new Time(new ASN1UTCTime("260315000000+0100")));

        for (Time time : times) {
            assertThat(ParsedCertificate.instant(time)).as(time.toString()).isEqualTo(time.getDate().toInstant());
        }
    }
}
