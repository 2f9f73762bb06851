package dev.vigil.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.spi.ConcurrencyPolicy;
import dev.vigil.spi.RunOrigin;
import dev.vigil.spi.RunState;
import dev.vigil.spi.store.NewRun;
import dev.vigil.spi.store.RunQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Tables made by an earlier version of the store are brought up to date, keeping what they hold. */
class SchemaUpgradeTest {
    private static final String PREFIX = "vigil_upgrade_";

    @Test
    void postgresTablesAtVersionOneGainThePartialIndexesAndKeepTheirRuns() throws SQLException {
        DataSource db = TestDatabases.postgres();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("runs", "definitions", "settings", "schema")) {
                s.execute("DROP TABLE IF EXISTS " + PREFIX + table);
            }
            s.execute("DROP SEQUENCE IF EXISTS " + PREFIX + "fencing_tokens");
        }
        JdbcJobStore first = JdbcJobStore.builder(db).tablePrefix(PREFIX).build();
        long queued = first.enqueue(run()).orElseThrow().id();
        downgradeToVersionOne(db, PREFIX, List.of(PREFIX + "runs_queued", PREFIX + "runs_active"));
        assertThat(indexes(db)).doesNotContain(PREFIX + "runs_queued", PREFIX + "runs_active");

        JdbcJobStore upgraded = JdbcJobStore.builder(db).tablePrefix(PREFIX).build();

        assertThat(versions(db, PREFIX)).containsExactly(2);
        assertThat(indexes(db)).contains(PREFIX + "runs_queued", PREFIX + "runs_active", PREFIX + "runs_mutex_slot_held")
                .doesNotContain(PREFIX + "runs_due");
        assertThat(upgraded.runs(RunQuery.all())).extracting(r -> r.id()).containsExactly(queued);
        assertThat(upgraded.claimDue("node", 10, Duration.ofMinutes(1)).claimed()).extracting(r -> r.id())
                .containsExactly(queued);
    }

    @Test
    void h2TablesAtVersionOneAreMarkedCurrent() throws SQLException {
        DataSource db = TestDatabases.h2();
        JdbcJobStore.builder(db).build().enqueue(run());
        downgradeToVersionOne(db, "vigil_", List.of());

        JdbcJobStore upgraded = JdbcJobStore.builder(db).build();

        assertThat(versions(db, "vigil_")).containsExactly(2);
        assertThat(upgraded.runs(RunQuery.all().states(RunState.QUEUED))).hasSize(1);
    }

    private static NewRun run() {
        return new NewRun("def", "test.job", RunOrigin.MANUAL, null, 1, java.time.Instant.EPOCH, java.time.Instant.EPOCH,
                null, ConcurrencyPolicy.ALLOW, Duration.ZERO, Map.of());
    }

    /** Makes the tables look as version 1 left them: without version 2's indexes, marked version 1. */
    private static void downgradeToVersionOne(DataSource db, String prefix, List<String> indexesOfVersionTwo)
            throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String index : indexesOfVersionTwo) {
                s.execute("DROP INDEX " + index);
            }
            if (!indexesOfVersionTwo.isEmpty()) {
                s.execute("CREATE INDEX " + prefix + "runs_due ON " + prefix + "runs (state, due_at, id)");
            }
            s.execute("DELETE FROM " + prefix + "schema");
            s.execute("INSERT INTO " + prefix + "schema (version) VALUES (1)");
        }
    }

    private static List<Integer> versions(DataSource db, String prefix) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM " + prefix + "schema")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private static List<String> indexes(DataSource db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = '" + PREFIX + "runs'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
