package dev.vigil.jobs.cert.chain;

import static dev.vigil.jobs.cert.chain.ChainFixtures.INTERMEDIATE;
import static dev.vigil.jobs.cert.chain.ChainFixtures.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class CaFactsTest {
    @Test
    void factsOfCasAndLeavesAreThoseReadDirectlyAlsoWhenRemembered() {
        CaFacts facts = new CaFacts(1);
        X509Certificate leaf = TestPki.leaf(INTERMEDIATE).subject("CN=www.example.com").issue();

        for (int round = 0; round < 2; round++) {
            for (X509Certificate c : new X509Certificate[] {leaf, INTERMEDIATE.certificate(), ROOT.certificate()}) {
                assertThat(facts.authorityKeyId(c)).isEqualTo(PathSearch.authorityKeyId(c));
                assertThat(facts.subjectKeyId(c)).isEqualTo(PathSearch.subjectKeyId(c));
                assertThat(facts.jdkJudgesMore(c)).isEqualTo(JdkPkix.addsToVigilsChecks(c));
                assertThat(facts.jdkJudgesMoreAsAnchor(c)).isEqualTo(JdkPkix.addsToVigilsChecksAsAnchor(c));
                assertThat(facts.describe(c)).isEqualTo(Certificates.describe(c));
            }
        }
        assertThat(facts.describe(INTERMEDIATE.certificate())).isEqualTo("CN=Chain Int");
        assertThat(facts.subjectKeyId(INTERMEDIATE.certificate())).isNotEmpty();
    }

    @Test
    void aCapacityBelowOneIsRejected() {
        assertThatThrownBy(() -> new CaFacts(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }
}
