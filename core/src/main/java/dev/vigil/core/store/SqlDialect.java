package dev.vigil.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** The few places where PostgreSQL and H2 need different SQL. */
enum SqlDialect {
    POSTGRESQL {
        @Override
        String insertIgnoringConflicts(String insert) {
            return insert + " ON CONFLICT DO NOTHING";
        }

        @Override
        String schemaLock(String prefix) {
            return "SELECT pg_advisory_xact_lock(hashtext('" + prefix + "schema'))";
        }

        @Override
        String nextToken(String sequence) {
            return "nextval('" + sequence + "')";
        }

        @Override
        String nowPlusMicros() {
            return "(CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '1 microsecond')";
        }

        @Override
        String claimPlan() {
            // Without fresh statistics (a new table, autovacuum off, or a backlog that built up since
            // the last ANALYZE) the planner takes the default 0.5 % of rows as queued and prefers a
            // bitmap scan of every due run plus a sort to the ordered index scan: each claim then costs
            // time proportional to the backlog, 10 ms at 20,000 queued runs instead of 0.1 ms. With
            // sorting priced out, the ordered scan of the partial index is the only plan left.
            return "SET LOCAL enable_sort = off";
        }

        @Override
        List<String> schemaV2(String runs) {
            // Partial indexes: the claim reads an ordered scan of queued rows only (claimPlan keeps the
            // planner on it without statistics), the held-slot lookup active rows only. And a row
            // enters only the indexes whose predicate it meets, so an update that moves a run from
            // queued to running to ended writes three or four index entries instead of twelve: the
            // slots are NULL for most runs and ended runs are neither queued, running nor leased.
            List<String> ddl = new java.util.ArrayList<>();
            ddl.add("CREATE INDEX IF NOT EXISTS " + runs + "_queued ON " + runs + " (due_at, id) WHERE state = 'QUEUED'");
            ddl.add("CREATE INDEX IF NOT EXISTS " + runs + "_active ON " + runs + " (definition_id)"
                    + " WHERE state IN ('RUNNING', 'WAITING_FOR_CHILDREN')");
            ddl.add("DROP INDEX IF EXISTS " + runs + "_due");
            ddl.add("DROP INDEX IF EXISTS " + runs + "_lease");
            ddl.add("CREATE INDEX IF NOT EXISTS " + runs + "_running_lease ON " + runs + " (lease_until)"
                    + " WHERE state = 'RUNNING'");
            ddl.add("DROP INDEX IF EXISTS " + runs + "_parent");
            ddl.add("CREATE INDEX IF NOT EXISTS " + runs + "_children ON " + runs + " (parent_run_id)"
                    + " WHERE parent_run_id IS NOT NULL");
            ddl.add("DROP INDEX IF EXISTS " + runs + "_ended");
            ddl.add("CREATE INDEX IF NOT EXISTS " + runs + "_ended_at ON " + runs + " (ended_at)"
                    + " WHERE ended_at IS NOT NULL");
            for (String slot : List.of("schedule_slot", "queue_one_slot", "mutex_slot", "active_slot")) {
                ddl.add("DROP INDEX IF EXISTS " + runs + "_" + slot);
                ddl.add("CREATE UNIQUE INDEX IF NOT EXISTS " + runs + "_" + slot + "_held ON " + runs + " (" + slot
                        + ") WHERE " + slot + " IS NOT NULL");
            }
            return ddl;
        }
    },
    H2 {
        @Override
        String insertIgnoringConflicts(String insert) {
            // H2 rolls back only the failed statement; the caller treats a unique violation as "ignored".
            return insert;
        }

        @Override
        String schemaLock(String prefix) {
            return null;
        }

        @Override
        String nextToken(String sequence) {
            return "NEXT VALUE FOR " + sequence;
        }

        @Override
        String nowPlusMicros() {
            return "DATEADD(MICROSECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP)";
        }

        @Override
        String claimPlan() {
            return null;
        }

        @Override
        List<String> schemaV2(String runs) {
            return List.of(); // H2 has no partial indexes; its (state, due_at, id) index serves the claim
        }
    };

    /** SQLState of a unique-constraint violation, the same in both. */
    static final String UNIQUE_VIOLATION = "23505";

    /** @return the insert, made to do nothing on a unique conflict where the database can */
    abstract String insertIgnoringConflicts(String insert);

    /** @return a statement that serialises schema creation between nodes, or null */
    abstract String schemaLock(String prefix);

    /** @return an expression yielding a fresh value of the sequence per row */
    abstract String nextToken(String sequence);

    /** @return the database clock plus a number of microseconds bound as the one parameter */
    abstract String nowPlusMicros();

    /**
     * @return a statement that makes the rest of the claim's transaction read due runs in index order
     *     whatever the planner's statistics say, or null where no such statement is needed
     */
    abstract String claimPlan();

    /** @return the statements that take schema version 1 to 2 */
    abstract List<String> schemaV2(String runs);

    static SqlDialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        throw new SQLException("Vigil's JDBC store supports PostgreSQL 13+ and H2 2.x, not " + product);
    }
}
