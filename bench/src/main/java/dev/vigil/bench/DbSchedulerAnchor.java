package dev.vigil.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/**
 * db-scheduler 16 on PostgreSQL with its SKIP LOCKED polling strategy (lock-and-fetch, its default
 * fractions 0.5 and 1.0), 4 threads: the PostgreSQL anchor. Its table is created from the
 * project's documented PostgreSQL DDL, under the bench's own name.
 */
final class DbSchedulerAnchor {
    static final String NAME = "db-scheduler 16.12.0 (lock-and-fetch)";
    static final String TABLE = Postgres.PREFIX + "dbs_tasks";

    private DbSchedulerAnchor() {
    }

    static void createTable(DataSource ds) throws Exception {
        dropTable(ds);
        Postgres.execute(ds,
                "CREATE TABLE " + TABLE + " ("
                        + " task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BYTEA,"
                        + " execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,"
                        + " last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE,"
                        + " consecutive_failures INT, last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL,"
                        + " priority SMALLINT, PRIMARY KEY (task_name, task_instance))",
                "CREATE INDEX " + TABLE + "_execution_time_idx ON " + TABLE + " (execution_time)",
                "CREATE INDEX " + TABLE + "_last_heartbeat_idx ON " + TABLE + " (last_heartbeat)",
                "CREATE INDEX " + TABLE + "_priority_execution_time_idx ON " + TABLE
                        + " (priority DESC, execution_time ASC)");
    }

    static void dropTable(DataSource ds) throws Exception {
        Postgres.execute(ds, "DROP TABLE IF EXISTS " + TABLE);
    }

    /** The outcome of one round. */
    record Round(long enqueueNanos, long runNanos, CountingDataSource.Counts sql, java.util.Map<String, Long> bySql,
                 Table activity) {
    }

    /**
     * Schedules {@code n} one-time executions due now (in batches, before the scheduler starts),
     * starts db-scheduler and waits for the last completion.
     *
     * @param sampler watches the database during the measured part and is closed at its end, or null
     */
    static Round dispatch(DataSource pool, int n, int threads, PgActivitySampler sampler) throws Exception {
        createTable(pool);
        OneTimeTask<Void> task = Tasks.oneTime("bench-noop").execute((instance, context) -> { });
        long e0 = System.nanoTime();
        SchedulerClient client = SchedulerClient.Builder.create(pool, task).tableName(TABLE).build();
        Instant due = Instant.now().minusSeconds(1);
        List<TaskInstance<?>> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(task.instance("run-" + i));
            if (batch.size() == 1000 || i == n - 1) {
                client.scheduleBatch(batch, due);
                batch.clear();
            }
        }
        long enqueue = System.nanoTime() - e0;

        CountingDataSource counting = new CountingDataSource(pool);
        CountDownLatch done = new CountDownLatch(n);
        Scheduler scheduler = Scheduler.create(counting, task).tableName(TABLE).threads(threads)
                .pollUsingLockAndFetch(0.5, 1.0)
                .addSchedulerListener(new AbstractSchedulerListener() {
                    @Override
                    public void onExecutionComplete(ExecutionComplete complete) {
                        done.countDown();
                    }
                })
                .build();
        CountingDataSource.Counts before = counting.counts();
        counting.resetBySql();
        long t0 = System.nanoTime();
        scheduler.start();
        try {
            Timed.await(done, NAME + " dispatch");
            long run = System.nanoTime() - t0;
            if (sampler != null) {
                sampler.close();
            }
            return new Round(enqueue, run, counting.counts().minus(before), counting.bySql(),
                    sampler == null ? null : sampler.table("Database activity, db-scheduler", 6));
        } finally {
            scheduler.stop();
        }
    }
}
