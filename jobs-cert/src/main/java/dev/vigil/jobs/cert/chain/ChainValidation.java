package dev.vigil.jobs.cert.chain;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of validating one certificate's chain.
 *
 * @param status the most important problem's id (see {@link ChainStatus}'s order), or {@link ChainStatus#VALID}
 *        when there is no problem; not null
 * @param problems every problem found, without duplicates, ordered by position (problems outside the path
 *        first), then by importance; empty exactly when the status is {@code VALID}
 * @param path the subjects of the path found, from the leaf (position 0) upwards; it ends with the trust
 *        anchor's subject when a path to an anchor was found, otherwise with the last certificate whose
 *        issuer could not be found; empty when the leaf itself does not decode
 * @param aiaFetches how many caIssuers URLs this validation fetched through the issuer fetcher; answers
 *        taken from the {@link CaIssuersCache} do not count
 */
public record ChainValidation(ChainStatus status, List<ChainProblem> problems, List<String> path, int aiaFetches) {

    /** Problems outside the path first, then path order, then importance. */
    static final Comparator<ChainProblem> ORDER = Comparator.comparingInt(ChainProblem::position)
            .thenComparing(ChainProblem::id);

    /** Checks that the status agrees with the problems; copies the lists. */
    public ChainValidation {
        Objects.requireNonNull(status, "status");
        problems = List.copyOf(problems);
        path = List.copyOf(path);
        if (aiaFetches < 0) {
            throw new IllegalArgumentException("aiaFetches must not be negative, got " + aiaFetches);
        }
        if (status != statusOf(problems)) {
            throw new IllegalArgumentException("status " + status + " does not match the problems " + problems);
        }
    }

    /** @return a validation whose status is its most important problem's id */
    static ChainValidation of(List<ChainProblem> problems, List<String> path, int aiaFetches) {
        return new ChainValidation(statusOf(problems), problems.stream().sorted(ORDER).toList(), path, aiaFetches);
    }

    /** @return whether no problem was found */
    public boolean valid() {
        return status == ChainStatus.VALID;
    }

    /** @return the problems with that id, in path order */
    public List<ChainProblem> problems(ChainStatus id) {
        return problems.stream().filter(p -> p.id() == id).toList();
    }

    private static ChainStatus statusOf(List<ChainProblem> problems) {
        return problems.stream().map(ChainProblem::id).min(Comparator.naturalOrder()).orElse(ChainStatus.VALID);
    }
}
