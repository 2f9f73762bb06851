package dev.vigil.jobs.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.jobs.cert.testing.TestPki;
import dev.vigil.spi.InvalidParameterException;
import dev.vigil.spi.JobDescriptor;
import dev.vigil.spi.RunState;
import dev.vigil.spi.cert.RenewalStep;
import dev.vigil.testkit.HarnessRun;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollingRequestJobTest {
    private final RenewalWorld world = new RenewalWorld();

    @Test
    void aCertificateWithoutARenewalRecordHasNothingPending() {
        HarnessRun run = world.poll("web1");

        assertThat(run.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.result().message()).contains("nothing pending", "web1");
    }

    @Test
    void aFinishedRenewalHasNothingPendingAndIsNotRepeated() {
        world.add("web1", TestPki.ec("secp256r1"));
        world.renew();
        world.poll("web1");

        HarnessRun again = world.poll("web1");

        assertThat(again.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(again.result().message()).contains("nothing pending", "renewed-00001");
        assertThat(world.renewals.storedCount()).isEqualTo(1);
    }

    @Test
    void aCaDownWhilePollingFailsTheRunAndKeepsTheOrder() {
        world.add("web1", TestPki.ec("secp256r1"));
        world.ca.issueAfterPolls(1);
        world.renew();
        world.ca.failWith(new IllegalStateException("503 from the CA"));

        HarnessRun down = world.poll("web1");
        world.ca.recover();
        world.clock.advance(Duration.ofMinutes(5));
        HarnessRun up = world.poll("web1");

        assertThat(down.runState()).isEqualTo(RunState.FAILED);
        assertThat(down.result().itemErrors()).singleElement().satisfies(e -> assertThat(e.message()).contains("503"));
        assertThat(up.runState()).isEqualTo(RunState.SUCCEEDED);
        assertThat(world.record("web1").step()).isEqualTo(RenewalStep.DONE);
        assertThat(world.ca.requestIdsOrdered()).isEqualTo(1);
    }

    @Test
    void aCaStillDownPastTheDeadlineFailsTheAttempt() {
        world.add("web1", TestPki.ec("secp256r1"));
        world.ca.slow();
        world.renew();
        world.ca.failWith(new IllegalStateException("503 from the CA"));
        world.clock.advance(Duration.ofDays(8));

        HarnessRun late = world.poll("web1");

        assertThat(late.runState()).isEqualTo(RunState.FAILED);
        assertThat(world.record("web1").step()).isEqualTo(RenewalStep.FAILED);
        assertThat(world.record("web1").lastError()).hasValueSatisfying(e -> assertThat(e).contains("deadline", "503"));
    }

    @Test
    void theJobIsManualRetriedAndNeedsACertificateId() {
        JobDescriptor descriptor = new PollingRequestJob().descriptor();

        assertThat(descriptor.defaultSchedule().toText()).isEqualTo("manual");
        assertThat(descriptor.defaultPolicies().retry().maxAttempts()).isGreaterThanOrEqualTo(100);
        assertThat(descriptor.defaultPolicies().retry().initialDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(descriptor.defaultPolicies().retry().maxDelay()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> world.harness(new PollingRequestJob()).run())
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining(PollingRequestJob.CERTIFICATE_ID);
    }
}
