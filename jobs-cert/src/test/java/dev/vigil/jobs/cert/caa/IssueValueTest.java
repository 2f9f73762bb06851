package dev.vigil.jobs.cert.caa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IssueValueTest {

    @Test
    void aBareIssuerDomainNameIsReadInLowerCase() {
        assertThat(IssueValue.parse("LetsEncrypt.ORG")).contains(new IssueValue(Optional.of("letsencrypt.org"), Map.of()));
    }

    @Test
    void parametersAreReadWithWhitespaceAroundTheSeparators() {
        IssueValue value = IssueValue.parse(" ca.example.net ;\taccounturi = https://ca.example.net/acct/1 ; "
                + "ValidationMethods=dns-01,http-01 ").orElseThrow();

        assertThat(value.issuerDomainName()).contains("ca.example.net");
        assertThat(value.parameters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "accounturi", "https://ca.example.net/acct/1", "validationmethods", "dns-01,http-01"));
    }

    @ParameterizedTest
    @ValueSource(strings = {";", "", "  ", "; accounturi=https://ca.example.net/acct/1"})
    void aValueWithoutAnIssuerNamesNoCa(String text) {
        assertThat(IssueValue.parse(text)).hasValueSatisfying(v -> assertThat(v.issuerDomainName()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca.example.net;", "ca.example.net ; ", "ca.example.net; a=", "a1.b-c--d.example"})
    void valuesOnTheGrammarParse(String text) {
        assertThat(IssueValue.parse(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca.example.net.", "-ca.example.net", "ca-.example.net", "ca..example.net",
        "ca_x.example.net", "ca.example.net x", "ca.example.net; accounturi", "ca.example.net; a=b;",
        "ca.example.net; a=b c=d", "ca.example.net; a=1; A=2", "ca.example.net; =b", "ca.example.net; a=\u00e9",
        "ca.example.net;; a=b"})
    void valuesOffTheGrammarAreMalformed(String text) {
        assertThat(IssueValue.parse(text)).isEmpty();
    }
}
