package dev.vigil.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.core.store.JdbcJobStore;
import java.time.Duration;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * One node of a test cluster in this JVM, set up as a separate process would be: its own small
 * connection pool, its own {@link JdbcJobStore} over the shared tables, and its engine (built, not
 * started; the built-in watchdog and purge are disabled so that they fire only when a test
 * triggers them).
 */
final class ClusterNode implements AutoCloseable {
    static final int POOL_SIZE = 5;

    final String id;
    final HikariDataSource pool;
    final JdbcJobStore store;
    final Vigil vigil;

    private ClusterNode(String id, HikariDataSource pool, JdbcJobStore store, Vigil vigil) {
        this.id = id;
        this.pool = pool;
        this.store = store;
        this.vigil = vigil;
    }

    /**
     * @param id the node id
     * @param tablePrefix the shared tables
     * @param connections where the pool opens its connections
     * @param configure the rest of the engine's configuration (jobs, lease, clock, listener...)
     */
    static ClusterNode open(String id, String tablePrefix, DataSource connections,
                            UnaryOperator<Vigil.Builder> configure) {
        HikariDataSource pool = pool(id, connections);
        try {
            JdbcJobStore store = JdbcJobStore.builder(pool).tablePrefix(tablePrefix).build();
            return open(id, pool, store, configure);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** As {@link #open(String, String, DataSource, UnaryOperator)}, on a store already built from the pool. */
    static ClusterNode open(String id, HikariDataSource pool, JdbcJobStore store, UnaryOperator<Vigil.Builder> configure) {
        try {
            Vigil vigil = configure.apply(Vigil.builder().store(store).nodeId(id).discoverJobs(false)).build();
            vigil.disable(BuiltInJobs.WATCHDOG);
            vigil.disable(BuiltInJobs.PURGE_HISTORY);
            return new ClusterNode(id, pool, store, vigil);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** @return a small pool that fails a borrow after 2 s rather than Hikari's default 30 s */
    static HikariDataSource pool(String id, DataSource connections) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(connections);
        config.setPoolName("pool-" + id);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Duration.ofSeconds(2).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        return new HikariDataSource(config);
    }

    Vigil start() {
        return vigil.start();
    }

    /** Closes the engine gracefully (a crashed one stays as it is) and the pool. */
    @Override
    public void close() {
        try {
            vigil.close();
        } finally {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "ClusterNode[" + id + "]";
    }
}
