package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.store.ClaimResult;
import dev.vigil.spi.store.CompletionResult;
import dev.vigil.spi.store.HeartbeatResult;
import dev.vigil.spi.store.JobStore;
import dev.vigil.spi.store.NewRun;
import dev.vigil.spi.store.RunCompletion;
import dev.vigil.spi.store.RunQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineDriverTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualClock clock = ManualClock.at(T0);
    private final FakeEngine engine = new FakeEngine();
    private final EngineDriver driver = new EngineDriver(clock, engine, engine::runDue);

    @Test
    void advanceRunsEachRunExactlyWhenItIsDue() {
        engine.queue(T0.plus(Duration.ofMinutes(5)), Duration.ofMinutes(5));

        int ran = driver.advance(Duration.ofHours(1));

        assertThat(ran).isEqualTo(12);
        assertThat(engine.startTimes).hasSize(12).first().isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(engine.startTimes).last().isEqualTo(T0.plus(Duration.ofHours(1)));
        for (int i = 1; i < engine.startTimes.size(); i++) {
            assertThat(Duration.between(engine.startTimes.get(i - 1), engine.startTimes.get(i)))
                    .isEqualTo(Duration.ofMinutes(5));
        }
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void advanceToEndsAtTheTargetEvenWithNothingDue() {
        engine.queue(T0.plus(Duration.ofHours(2)), null);

        assertThat(driver.advanceTo(T0.plus(Duration.ofHours(1)))).isZero();
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(driver.advanceTo(T0.plus(Duration.ofHours(2)))).isEqualTo(1);
    }

    @Test
    void driverNeverMovesTimeBack() {
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> driver.advanceTo(T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver.runUntilIdle(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runDueRepeatsUntilNothingMoreIsDue() {
        int[] results = {2, 1, 0, 5};
        int[] call = {0};
        EngineDriver stepping = new EngineDriver(clock, engine, () -> results[call[0]++]);

        assertThat(stepping.runDue()).isEqualTo(3);
        assertThat(call[0]).isEqualTo(3);
        assertThat(clock.instant()).isEqualTo(T0);
    }

    @Test
    void runawayEngineFailsInsteadOfHanging() {
        EngineDriver runaway = new EngineDriver(clock, engine, () -> 1);

        assertThatThrownBy(runaway::runDue).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1000000 calls");
    }

    @Test
    void runUntilIdleStopsAtTheLastDueTimeWithinTheHorizon() {
        engine.queue(T0.plus(Duration.ofMinutes(1)), null);
        engine.queue(T0.plus(Duration.ofMinutes(3)), null);
        engine.queue(T0.plus(Duration.ofMinutes(10)), null);

        assertThat(driver.runUntilIdle(Duration.ofMinutes(5))).isEqualTo(2);
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(driver.runUntilIdle(Duration.ofMinutes(10))).isEqualTo(1);
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void runUntilIdleEndsForARecurringScheduleAtTheHorizon() {
        engine.queue(T0.plus(Duration.ofMinutes(1)), Duration.ofMinutes(1));

        assertThat(driver.runUntilIdle(Duration.ofHours(1))).isEqualTo(60);
        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void heldBackRunDoesNotHideLaterDueTimes() {
        engine.queueHeldBack(T0.minus(Duration.ofMinutes(1)));
        engine.queue(T0.plus(Duration.ofMinutes(2)), null);

        assertThat(driver.advance(Duration.ofMinutes(5))).isEqualTo(1);
        assertThat(engine.startTimes).containsExactly(T0.plus(Duration.ofMinutes(2)));
    }

    /**
     * An engine and its store in one: queued runs with due times; {@link #runDue()} runs the due
     * ones that are not held back and queues each recurring run's next fire.
     */
    private final class FakeEngine implements JobStore {
        private record Queued(long id, Instant dueAt, Duration period, boolean heldBack) {
        }

        private final List<Queued> queued = new ArrayList<>();
        private final List<Instant> startTimes = new ArrayList<>();
        private long lastId;

        void queue(Instant dueAt, Duration period) {
            queued.add(new Queued(++lastId, dueAt, period, false));
        }

        void queueHeldBack(Instant dueAt) {
            queued.add(new Queued(++lastId, dueAt, null, true));
        }

        int runDue() {
            List<Queued> due = queued.stream().filter(q -> !q.heldBack() && !q.dueAt().isAfter(clock.instant())).toList();
            queued.removeAll(due);
            for (Queued q : due) {
                startTimes.add(clock.instant());
                if (q.period() != null) {
                    queued.add(new Queued(++lastId, q.dueAt().plus(q.period()), q.period(), false));
                }
            }
            return due.size();
        }

        @Override
        public Instant now() {
            return clock.instant();
        }

        @Override
        public Optional<Instant> nextDueTime() {
            return queued.stream().map(Queued::dueAt).min(Comparator.naturalOrder());
        }

        @Override
        public List<RunRecord> runs(RunQuery query) {
            assertThat(query.states()).containsExactly(RunState.QUEUED);
            return queued.stream()
                    .filter(q -> query.beforeId() == 0 || q.id() < query.beforeId())
                    .sorted(Comparator.comparingLong(Queued::id).reversed())
                    .limit(query.limit())
                    .map(q -> new RunRecord(q.id(), "def", "test.job", RunOrigin.SCHEDULED, null, 1, RunState.QUEUED,
                            q.dueAt(), q.dueAt(), null, null, null, null, 0, null, ConcurrencyPolicy.ALLOW, Duration.ZERO,
                            Map.of(), RunCounts.ZERO, "", List.of(), 0, 0, 0, 0, false))
                    .toList();
        }

        @Override
        public void saveDefinition(JobDefinition definition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean insertDefinitionIfAbsent(JobDefinition definition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<JobDefinition> findDefinition(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<JobDefinition> definitions() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean deleteDefinition(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<RunRecord> enqueue(NewRun run) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<RunRecord> enqueueChildren(long parentRunId, List<NewRun> children, int maxParallel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ClaimResult claimDue(String owner, int limit, Duration lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public HeartbeatResult heartbeat(String owner, Collection<Long> runIds, Duration lease) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionResult complete(RunCompletion completion) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean finishParent(long runId, RunState state, String message, List<NewRun> followUps) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<RunRecord> expiredLeases(int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean requestCancel(long runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<RunRecord> findRun(long runId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int purge(Instant endedBefore, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, String> settings() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putSetting(String key, String value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeSetting(String key) {
            throw new UnsupportedOperationException();
        }
    }
}
