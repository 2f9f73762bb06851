package dev.vigil.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.store.ClaimResult;
import dev.vigil.spi.store.NewRun;
import dev.vigil.spi.store.RunCompletion;
import dev.vigil.spi.store.RunQuery;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two nodes claiming at once from one PostgreSQL store, with many due runs sharing few mutex keys:
 * their claims cross on the mutex slots all the time, and every one of them must still succeed
 * (the loser of a race retries inside the store) without a key ever held twice.
 */
class PostgresClaimRaceTest {
    private static final int RUNS = 240;
    private static final int KEYS = 12;

    @Test
    void twoNodesClaimingRunsThatShareMutexKeysNeverFailAndNeverHoldAKeyTwice() throws Exception {
        JdbcJobStore a = JdbcJobStore.builder(TestDatabases.postgres()).tablePrefix("vigil_race_").build();
        a.deleteEverything();
        JdbcJobStore b = JdbcJobStore.builder(TestDatabases.postgres()).tablePrefix("vigil_race_").build();
        Instant due = a.now().minusSeconds(1);
        for (int i = 0; i < RUNS; i++) {
            a.enqueue(new NewRun("race", "test.race", RunOrigin.MANUAL, null, 1, due, due, "key-" + (i % KEYS),
                    ConcurrencyPolicy.ALLOW, Duration.ZERO, Map.of()));
        }
        Set<String> held = ConcurrentHashMap.newKeySet();
        List<String> doubleHeld = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (JdbcJobStore node : List.of(a, b)) {
                String owner = node == a ? "node-a" : "node-b";
                done.add(nodes.submit(() -> {
                    start.await();
                    int completed = 0;
                    int idle = 0;
                    while (idle < 5) {
                        ClaimResult claimed = node.claimDue(owner, 6, Duration.ofMinutes(1));
                        idle = claimed.claimed().isEmpty() ? idle + 1 : 0;
                        for (RunRecord r : claimed.claimed()) {
                            if (!held.add(r.mutexKey())) {
                                synchronized (doubleHeld) {
                                    doubleHeld.add(r.mutexKey());
                                }
                            }
                        }
                        for (RunRecord r : claimed.claimed()) {
                            held.remove(r.mutexKey());
                            node.complete(new RunCompletion(r.id(), owner, r.fencingToken(), RunState.SUCCEEDED,
                                    RunCounts.ZERO, "", List.of(), List.of(), false));
                            completed++;
                        }
                    }
                    return completed;
                }));
            }
            int completed = 0;
            for (Future<Integer> f : done) {
                completed += f.get(120, TimeUnit.SECONDS); // a claim that failed would surface here
            }

            assertThat(doubleHeld).isEmpty();
            assertThat(completed).isEqualTo(RUNS);
            assertThat(a.runs(RunQuery.forDefinition("race").states(RunState.SUCCEEDED).limit(RUNS + 1))).hasSize(RUNS);
        } finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void aTransactionTheDatabaseRolledBackIsRecognisedAsOneToTryAgain() {
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        SQLException chained = new SQLException("batch entry 1 aborted", "22000");
        chained.setNextException(new SQLException("could not serialize access", "40001"));

        assertThat(JdbcJobStore.isRolledBack(deadlock)).isTrue();
        assertThat(JdbcJobStore.isRolledBack(chained)).isTrue();
        assertThat(JdbcJobStore.isRolledBack(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(JdbcJobStore.isRolledBack(new SQLException("no state"))).isFalse();
    }
}
