package dev.vigil.jobs.cert.caa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.cert.CaaAnswer;
import dev.vigil.spi.cert.CaaLookup;
import dev.vigil.spi.cert.CaaProperty;
import dev.vigil.jobs.cert.testing.TestPki;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

/** The checker over the dnsjava lookup over a fake dnsjava resolver: dnsjava's own resolution is under test. */
class CaaCheckerTest {
    private static final CaaIssuer LETS_ENCRYPT = CaaIssuer.of("letsencrypt.org");
    private static final String ACCOUNT = "https://acme-v02.api.letsencrypt.org/acme/acct/1001";

    private final FakeDnsResolver dns = new FakeDnsResolver();

    private CaaChecker checker() {
        return CaaChecker.using(DnsjavaCaaLookup.using(dns));
    }

    private CaaNameResult check(String name, CaaIssuer issuer) {
        return checker().checkName(name, issuer);
    }

    @Test
    void theSearchClimbsToTheFirstParentWithCaaRecords() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org").exists("shop.example.com");

        CaaNameResult result = check("www.shop.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(result.relevantDomain()).contains("example.com");
        assertThat(result.decidingProperty()).contains(new CaaProperty(0, "issue", "letsencrypt.org"));
        assertThat(dns.queries()).containsExactly("www.shop.example.com", "shop.example.com", "example.com");
    }

    @Test
    void noCaaUpToButExcludingTheRootAuthorisesAnyCa() {
        CaaNameResult result = check("www.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(result.relevantDomain()).isEmpty();
        assertThat(result.decidingProperty()).isEmpty();
        assertThat(dns.queries()).containsExactly("www.example.com", "example.com", "com");
    }

    @Test
    void anotherCaInTheRelevantRrsetIsNotAnAuthorisation() {
        dns.caa("example.com", 0, "issue", "digicert.com").caa("example.com", 0, "iodef", "mailto:sec@example.com");

        CaaNameResult result = check("example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(result.decidingProperty()).contains(new CaaProperty(0, "issue", "digicert.com"));
        assertThat(result.reason()).contains("no issue property names letsencrypt.org");
    }

    @Test
    void theFirstRrsetFoundIsTheOnlyOneThatCounts() {
        dns.caa("www.example.com", 0, "issue", "digicert.com").caa("example.com", 0, "issue", "letsencrypt.org");

        CaaNameResult result = check("www.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(result.relevantDomain()).contains("www.example.com");
        assertThat(dns.queries()).containsExactly("www.example.com");
    }

    @Test
    void issuewildGovernsAWildcardAndIssueTheBareName() {
        dns.caa("example.com", 0, "issue", "digicert.com").caa("example.com", 0, "issuewild", "letsencrypt.org");

        CaaNameResult wildcard = check("*.example.com", LETS_ENCRYPT);
        CaaNameResult bare = check("example.com", LETS_ENCRYPT);

        assertThat(wildcard.wildcard()).isTrue();
        assertThat(wildcard.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(wildcard.decidingProperty()).contains(new CaaProperty(0, "issuewild", "letsencrypt.org"));
        assertThat(bare.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(dns.queries()).startsWith("example.com");
    }

    @Test
    void aWildcardFallsBackToIssueWithoutIssuewild() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org");

        CaaNameResult result = check("*.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(result.decidingProperty()).contains(new CaaProperty(0, "issue", "letsencrypt.org"));
    }

    @Test
    void issuewildSemicolonForbidsWildcardsOnly() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org").caa("example.com", 0, "issuewild", ";");

        assertThat(check("*.example.com", LETS_ENCRYPT).outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(check("www.example.com", LETS_ENCRYPT).outcome()).isEqualTo(CaaOutcome.AUTHORISED);
    }

    @Test
    void anIssueWithoutAnIssuerForbidsIssuance() {
        dns.caa("example.com", 0, "issue", ";");

        CaaNameResult result = check("example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(result.decidingProperty()).contains(new CaaProperty(0, "issue", ";"));
        assertThat(result.reason()).contains("forbids");
    }

    @Test
    void aCriticalUnknownTagForbidsIssuanceEvenWhenTheCaIsNamed() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org").caa("example.com", 128, "tbs", "unknown");

        CaaNameResult result = check("example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(result.decidingProperty()).hasValueSatisfying(p -> assertThat(p.critical()).isTrue());
        assertThat(result.reason()).contains("critical", "tbs");
    }

    @Test
    void aNonCriticalUnknownTagIsIgnored() {
        dns.caa("example.com", 0, "tbs", "unknown").caa("example.com", 0, "issue", "letsencrypt.org");

        assertThat(check("example.com", LETS_ENCRYPT).outcome()).isEqualTo(CaaOutcome.AUTHORISED);
    }

    @Test
    void aCriticalKnownTagIsObeyedNormally() {
        dns.caa("example.com", 128, "issue", "letsencrypt.org");

        assertThat(check("example.com", LETS_ENCRYPT).outcome()).isEqualTo(CaaOutcome.AUTHORISED);
    }

    @Test
    void tagsIssuerNamesAndDomainNamesIgnoreCase() {
        CaaLookup published = domain -> domain.equals("example.com")
                ? CaaAnswer.records(List.of(new CaaProperty(0, "ISSUE", "LetsEncrypt.Org"))) : CaaAnswer.nxDomain();

        CaaNameResult result = CaaChecker.using(published).checkName("WWW.Example.COM", CaaIssuer.of("LETSENCRYPT.org"));

        assertThat(result.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(result.relevantDomain()).contains("example.com");
    }

    @Test
    void anUpperCaseTagThatDnsjavaRefusesToParseIsALookupFailureNotAPermission() {
        dns.caa("example.com", 0, "ISSUE", "letsencrypt.org");

        CaaNameResult result = check("www.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.LOOKUP_FAILED);
        assertThat(result.reason()).startsWith("CAA lookup of example.com failed");
    }

    @Test
    void anRrsetWithoutIssuePropertiesDoesNotRestrict() {
        dns.caa("example.com", 0, "iodef", "mailto:sec@example.com");

        CaaNameResult result = check("*.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(result.relevantDomain()).contains("example.com");
        assertThat(result.reason()).contains("does not restrict");
    }

    @Test
    void anyOneMatchingIssuePropertyAuthorises() {
        dns.caa("example.com", 0, "issue", "digicert.com").caa("example.com", 0, "issue", "letsencrypt.org");

        assertThat(check("example.com", LETS_ENCRYPT).outcome()).isEqualTo(CaaOutcome.AUTHORISED);
    }

    @Test
    void anAccountUriMustMatchTheConfiguredAccount() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org; accounturi=" + ACCOUNT);

        CaaNameResult match = check("example.com", LETS_ENCRYPT.withAccountUris(ACCOUNT));
        CaaNameResult mismatch = check("example.com", LETS_ENCRYPT.withAccountUris(ACCOUNT + "9"));

        assertThat(match.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(mismatch.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(mismatch.reason()).contains("accounturi");
        assertThat(mismatch.decidingProperty()).isPresent();
    }

    @Test
    void anAccountUriIsNotCheckedWhenNoAccountIsConfigured() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org; accounturi=" + ACCOUNT);

        assertThat(check("example.com", LETS_ENCRYPT).outcome()).isEqualTo(CaaOutcome.AUTHORISED);
    }

    @Test
    void validationMethodsMustIncludeAConfiguredMethod() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org; validationmethods=dns-01,tls-alpn-01");

        CaaNameResult allowed = check("example.com", LETS_ENCRYPT.withValidationMethods("dns-01"));
        CaaNameResult refused = check("example.com", LETS_ENCRYPT.withValidationMethods("http-01"));

        assertThat(allowed.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(refused.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(refused.reason()).contains("validationmethods", "http-01");
    }

    @Test
    void aMalformedValueAuthorisesNoCa() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org; accounturi");
        dns.caa("shop.example.net", 0, "issue", "letsencrypt.org; validationmethods=dns-01,,http-01");

        CaaNameResult badGrammar = check("example.com", LETS_ENCRYPT);
        CaaNameResult badMethods = check("shop.example.net", LETS_ENCRYPT);

        assertThat(badGrammar.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(badGrammar.reason()).contains("malformed");
        assertThat(badMethods.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(badMethods.reason()).contains("malformed validationmethods");
    }

    @Test
    void servfailIsALookupFailureNeverAPermission() {
        dns.servfail("www.example.com").caa("example.com", 0, "issue", "letsencrypt.org");

        CaaNameResult result = check("www.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.LOOKUP_FAILED);
        assertThat(result.reason()).contains("www.example.com", "SERVFAIL");
        assertThat(result.relevantDomain()).isEmpty();
    }

    @Test
    void aFailureHigherUpTheClimbIsALookupFailure() {
        dns.servfail("example.com");

        CaaNameResult result = check("www.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.LOOKUP_FAILED);
        assertThat(dns.queries()).doesNotContain("com");
    }

    @Test
    void aTimeoutAndARefusalAreLookupFailures() {
        dns.timeout("a.example.com").refused("b.example.com");

        CaaNameResult timedOut = check("a.example.com", LETS_ENCRYPT);
        CaaNameResult refused = check("b.example.com", LETS_ENCRYPT);

        assertThat(timedOut.outcome()).isEqualTo(CaaOutcome.LOOKUP_FAILED);
        assertThat(timedOut.reason()).contains("timed out");
        assertThat(refused.outcome()).isEqualTo(CaaOutcome.LOOKUP_FAILED);
        assertThat(refused.reason()).contains("REFUSED");
    }

    @Test
    void aCnameIsFollowedToTheTargetsCaaRecords() {
        dns.cname("www.example.com", "cdn.provider.net").caa("cdn.provider.net", 0, "issue", "digicert.com")
                .caa("example.com", 0, "issue", "letsencrypt.org");

        CaaNameResult result = check("www.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
        assertThat(result.relevantDomain()).contains("www.example.com");
        assertThat(result.decidingProperty()).contains(new CaaProperty(0, "issue", "digicert.com"));
        assertThat(result.reason()).contains("alias for cdn.provider.net");
    }

    @Test
    void aCnameIsFollowedWhenTheResolverReturnsOnlyTheAlias() {
        dns.withoutChasingAliases().cname("www.example.com", "cdn.provider.net")
                .caa("cdn.provider.net", 0, "issue", "letsencrypt.org");

        CaaNameResult result = check("www.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(dns.queries()).containsExactly("www.example.com", "cdn.provider.net");
    }

    @Test
    void anAliasWithoutCaaClimbsFromTheAliasNotTheTarget() {
        dns.cname("www.example.com", "cdn.provider.net").exists("cdn.provider.net")
                .caa("provider.net", 0, "issue", "digicert.com").caa("example.com", 0, "issue", "letsencrypt.org");

        CaaNameResult result = check("www.example.com", LETS_ENCRYPT);

        assertThat(result.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(result.relevantDomain()).contains("example.com");
    }

    @Test
    void aMalformedNameIsAnErrorForThatNameAndTheOthersAreStillChecked() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org");

        CaaReport report = checker().check(List.of("www.example.com", "bad..example.com", "b\u00fccher.example.com",
                "www.*.example.com", "-x.example.com"), LETS_ENCRYPT);

        assertThat(report.names()).extracting(CaaNameResult::outcome).containsExactly(CaaOutcome.AUTHORISED,
                CaaOutcome.LOOKUP_FAILED, CaaOutcome.LOOKUP_FAILED, CaaOutcome.LOOKUP_FAILED, CaaOutcome.LOOKUP_FAILED);
        assertThat(report.names().get(2).reason()).contains("A-label");
        assertThat(report.outcome()).isEqualTo(CaaOutcome.LOOKUP_FAILED);
        assertThat(dns.queries()).containsExactly("www.example.com", "example.com");
    }

    @Test
    void aCertificateWithAMalformedDnsNameGetsAnErrorForThatNameOnly() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org");
        X509Certificate certificate = TestPki.leaf(TestPki.rootCa("CN=CAA Root"))
                .dnsNames("www.example.com", "bad..example.com", "mail.example.com").issue();

        CaaReport report = checker().check(certificate, LETS_ENCRYPT);

        assertThat(report.names()).extracting(CaaNameResult::name, CaaNameResult::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("www.example.com", CaaOutcome.AUTHORISED),
                org.assertj.core.groups.Tuple.tuple("bad..example.com", CaaOutcome.LOOKUP_FAILED),
                org.assertj.core.groups.Tuple.tuple("mail.example.com", CaaOutcome.AUTHORISED));
        assertThat(report.names().get(1).reason()).contains("empty label");
        assertThat(report.outcome()).isEqualTo(CaaOutcome.LOOKUP_FAILED);
    }

    @Test
    void oneRefusedNameMakesTheCertificateNotAuthorisedWhateverFailedElsewhere() {
        dns.caa("example.com", 0, "issue", "digicert.com").servfail("example.org");

        CaaReport report = checker().check(List.of("example.org", "example.com"), LETS_ENCRYPT);

        assertThat(report.names()).extracting(CaaNameResult::outcome)
                .containsExactly(CaaOutcome.LOOKUP_FAILED, CaaOutcome.NOT_AUTHORISED);
        assertThat(report.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
    }

    @Test
    void answersAreRememberedForTheLifeOfTheChecker() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org");

        CaaReport report = checker().check(List.of("a.example.com", "b.example.com", "*.example.com"), LETS_ENCRYPT);

        assertThat(report.outcome()).isEqualTo(CaaOutcome.AUTHORISED);
        assertThat(dns.queries()).containsExactly("a.example.com", "example.com", "b.example.com");
    }

    @Test
    void aCertificatesDnsNamesAreCheckedAndItsIpAddressesAreNot() {
        dns.caa("example.com", 0, "issue", "letsencrypt.org").caa("example.com", 0, "issuewild", ";");
        X509Certificate certificate = TestPki.leaf(TestPki.rootCa("CN=CAA Root")).subject("CN=www.example.com")
                .dnsNames("www.example.com", "*.example.com").ipAddresses("192.0.2.7").issue();

        CaaReport report = checker().check(certificate, LETS_ENCRYPT);

        assertThat(report.names()).extracting(CaaNameResult::name).containsExactly("www.example.com", "*.example.com");
        assertThat(report.names()).extracting(CaaNameResult::outcome)
                .containsExactly(CaaOutcome.AUTHORISED, CaaOutcome.NOT_AUTHORISED);
        assertThat(report.outcome()).isEqualTo(CaaOutcome.NOT_AUTHORISED);
    }

    @Test
    void aCertificateWithoutSubjectAltNameIsCheckedByItsHostNameCommonName() {
        X509Certificate certificate = TestPki.leaf(TestPki.rootCa("CN=CAA Root")).subject("CN=legacy.example.com").issue();

        CaaReport report = checker().check(certificate, LETS_ENCRYPT);

        assertThat(report.names()).extracting(CaaNameResult::name).containsExactly("legacy.example.com");
    }

    @Test
    void aCertificateWithOnlyAnIpAddressHasNoNameForCaa() {
        X509Certificate certificate = TestPki.leaf(TestPki.rootCa("CN=CAA Root")).subject("CN=host.example.com")
                .ipAddresses("192.0.2.7").issue();

        CaaReport report = checker().check(certificate, LETS_ENCRYPT);

        assertThat(report.names()).isEmpty();
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void aCertificateWhoseSubjectAltNameDoesNotDecodeIsAClearError() {
        X509Certificate certificate = TestPki.leaf(TestPki.rootCa("CN=CAA Root")).extension(new Extension(
                Extension.subjectAlternativeName, false, new DEROctetString(new byte[] {0x30, 0x05, (byte) 0x82})))
                .issue();

        assertThatThrownBy(() -> checker().check(certificate, LETS_ENCRYPT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subjectAltName");
    }

    @Test
    void anIssuerNeedsAValidDomainName() {
        assertThatThrownBy(() -> CaaIssuer.of("lets encrypt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lets encrypt");
        assertThatThrownBy(() -> CaaIssuer.of()).isInstanceOf(IllegalArgumentException.class);
    }
}
