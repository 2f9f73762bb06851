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
        List<String> schemaV2(String runs) {
            // Partial indexes give the claim and the held-slot lookup one plan whatever the statistics
            // say: an ordered scan of queued rows only, and a lookup among active rows only.
            return List.of("CREATE INDEX IF NOT EXISTS " + runs + "_queued ON " + runs + " (due_at, id)"
                            + " WHERE state = 'QUEUED'",
                    "CREATE INDEX IF NOT EXISTS " + runs + "_active ON " + runs + " (definition_id)"
                            + " WHERE state IN ('RUNNING', 'WAITING_FOR_CHILDREN')");
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
