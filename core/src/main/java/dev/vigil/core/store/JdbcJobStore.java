package dev.vigil.core.store;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.JobDefinition;
import dev.vigil.spi.JobPolicies;
import dev.vigil.spi.MisfirePolicy;
import dev.vigil.spi.RetryPolicy;
import dev.vigil.spi.RunCounts;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunRecord;
import dev.vigil.spi.RunState;
import dev.vigil.spi.Schedule;
import dev.vigil.spi.store.ClaimResult;
import dev.vigil.spi.store.CompletionResult;
import dev.vigil.spi.store.HeartbeatResult;
import dev.vigil.spi.store.JobStore;
import dev.vigil.spi.store.NewRun;
import dev.vigil.spi.store.RunCompletion;
import dev.vigil.spi.store.RunQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store on {@code java.sql}: PostgreSQL 13+ for a cluster of nodes sharing one
 * database, H2 2.x as the embedded durable default. Three tables (definitions, runs, settings)
 * plus a schema-version table, all named with a validated prefix.
 *
 * <p>How the rules of {@link JobStore} hold across nodes:
 * <ul>
 *   <li>Claims select due rows {@code FOR UPDATE SKIP LOCKED}, so two nodes never take one run,
 *       and make them {@code RUNNING} in the same transaction with lease times from the database
 *       clock.
 *   <li>"One queued scheduled run per definition", "one running run per mutex key" and "one
 *       active run per definition whose policy is not ALLOW" are unique indexes on nullable slot
 *       columns that hold the key only while the rule applies (a portable partial unique index:
 *       H2 has no partial indexes). A claim that loses a race on one of them rolls back and tries
 *       again.
 *   <li>Completion is one transaction: the fenced update, the follow-up runs, and the parent's
 *       counts.
 * </ul>
 *
 * <p>The store takes a connection from the {@link DataSource} for each operation and closes it;
 * give it a pooled one in production. Thread-safe.
 */
public final class JdbcJobStore implements JobStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcJobStore.class);
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");
    private static final int SCHEMA_VERSION = 2;
    private static final int CLAIM_ATTEMPTS = 5;
    private static final int CLAIM_WINDOWS = 4;

    private static final String RUN_COLUMNS = "id, definition_id, job_type, origin, parent_run_id, attempt, state,"
            + " scheduled_time, due_at, started_at, ended_at, owner, lease_until, fencing_token, mutex_key,"
            + " concurrency, timeout_ms, parameters, processed, succeeded, failed, skipped, message, item_errors,"
            + " children_total, children_finished, children_failed, child_parallelism, cancel_requested";

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final String prefix;
    private final String definitions;
    private final String runs;
    private final String settings;
    private final String tokens;
    /** Added to the database clock; tests move the store's time with it. */
    private volatile Duration clockOffset = Duration.ZERO;

    private JdbcJobStore(DataSource dataSource, SqlDialect dialect, String prefix) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.prefix = prefix;
        this.definitions = prefix + "definitions";
        this.runs = prefix + "runs";
        this.settings = prefix + "settings";
        this.tokens = prefix + "fencing_tokens";
    }

    /**
     * @param dataSource connections to PostgreSQL 13+ or H2 2.x; the store opens one per operation
     *     and closes it
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** Configures a {@link JdbcJobStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String prefix = "vigil_";

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * @param value the table name prefix, {@code [a-z][a-z0-9_]{0,30}}; default {@code vigil_}
         * @return this
         * @throws IllegalArgumentException if the prefix is not allowed
         */
        public Builder tablePrefix(String value) {
            if (value == null || !PREFIX.matcher(value).matches()) {
                throw new IllegalArgumentException("Table prefix '" + value + "' must match " + PREFIX.pattern()
                        + " (lower case letters, digits and underscores, starting with a letter)");
            }
            this.prefix = value;
            return this;
        }

        /**
         * Detects the database and creates or migrates the schema, idempotently and safely when
         * several nodes start at once.
         *
         * @return the store
         * @throws StoreException if the database cannot be reached or is not supported
         */
        public JdbcJobStore build() {
            SqlDialect dialect;
            try (Connection c = dataSource.getConnection()) {
                dialect = SqlDialect.of(c);
            } catch (SQLException e) {
                throw new StoreException("Cannot open the Vigil JDBC store: " + e.getMessage(), e);
            }
            JdbcJobStore store = new JdbcJobStore(dataSource, dialect, prefix);
            store.migrate();
            return store;
        }
    }

    /** @return the table name prefix */
    public String tablePrefix() {
        return prefix;
    }

    /** For tests: shifts the store's notion of now (the database clock) by the given amount. */
    void shiftClock(Duration by) {
        clockOffset = clockOffset.plus(by);
    }

    @Override
    public String toString() {
        return "JdbcJobStore[" + dialect + ", prefix=" + prefix + "]";
    }

    // ---- schema -------------------------------------------------------------------------------

    private void migrate() {
        inTransaction("create the schema", c -> {
            String lock = dialect.schemaLock(prefix);
            if (lock != null) {
                try (Statement s = c.createStatement()) {
                    s.execute(lock);
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + prefix + "schema (version INT NOT NULL)");
            }
            int version = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT MAX(version) FROM " + prefix + "schema")) {
                if (rs.next()) {
                    version = rs.getInt(1);
                }
            }
            if (version > SCHEMA_VERSION) {
                throw new SQLException("The tables with prefix " + prefix + " are at schema version " + version
                        + ", newer than this Vigil understands (" + SCHEMA_VERSION + "); upgrade Vigil");
            }
            if (version < SCHEMA_VERSION) {
                List<String> ddl = new ArrayList<>();
                if (version < 1) {
                    ddl.addAll(schemaV1());
                }
                ddl.addAll(dialect.schemaV2(runs));
                try (Statement s = c.createStatement()) {
                    for (String statement : ddl) {
                        s.execute(statement);
                    }
                    // One row per schema: the version it is at.
                    s.execute("DELETE FROM " + prefix + "schema");
                    s.execute("INSERT INTO " + prefix + "schema (version) VALUES (" + SCHEMA_VERSION + ")");
                }
                log.info("{} the Vigil schema (version {}) with table prefix {}", version == 0 ? "Created" : "Upgraded",
                        SCHEMA_VERSION, prefix);
            }
            return null;
        });
    }

    private List<String> schemaV1() {
        String ts = "TIMESTAMP WITH TIME ZONE";
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + definitions + " ("
                        + "id VARCHAR(200) PRIMARY KEY, job_type VARCHAR(200) NOT NULL, schedule VARCHAR(2000) NOT NULL,"
                        + " parameters VARCHAR NOT NULL, enabled BOOLEAN NOT NULL, concurrency VARCHAR(20) NOT NULL,"
                        + " misfire VARCHAR(100) NOT NULL, retry VARCHAR(300) NOT NULL, timeout_ms BIGINT NOT NULL,"
                        + " mutex_key VARCHAR(200), schedule_anchor " + ts + " NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + runs + " ("
                        + "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " definition_id VARCHAR(200) NOT NULL, job_type VARCHAR(200) NOT NULL,"
                        + " origin VARCHAR(16) NOT NULL, parent_run_id BIGINT, attempt INT NOT NULL,"
                        + " state VARCHAR(24) NOT NULL, scheduled_time " + ts + " NOT NULL, due_at " + ts + " NOT NULL,"
                        + " started_at " + ts + ", ended_at " + ts + ", owner VARCHAR(100), lease_until " + ts + ","
                        + " fencing_token BIGINT NOT NULL DEFAULT 0, mutex_key VARCHAR(200),"
                        + " concurrency VARCHAR(20) NOT NULL, timeout_ms BIGINT NOT NULL, parameters VARCHAR NOT NULL,"
                        + " processed BIGINT NOT NULL DEFAULT 0, succeeded BIGINT NOT NULL DEFAULT 0,"
                        + " failed BIGINT NOT NULL DEFAULT 0, skipped BIGINT NOT NULL DEFAULT 0,"
                        + " message VARCHAR NOT NULL DEFAULT '', item_errors VARCHAR NOT NULL DEFAULT '',"
                        + " children_total INT NOT NULL DEFAULT 0, children_finished INT NOT NULL DEFAULT 0,"
                        + " children_failed INT NOT NULL DEFAULT 0,"
                        + " child_parallelism INT NOT NULL DEFAULT 2147483647,"
                        + " cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,"
                        + " schedule_slot VARCHAR(200), queue_one_slot VARCHAR(200), mutex_slot VARCHAR(200),"
                        + " active_slot VARCHAR(200))",
                "CREATE TABLE IF NOT EXISTS " + settings + " (name VARCHAR(200) PRIMARY KEY, val VARCHAR(4000) NOT NULL)",
                "CREATE SEQUENCE IF NOT EXISTS " + tokens,
                "CREATE INDEX IF NOT EXISTS " + runs + "_due ON " + runs + " (state, due_at, id)",
                "CREATE INDEX IF NOT EXISTS " + runs + "_definition ON " + runs + " (definition_id, id)",
                "CREATE INDEX IF NOT EXISTS " + runs + "_parent ON " + runs + " (parent_run_id)",
                "CREATE INDEX IF NOT EXISTS " + runs + "_lease ON " + runs + " (state, lease_until)",
                "CREATE INDEX IF NOT EXISTS " + runs + "_ended ON " + runs + " (ended_at)",
                "CREATE UNIQUE INDEX IF NOT EXISTS " + runs + "_schedule_slot ON " + runs + " (schedule_slot)",
                "CREATE UNIQUE INDEX IF NOT EXISTS " + runs + "_queue_one_slot ON " + runs + " (queue_one_slot)",
                "CREATE UNIQUE INDEX IF NOT EXISTS " + runs + "_mutex_slot ON " + runs + " (mutex_slot)",
                "CREATE UNIQUE INDEX IF NOT EXISTS " + runs + "_active_slot ON " + runs + " (active_slot)");
    }

    // ---- plumbing -----------------------------------------------------------------------------

    /** One unit of work on one connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("Vigil JDBC store could not " + what + ": " + e.getMessage(), e);
        }
        T result;
        try {
            c.setAutoCommit(false);
            result = work.run(c);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            closeQuietly(c);
            if (e instanceof SQLException sql) {
                throw new StoreException("Vigil JDBC store could not " + what + ": " + e.getMessage(), sql);
            }
            throw (RuntimeException) e;
        }
        // Committed: a failure to close the connection now must not turn a done deed into an error.
        closeQuietly(c);
        return result;
    }

    /**
     * Work of one statement (or reads that need no common snapshot) in auto-commit: no transaction
     * to open and no {@code COMMIT} round trip.
     */
    private <T> T autoCommitted(String what, Work<T> work) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("Vigil JDBC store could not " + what + ": " + e.getMessage(), e);
        }
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("Vigil JDBC store could not " + what + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("Closing a connection failed", e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("Rollback failed", e);
        }
    }

    private Instant now(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CURRENT_TIMESTAMP")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant().plus(clockOffset);
        }
    }

    private static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void setNullableString(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (SqlDialect.UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether the database rolled the transaction back to resolve a conflict (SQLState class
     *     40: PostgreSQL's deadlock_detected and serialization_failure, H2's deadlock), so that the
     *     same work may simply be tried again
     */
    static boolean isRolledBack(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null && x.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    private static String placeholders(int n) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < n; i++) {
            j.add("?");
        }
        return j.toString();
    }

    // ---- time ---------------------------------------------------------------------------------

    @Override
    public Instant now() {
        return autoCommitted("read the database clock", this::now);
    }

    // ---- definitions --------------------------------------------------------------------------

    @Override
    public void saveDefinition(JobDefinition d) {
        Objects.requireNonNull(d, "definition");
        inTransaction("save definition " + d.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + definitions + " SET job_type = ?, schedule = ?,"
                    + " parameters = ?, enabled = ?, concurrency = ?, misfire = ?, retry = ?, timeout_ms = ?,"
                    + " mutex_key = ?, schedule_anchor = ? WHERE id = ?")) {
                bindDefinition(ps, d, 1);
                ps.setString(11, d.id());
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            insertDefinition(c, d);
            return null;
        });
    }

    @Override
    public boolean insertDefinitionIfAbsent(JobDefinition d) {
        Objects.requireNonNull(d, "definition");
        return inTransaction("insert definition " + d.id(), c -> insertDefinition(c, d));
    }

    private boolean insertDefinition(Connection c, JobDefinition d) throws SQLException {
        String sql = dialect.insertIgnoringConflicts("INSERT INTO " + definitions + " (job_type, schedule, parameters,"
                + " enabled, concurrency, misfire, retry, timeout_ms, mutex_key, schedule_anchor, id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindDefinition(ps, d, 1);
            ps.setString(11, d.id());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private static void bindDefinition(PreparedStatement ps, JobDefinition d, int from) throws SQLException {
        JobPolicies p = d.policies();
        ps.setString(from, d.jobType());
        ps.setString(from + 1, d.schedule().toText());
        ps.setString(from + 2, TextCodec.encodeMap(d.parameters()));
        ps.setBoolean(from + 3, d.enabled());
        ps.setString(from + 4, p.concurrency().name());
        ps.setString(from + 5, p.misfire().toText());
        ps.setString(from + 6, p.retry().toText());
        ps.setLong(from + 7, p.timeout().toMillis());
        setNullableString(ps, from + 8, d.mutexKey());
        setTime(ps, from + 9, d.scheduleAnchor());
    }

    private static JobDefinition readDefinition(ResultSet rs) throws SQLException {
        JobPolicies policies = new JobPolicies(ConcurrencyPolicy.valueOf(rs.getString("concurrency")),
                MisfirePolicy.parse(rs.getString("misfire")), RetryPolicy.parse(rs.getString("retry")),
                Duration.ofMillis(rs.getLong("timeout_ms")));
        return new JobDefinition(rs.getString("id"), rs.getString("job_type"), Schedule.parse(rs.getString("schedule")),
                TextCodec.decodeMap(rs.getString("parameters")), rs.getBoolean("enabled"), policies,
                rs.getString("mutex_key"), time(rs, "schedule_anchor"));
    }

    @Override
    public Optional<JobDefinition> findDefinition(String id) {
        return autoCommitted("read definition " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + definitions + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readDefinition(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<JobDefinition> definitions() {
        return autoCommitted("list definitions", c -> {
            List<JobDefinition> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM " + definitions + " ORDER BY id")) {
                while (rs.next()) {
                    out.add(readDefinition(rs));
                }
            }
            return out;
        });
    }

    @Override
    public boolean deleteDefinition(String id) {
        return inTransaction("delete definition " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + definitions + " WHERE id = ?")) {
                ps.setString(1, id);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            Instant now = now(c);
            for (RunRecord r : select(c, "definition_id = ? AND state = 'QUEUED' FOR UPDATE", ps -> ps.setString(1, id))) {
                endQueued(c, r, RunState.CANCELLED, "definition deleted", now);
            }
            return true;
        });
    }

    // ---- runs: reading ------------------------------------------------------------------------

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<RunRecord> select(Connection c, String where, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM " + runs + " WHERE " + where)) {
            binder.bind(ps);
            List<RunRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readRun(rs));
                }
            }
            return out;
        }
    }

    private Optional<RunRecord> lockRun(Connection c, long id) throws SQLException {
        List<RunRecord> found = select(c, "id = ? FOR UPDATE", ps -> ps.setLong(1, id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static RunRecord readRun(ResultSet rs) throws SQLException {
        long parent = rs.getLong("parent_run_id");
        Long parentId = rs.wasNull() ? null : parent;
        return new RunRecord(rs.getLong("id"), rs.getString("definition_id"), rs.getString("job_type"),
                RunOrigin.valueOf(rs.getString("origin")), parentId, rs.getInt("attempt"),
                RunState.valueOf(rs.getString("state")), time(rs, "scheduled_time"), time(rs, "due_at"),
                time(rs, "started_at"), time(rs, "ended_at"), rs.getString("owner"), time(rs, "lease_until"),
                rs.getLong("fencing_token"), rs.getString("mutex_key"),
                ConcurrencyPolicy.valueOf(rs.getString("concurrency")), Duration.ofMillis(rs.getLong("timeout_ms")),
                TextCodec.decodeMap(rs.getString("parameters")),
                new RunCounts(rs.getLong("processed"), rs.getLong("succeeded"), rs.getLong("failed"),
                        rs.getLong("skipped")),
                rs.getString("message"), TextCodec.decodeErrors(rs.getString("item_errors")),
                rs.getInt("children_total"), rs.getInt("children_finished"), rs.getInt("children_failed"),
                rs.getInt("child_parallelism"), rs.getBoolean("cancel_requested"));
    }

    @Override
    public Optional<RunRecord> findRun(long runId) {
        return autoCommitted("read run " + runId, c -> {
            List<RunRecord> found = select(c, "id = ?", ps -> ps.setLong(1, runId));
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    @Override
    public List<RunRecord> runs(RunQuery q) {
        List<Object> args = new ArrayList<>();
        StringJoiner where = new StringJoiner(" AND ");
        where.add("1 = 1");
        if (q.definitionId() != null) {
            where.add("definition_id = ?");
            args.add(q.definitionId());
        }
        if (q.jobType() != null) {
            where.add("job_type = ?");
            args.add(q.jobType());
        }
        if (!q.states().isEmpty()) {
            where.add("state IN " + placeholders(q.states().size()));
            q.states().forEach(s -> args.add(s.name()));
        }
        if (!q.origins().isEmpty()) {
            where.add("origin IN " + placeholders(q.origins().size()));
            q.origins().forEach(o -> args.add(o.name()));
        }
        if (q.parentRunId() != null) {
            where.add("parent_run_id = ?");
            args.add(q.parentRunId());
        }
        if (q.beforeId() > 0) {
            where.add("id < ?");
            args.add(q.beforeId());
        }
        String sql = where + " ORDER BY id DESC FETCH FIRST " + q.limit() + " ROWS ONLY";
        return autoCommitted("query runs", c -> Collections.unmodifiableList(select(c, sql, ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
        })));
    }

    @Override
    public Optional<Instant> nextDueTime() {
        return autoCommitted("find the next due time", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT MIN(due_at) FROM " + runs + " WHERE state = 'QUEUED'")) {
                rs.next();
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
            }
        });
    }

    @Override
    public List<RunRecord> expiredLeases(int limit) {
        return autoCommitted("find expired leases", c -> {
            Instant now = now(c);
            return select(c, "state = 'RUNNING' AND lease_until < ? ORDER BY lease_until, id FETCH FIRST " + limit
                    + " ROWS ONLY", ps -> setTime(ps, 1, now));
        });
    }

    // ---- runs: enqueue ------------------------------------------------------------------------

    @Override
    public Optional<RunRecord> enqueue(NewRun run) {
        Objects.requireNonNull(run, "run");
        return autoCommitted("enqueue a run of " + run.definitionId(), c -> Optional.ofNullable(insert(c, run)));
    }

    /** Inserts a queued run; returns null when a uniqueness rule rejects it. */
    private RunRecord insert(Connection c, NewRun run) throws SQLException {
        boolean carrier = run.origin().carriesSchedule();
        boolean queueOne = run.parentRunId() == null && !carrier && run.concurrency() == ConcurrencyPolicy.QUEUE_ONE;
        String sql = dialect.insertIgnoringConflicts("INSERT INTO " + runs + " (definition_id, job_type, origin,"
                + " parent_run_id, attempt, state, scheduled_time, due_at, mutex_key, concurrency, timeout_ms, parameters,"
                + " schedule_slot, queue_one_slot) VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?)");
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            ps.setString(1, run.definitionId());
            ps.setString(2, run.jobType());
            ps.setString(3, run.origin().name());
            if (run.parentRunId() == null) {
                ps.setNull(4, Types.BIGINT);
            } else {
                ps.setLong(4, run.parentRunId());
            }
            ps.setInt(5, run.attempt());
            setTime(ps, 6, run.scheduledTime());
            setTime(ps, 7, run.dueAt());
            setNullableString(ps, 8, run.mutexKey());
            ps.setString(9, run.concurrency().name());
            ps.setLong(10, run.timeout().toMillis());
            ps.setString(11, TextCodec.encodeMap(run.parameters()));
            setNullableString(ps, 12, carrier ? run.definitionId() : null);
            setNullableString(ps, 13, queueOne ? run.definitionId() : null);
            if (ps.executeUpdate() == 0) {
                return null;
            }
            long id;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            return new RunRecord(id, run.definitionId(), run.jobType(), run.origin(), run.parentRunId(), run.attempt(),
                    RunState.QUEUED, truncate(run.scheduledTime()), truncate(run.dueAt()), null, null, null, null, 0,
                    run.mutexKey(), run.concurrency(), run.timeout(), run.parameters(), RunCounts.ZERO, "", List.of(),
                    0, 0, 0, Integer.MAX_VALUE, false);
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return null;
            }
            throw e;
        }
    }

    /** The databases keep microseconds. */
    private static Instant truncate(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    @Override
    public List<RunRecord> enqueueChildren(long parentRunId, List<NewRun> children, int maxParallel) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1, was " + maxParallel);
        }
        for (NewRun child : children) {
            if (child.parentRunId() == null || child.parentRunId() != parentRunId) {
                throw new IllegalArgumentException("Child run does not name parent " + parentRunId);
            }
        }
        return inTransaction("enqueue children of run " + parentRunId, c -> {
            Optional<RunRecord> parent = lockRun(c, parentRunId);
            if (parent.isEmpty() || parent.get().state() != RunState.RUNNING) {
                throw new IllegalStateException("Run " + parentRunId + " is not running, so it cannot spawn children"
                        + parent.map(p -> " (it is " + p.state() + ")").orElse(" (unknown run)"));
            }
            List<RunRecord> out = new ArrayList<>(children.size());
            for (NewRun child : children) {
                out.add(insert(c, child));
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET children_total = children_total + ?,"
                    + " child_parallelism = ? WHERE id = ?")) {
                ps.setInt(1, out.size());
                ps.setInt(2, maxParallel);
                ps.setLong(3, parentRunId);
                ps.executeUpdate();
            }
            return out;
        });
    }

    // ---- runs: claim --------------------------------------------------------------------------

    @Override
    public ClaimResult claimDue(String owner, int limit, Duration lease) {
        return claimDue(owner, limit, limit, lease);
    }

    @Override
    public ClaimResult claimDue(String owner, int limit, int limitHolding, Duration lease) {
        Objects.requireNonNull(owner, "owner");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (limitHolding < 0) {
            throw new IllegalArgumentException("limitHolding must be 0 or more, was " + limitHolding);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction("claim due runs", c -> claim(c, owner, limit, limitHolding, lease));
            } catch (StoreException e) {
                if (!(e.getCause() instanceof SQLException sql) || !(isUniqueViolation(sql) || isRolledBack(sql))
                        || attempt == CLAIM_ATTEMPTS) {
                    throw e;
                }
                // Another node claimed a run holding the same mutex key or definition slot at the same
                // moment (or the database rolled one of two crossing claims back); the other's commit is
                // visible now, so the next attempt passes that run over.
                log.debug("Claim lost a race on a uniqueness slot; trying again (attempt {})", attempt);
            }
        }
    }

    private ClaimResult claim(Connection c, String owner, int limit, int limitHolding, Duration lease)
            throws SQLException {
        Instant now = null;
        List<RunRecord> chosen = new ArrayList<>();
        List<RunRecord> skipped = new ArrayList<>();
        Held held = new Held();
        Map<Long, Long> freshTokens = new HashMap<>();
        RunRecord last = null;
        String plan = dialect.claimPlan();
        if (plan != null) {
            try (Statement s = c.createStatement()) {
                s.execute(plan);
            }
        }
        // Lock as many rows as asked for: every row locked costs the database a write. Due runs held
        // back (mutex, parallelism, QUEUE_ONE) may fill a window, so then look a few wider windows further.
        int window = Math.min(500, limit);
        for (int w = 0; w < CLAIM_WINDOWS && chosen.size() < limit; w++, window = Math.min(500, Math.max(64, window * 8))) {
            Candidates found = candidates(c, last, window);
            if (found.runs().isEmpty()) {
                break;
            }
            now = now == null ? found.now() : now;
            freshTokens.putAll(found.tokens());
            last = found.runs().get(found.runs().size() - 1);
            held(c, found.runs(), held);
            choose(found.runs(), limit, limitHolding, held, chosen, skipped);
            if (found.runs().size() < window) {
                break;
            }
        }
        if (chosen.isEmpty() && skipped.isEmpty()) {
            return ClaimResult.EMPTY;
        }
        return claimChosen(c, owner, lease, now, chosen, freshTokens, skipped);
    }

    /**
     * Due queued runs after {@code after} in claim order, locked, each with a fresh fencing token
     * should it be claimed, and the database time they were due by.
     */
    private record Candidates(List<RunRecord> runs, Map<Long, Long> tokens, Instant now) {
    }

    private Candidates candidates(Connection c, RunRecord after, int window) throws SQLException {
        // The database's time and fresh fencing tokens come with the rows, so that a claim needs no
        // separate round trips for them. A token drawn for a run that is then passed over stays unused.
        String now = dialect.nowPlusMicros();
        String sql = "SELECT " + RUN_COLUMNS + ", " + now + " AS db_now, " + dialect.nextToken(tokens)
                + " AS next_token FROM " + runs + " WHERE state = 'QUEUED'"
                + " AND due_at <= " + now + (after == null ? "" : " AND (due_at > ? OR (due_at = ? AND id > ?))")
                + " ORDER BY due_at, id FETCH FIRST " + window + " ROWS ONLY FOR UPDATE SKIP LOCKED";
        long offsetMicros = clockOffsetMicros();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, offsetMicros);
            ps.setLong(2, offsetMicros);
            if (after != null) {
                setTime(ps, 3, after.dueAt());
                setTime(ps, 4, after.dueAt());
                ps.setLong(5, after.id());
            }
            List<RunRecord> out = new ArrayList<>();
            Map<Long, Long> fresh = new HashMap<>();
            Instant dbNow = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunRecord r = readRun(rs);
                    out.add(r);
                    fresh.put(r.id(), rs.getLong("next_token"));
                    dbNow = dbNow != null ? dbNow : time(rs, "db_now");
                }
            }
            return new Candidates(out, fresh, dbNow);
        }
    }

    private long clockOffsetMicros() {
        Duration offset = clockOffset;
        return offset.getSeconds() * 1_000_000 + offset.getNano() / 1_000;
    }

    /** Picks the runs that may start, as the rules of {@link JobStore} say, tracking what each pick holds. */
    private static void choose(List<RunRecord> candidates, int limit, int limitHolding, Held held,
                               List<RunRecord> chosen, List<RunRecord> skipped) {
        int holding = (int) chosen.stream().filter(ClaimRules::holds).count(); // from earlier windows
        for (RunRecord r : candidates) {
            if (chosen.size() == limit) {
                break;
            }
            ClaimRules.Decision decision = ClaimRules.decide(r, held);
            if (decision == ClaimRules.Decision.WAIT) {
                continue;
            }
            if (decision == ClaimRules.Decision.SKIP) {
                skipped.add(r);
                continue;
            }
            if (ClaimRules.holds(r)) {
                if (holding == limitHolding) {
                    continue; // stays queued for a claim with a free worker behind it
                }
                holding++;
            }
            if (r.parentRunId() != null) {
                held.runningChildren.merge(r.parentRunId(), 1, Integer::sum);
            }
            if (r.mutexKey() != null) {
                held.mutexes.add(r.mutexKey());
            }
            if (r.parentRunId() == null) {
                held.activeDefinitions.add(r.definitionId());
            }
            chosen.add(r);
        }
    }

    private ClaimResult claimChosen(Connection c, String owner, Duration lease, Instant now, List<RunRecord> chosen,
                                    Map<Long, Long> freshTokens, List<RunRecord> skipped) throws SQLException {
        List<RunRecord> claimed = new ArrayList<>(chosen.size());
        if (!chosen.isEmpty()) {
            Instant until = now.plus(lease);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET state = 'RUNNING', owner = ?,"
                    + " started_at = ?, lease_until = ?, fencing_token = ?, schedule_slot = NULL, queue_one_slot = NULL,"
                    + " mutex_slot = mutex_key, active_slot = ? WHERE id = ?")) {
                for (RunRecord r : chosen) {
                    claimed.add(r.toBuilder().state(RunState.RUNNING).owner(owner).startedAt(truncate(now))
                            .leaseUntil(truncate(until)).fencingToken(freshTokens.get(r.id())).build());
                }
                // The rows are updated in the order of the uniqueness slots they take, the same order on
                // every node, so that two nodes claiming runs with the same mutex keys at once wait for one
                // another (and the loser retries) rather than deadlock.
                List<RunRecord> lockOrder = new ArrayList<>(chosen);
                lockOrder.sort(SLOT_ORDER);
                for (RunRecord r : lockOrder) {
                    ps.setString(1, owner);
                    setTime(ps, 2, now);
                    setTime(ps, 3, until);
                    ps.setLong(4, freshTokens.get(r.id()));
                    setNullableString(ps, 5, activeSlot(r));
                    ps.setLong(6, r.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        List<RunRecord> skippedDone = new ArrayList<>(skipped.size());
        for (RunRecord r : skipped) {
            skippedDone.add(endQueued(c, r, RunState.SKIPPED, ClaimRules.skipMessage(r), now));
        }
        return new ClaimResult(claimed, skippedDone);
    }

    /** Runs by the mutex key, then the active-definition slot they take (none last), then id. */
    private static final Comparator<RunRecord> SLOT_ORDER = Comparator
            .comparing(RunRecord::mutexKey, Comparator.nullsLast(Comparator.<String>naturalOrder()))
            .thenComparing(JdbcJobStore::activeSlot, Comparator.nullsLast(Comparator.<String>naturalOrder()))
            .thenComparingLong(RunRecord::id);

    /** The active-definition slot a running (or waiting) run holds: only non-child runs whose policy is not ALLOW. */
    private static String activeSlot(RunRecord r) {
        return r.parentRunId() == null && r.concurrency() != ConcurrencyPolicy.ALLOW ? r.definitionId() : null;
    }

    /** What running runs hold that candidates might need, read in the claim's transaction. */
    private static final class Held implements ClaimRules.Held {
        final Set<String> mutexes = new HashSet<>();
        final Set<String> activeDefinitions = new HashSet<>();
        final Map<Long, Integer> runningChildren = new HashMap<>();
        final Map<Long, Integer> parallelism = new HashMap<>();

        @Override
        public boolean mutexHeld(String key) {
            return mutexes.contains(key);
        }

        @Override
        public boolean definitionActive(String definitionId) {
            return activeDefinitions.contains(definitionId);
        }

        @Override
        public int runningChildren(long parentRunId) {
            return runningChildren.getOrDefault(parentRunId, 0);
        }

        @Override
        public int childParallelism(long parentRunId) {
            return parallelism.getOrDefault(parentRunId, Integer.MAX_VALUE);
        }
    }

    private void held(Connection c, List<RunRecord> candidates, Held held) throws SQLException {
        Set<String> mutexes = new HashSet<>();
        Set<String> defs = new HashSet<>();
        Set<Long> parents = new HashSet<>();
        for (RunRecord r : candidates) {
            if (r.mutexKey() != null) {
                mutexes.add(r.mutexKey());
            }
            if (r.parentRunId() == null) {
                if (r.concurrency() != ConcurrencyPolicy.ALLOW) {
                    defs.add(r.definitionId()); // only QUEUE_ONE and SKIP_IF_RUNNING look at running runs
                }
            } else if (!held.parallelism.containsKey(r.parentRunId())) {
                parents.add(r.parentRunId()); // not yet looked at in an earlier window
            }
        }
        List<String> parts = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!mutexes.isEmpty()) {
            parts.add("SELECT 'M' AS kind, mutex_slot AS k, 0 AS n FROM " + runs + " WHERE mutex_slot IN "
                    + placeholders(mutexes.size()));
            args.addAll(mutexes);
        }
        if (!defs.isEmpty()) {
            parts.add("SELECT 'D', definition_id, 0 FROM " + runs + " WHERE state IN ('RUNNING', 'WAITING_FOR_CHILDREN')"
                    + " AND parent_run_id IS NULL AND definition_id IN " + placeholders(defs.size()));
            args.addAll(defs);
        }
        if (!parents.isEmpty()) {
            parts.add("SELECT 'P', CAST(parent_run_id AS VARCHAR(30)), 1 FROM " + runs
                    + " WHERE state = 'RUNNING' AND parent_run_id IN " + placeholders(parents.size()));
            args.addAll(parents);
        }
        if (!parents.isEmpty()) {
            // Lock the parents so that two nodes cannot both start a child past the parallelism limit.
            List<Long> ordered = new ArrayList<>(parents);
            Collections.sort(ordered);
            try (PreparedStatement ps = c.prepareStatement("SELECT id, child_parallelism FROM " + runs + " WHERE id IN "
                    + placeholders(ordered.size()) + " ORDER BY id FOR UPDATE")) {
                for (int i = 0; i < ordered.size(); i++) {
                    ps.setLong(i + 1, ordered.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        held.parallelism.put(rs.getLong(1), rs.getInt(2));
                    }
                }
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(String.join(" UNION ALL ", parts))) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String k = rs.getString(2);
                    switch (rs.getString(1)) {
                        case "M" -> held.mutexes.add(k);
                        case "D" -> held.activeDefinitions.add(k);
                        default -> held.runningChildren.merge(Long.parseLong(k), 1, Integer::sum);
                    }
                }
            }
        }
    }

    /** Ends a queued run without running it; a child is counted as finished by its parent. */
    private RunRecord endQueued(Connection c, RunRecord r, RunState state, String message, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET state = ?, message = ?, ended_at = ?,"
                + " schedule_slot = NULL, queue_one_slot = NULL WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setString(2, message);
            setTime(ps, 3, now);
            ps.setLong(4, r.id());
            ps.executeUpdate();
        }
        RunRecord done = r.toBuilder().state(state).message(message).endedAt(truncate(now)).build();
        if (done.parentRunId() != null) {
            childEnded(c, done);
        }
        return done;
    }

    // ---- runs: heartbeat, completion ------------------------------------------------------------

    @Override
    public HeartbeatResult heartbeat(String owner, Collection<Long> runIds, Duration lease) {
        if (runIds.isEmpty()) {
            return HeartbeatResult.NONE;
        }
        List<Long> ids = List.copyOf(runIds);
        return inTransaction("extend leases", c -> {
            Instant until = now(c).plus(lease);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET lease_until = ? WHERE owner = ?"
                    + " AND state = 'RUNNING' AND id IN " + placeholders(ids.size()))) {
                setTime(ps, 1, until);
                ps.setString(2, owner);
                for (int i = 0; i < ids.size(); i++) {
                    ps.setLong(i + 3, ids.get(i));
                }
                ps.executeUpdate();
            }
            Set<Long> lost = new HashSet<>(ids);
            Set<Long> cancel = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, cancel_requested FROM " + runs
                    + " WHERE owner = ? AND state = 'RUNNING' AND id IN " + placeholders(ids.size()))) {
                ps.setString(1, owner);
                for (int i = 0; i < ids.size(); i++) {
                    ps.setLong(i + 2, ids.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lost.remove(rs.getLong(1));
                        if (rs.getBoolean(2)) {
                            cancel.add(rs.getLong(1));
                        }
                    }
                }
            }
            return new HeartbeatResult(lost, cancel);
        });
    }

    @Override
    public CompletionResult complete(RunCompletion done) {
        Objects.requireNonNull(done, "done");
        return completeAll(List.of(done)).get(0);
    }

    /** One transaction for the whole batch: the runs locked in one statement, updated in one batch. */
    @Override
    public List<CompletionResult> completeAll(List<RunCompletion> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        return inTransaction(batch.size() == 1 ? "complete run " + batch.get(0).runId()
                : "complete " + batch.size() + " runs", c -> completeLocked(c, batch));
    }

    private List<CompletionResult> completeLocked(Connection c, List<RunCompletion> batch) throws SQLException {
        List<Long> ids = batch.stream().map(RunCompletion::runId).sorted().toList();
        Map<Long, RunRecord> locked = new HashMap<>();
        Instant now = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + ", CURRENT_TIMESTAMP AS db_now FROM "
                + runs + " WHERE id IN " + placeholders(ids.size()) + " ORDER BY id FOR UPDATE")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunRecord r = readRun(rs);
                    locked.put(r.id(), r);
                    now = now != null ? now : time(rs, "db_now").plus(clockOffset);
                }
            }
        }
        CompletionResult[] results = new CompletionResult[batch.size()];
        List<Integer> accepted = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            RunCompletion done = batch.get(i);
            RunRecord r = locked.get(done.runId());
            if (r == null || r.state() != RunState.RUNNING || !done.owner().equals(r.owner())
                    || r.fencingToken() != done.fencingToken()
                    || done.onlyIfLeaseExpired() && !r.leaseUntil().isBefore(now)) {
                results[i] = CompletionResult.REJECTED;
            } else {
                accepted.add(i);
            }
        }
        if (accepted.isEmpty()) {
            return List.of(results);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET state = ?, processed = ?,"
                + " succeeded = ?, failed = ?, skipped = ?, message = ?, item_errors = ?, ended_at = ?,"
                + " lease_until = NULL, mutex_slot = NULL, active_slot = ? WHERE id = ?")) {
            for (int i : accepted) {
                RunCompletion done = batch.get(i);
                RunRecord r = locked.get(done.runId());
                boolean waiting = done.state() == RunState.WAITING_FOR_CHILDREN;
                RunCounts counts = r.counts().plus(done.counts());
                ps.setString(1, done.state().name());
                ps.setLong(2, counts.processed());
                ps.setLong(3, counts.succeeded());
                ps.setLong(4, counts.failed());
                ps.setLong(5, counts.skipped());
                ps.setString(6, done.message());
                ps.setString(7, TextCodec.encodeErrors(done.itemErrors()));
                setTime(ps, 8, waiting ? null : now);
                setNullableString(ps, 9, waiting ? activeSlot(r) : null);
                ps.setLong(10, r.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        for (int i : accepted) {
            RunCompletion done = batch.get(i);
            RunRecord r = locked.get(done.runId());
            boolean waiting = done.state() == RunState.WAITING_FOR_CHILDREN;
            for (NewRun followUp : done.followUps()) {
                insert(c, followUp);
            }
            Long ready = null;
            if (waiting && r.childrenFinished() >= r.childrenTotal()) {
                ready = r.id();
            }
            if (!waiting && r.parentRunId() != null) {
                ready = childEnded(c, r.toBuilder().state(done.state()).counts(done.counts()).build());
            }
            RunRecord ended = r.toBuilder().state(done.state()).counts(r.counts().plus(done.counts()))
                    .message(done.message()).itemErrors(done.itemErrors()).endedAt(waiting ? null : truncate(now))
                    .leaseUntil(null).build();
            results[i] = CompletionResult.accepted(ended, ready);
        }
        return List.of(results);
    }

    /**
     * Adds an ended child's counts to its parent and counts it finished; returns the parent's id
     * if the parent now waits with every child ended.
     */
    private Long childEnded(Connection c, RunRecord child) throws SQLException {
        boolean failed = switch (child.state()) {
            case FAILED, TIMED_OUT, CANCELLED, ABANDONED -> true;
            default -> false;
        };
        RunCounts add = child.counts();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET processed = processed + ?,"
                + " succeeded = succeeded + ?, failed = failed + ?, skipped = skipped + ?,"
                + " children_finished = children_finished + 1, children_failed = children_failed + ? WHERE id = ?")) {
            ps.setLong(1, add.processed());
            ps.setLong(2, add.succeeded());
            ps.setLong(3, add.failed());
            ps.setLong(4, add.skipped());
            ps.setInt(5, failed ? 1 : 0);
            ps.setLong(6, child.parentRunId());
            if (ps.executeUpdate() == 0) {
                return null;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT state, children_total, children_finished FROM " + runs
                + " WHERE id = ?")) {
            ps.setLong(1, child.parentRunId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && RunState.WAITING_FOR_CHILDREN.name().equals(rs.getString(1))
                        && rs.getInt(3) >= rs.getInt(2)) {
                    return child.parentRunId();
                }
            }
        }
        return null;
    }

    @Override
    public boolean finishParent(long runId, RunState state, String message, List<NewRun> followUps) {
        if (!state.isTerminal()) {
            throw new IllegalArgumentException("A parent must finish in a terminal state, not " + state);
        }
        return inTransaction("finish parent run " + runId, c -> {
            Optional<RunRecord> found = lockRun(c, runId);
            if (found.isEmpty() || found.get().state() != RunState.WAITING_FOR_CHILDREN || !found.get().childrenDone()) {
                return false;
            }
            Instant now = now(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET state = ?, message = ?,"
                    + " ended_at = ?, active_slot = NULL WHERE id = ?")) {
                ps.setString(1, state.name());
                ps.setString(2, message);
                setTime(ps, 3, now);
                ps.setLong(4, runId);
                ps.executeUpdate();
            }
            for (NewRun followUp : followUps) {
                insert(c, followUp);
            }
            RunRecord r = found.get();
            if (r.parentRunId() != null) {
                childEnded(c, r.toBuilder().state(state).counts(RunCounts.ZERO).build());
            }
            return true;
        });
    }

    @Override
    public boolean requestCancel(long runId) {
        return inTransaction("cancel run " + runId, c -> {
            Optional<RunRecord> found = lockRun(c, runId);
            if (found.isEmpty() || found.get().state().isTerminal()) {
                return false;
            }
            RunRecord r = found.get();
            if (r.state() == RunState.QUEUED) {
                endQueued(c, r, RunState.CANCELLED, "cancelled before it started", now(c));
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + runs + " SET cancel_requested = TRUE"
                        + " WHERE id = ?")) {
                    ps.setLong(1, runId);
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    // ---- purge --------------------------------------------------------------------------------

    @Override
    public int purge(Instant endedBefore, int limit) {
        return inTransaction("purge history", c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id FROM " + runs + " r WHERE r.state IN"
                    + " ('SUCCEEDED', 'PARTIAL', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'ABANDONED', 'SKIPPED')"
                    + " AND r.ended_at < ? AND r.children_finished >= r.children_total"
                    + " AND NOT (r.origin IN ('SCHEDULED', 'MISFIRE') AND NOT EXISTS (SELECT 1 FROM " + runs + " n"
                    + " WHERE n.definition_id = r.definition_id AND n.origin IN ('SCHEDULED', 'MISFIRE') AND n.id > r.id))"
                    + " ORDER BY r.id FETCH FIRST " + limit + " ROWS ONLY")) {
                setTime(ps, 1, endedBefore);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + runs + " WHERE id IN "
                    + placeholders(ids.size()))) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setLong(i + 1, ids.get(i));
                }
                return ps.executeUpdate();
            }
        });
    }

    // ---- settings -----------------------------------------------------------------------------

    @Override
    public Map<String, String> settings() {
        return autoCommitted("read settings", c -> {
            Map<String, String> out = new TreeMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name, val FROM " + settings)) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public void putSetting(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        inTransaction("write setting " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + settings + " SET val = ? WHERE name = ?")) {
                ps.setString(1, value);
                ps.setString(2, key);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(dialect.insertIgnoringConflicts(
                    "INSERT INTO " + settings + " (name, val) VALUES (?, ?)"))) {
                ps.setString(1, key);
                ps.setString(2, value);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void removeSetting(String key) {
        inTransaction("remove setting " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + settings + " WHERE name = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** For tests: deletes every row, keeping the schema. */
    void deleteEverything() {
        inTransaction("delete everything", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + runs);
                s.execute("DELETE FROM " + definitions);
                s.execute("DELETE FROM " + settings);
            }
            return null;
        });
    }
}
