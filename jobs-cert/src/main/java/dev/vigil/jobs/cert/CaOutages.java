package dev.vigil.jobs.cert;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run's record of its CA connectors' failures in a row. A connector that fails
 * {@value #GIVE_UP_AFTER} times in a row is not asked again in the run, so that a CA outage costs a
 * run a few timeouts rather than one per certificate; the certificates it would have been asked
 * about fail (or fall back) with the reason. Thread-safe.
 */
final class CaOutages {
    /** Failures in a row after which a run stops asking a connector. */
    static final int GIVE_UP_AFTER = 3;

    private final Map<String, Integer> failuresInARow = new ConcurrentHashMap<>();
    private final Map<String, String> lastFailure = new ConcurrentHashMap<>();

    /**
     * @param connector a connector's name
     * @return why the run no longer asks it, if it does not
     */
    Optional<String> givenUp(String connector) {
        if (failuresInARow.getOrDefault(connector, 0) < GIVE_UP_AFTER) {
            return Optional.empty();
        }
        return Optional.of("CA connector '" + connector + "' not asked: it failed " + GIVE_UP_AFTER
                + " times in a row in this run, last: " + lastFailure.get(connector));
    }

    /**
     * Records a failure and describes it.
     *
     * @param connector the connector's name
     * @param e what it threw
     * @return the exception's class and message, for the item's error
     */
    String failed(String connector, RuntimeException e) {
        String failure = CertificateScan.failure(e);
        failuresInARow.merge(connector, 1, Integer::sum);
        lastFailure.put(connector, failure);
        return failure;
    }

    /** @param connector a connector that answered: its count of failures in a row starts again */
    void answered(String connector) {
        failuresInARow.remove(connector);
    }
}
