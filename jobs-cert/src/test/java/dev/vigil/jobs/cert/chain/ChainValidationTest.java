package dev.vigil.jobs.cert.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChainValidationTest {
    private static ChainProblem problem(ChainStatus id, int position) {
        return new ChainProblem(id, position, "CN=x", "what is wrong");
    }

    @Test
    void theStatusIsTheMostImportantProblemAndProblemsAreInPathOrder() {
        ChainValidation result = ChainValidation.of(List.of(problem(ChainStatus.EXPIRED, 2),
                problem(ChainStatus.KEY_USAGE, 0), problem(ChainStatus.REVOKED, 0),
                problem(ChainStatus.MALFORMED_CERTIFICATE, ChainProblem.NOT_IN_PATH)), List.of("CN=x"), 0);

        assertThat(result.status()).isEqualTo(ChainStatus.MALFORMED_CERTIFICATE);
        assertThat(result.problems()).extracting(ChainProblem::id).containsExactly(ChainStatus.MALFORMED_CERTIFICATE,
                ChainStatus.REVOKED, ChainStatus.KEY_USAGE, ChainStatus.EXPIRED);
        assertThat(result.problems(ChainStatus.EXPIRED)).extracting(ChainProblem::position).containsExactly(2);
    }

    @Test
    void noProblemIsValid() {
        assertThat(ChainValidation.of(List.of(), List.of("CN=x"), 0).valid()).isTrue();
    }

    @Test
    void aStatusThatDisagreesWithTheProblemsIsRejected() {
        assertThatThrownBy(() -> new ChainValidation(ChainStatus.VALID, List.of(problem(ChainStatus.EXPIRED, 0)),
                List.of(), 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> new ChainValidation(ChainStatus.EXPIRED, List.of(), List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChainValidation(ChainStatus.VALID, List.of(), List.of(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aiaFetches");
    }

    @Test
    void aProblemIsNeverValidAndHasAPositionAndTexts() {
        assertThatThrownBy(() -> problem(ChainStatus.VALID, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> problem(ChainStatus.EXPIRED, -2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChainProblem(ChainStatus.EXPIRED, 0, "CN=x", " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
