package dev.vigil.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The bench's PostgreSQL plumbing: pools, its own tables, and their sizes. */
final class Postgres {
    /** Every table the bench creates starts with this, so that it never touches anyone else's. */
    static final String PREFIX = "vigil_bench_";

    private Postgres() {
    }

    /** @param name the pool's name, also the connections' {@code ApplicationName} in pg_stat_activity */
    static HikariDataSource pool(String url, String name, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setPoolName(name);
        c.addDataSourceProperty("ApplicationName", name);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(size);
        c.setConnectionTimeout(10_000);
        return new HikariDataSource(c);
    }

    /** @return the server's version line */
    static String version(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version(), current_setting('synchronous_commit'),"
                     + " current_setting('shared_buffers'), current_setting('work_mem'), current_setting('autovacuum')")) {
            rs.next();
            return rs.getString(1) + " (synchronous_commit=" + rs.getString(2) + ", shared_buffers="
                    + rs.getString(3) + ", work_mem=" + rs.getString(4) + ", autovacuum=" + rs.getString(5) + ")";
        }
    }

    /** Drops the tables of a Vigil store with this prefix, and its fencing sequence. */
    static void dropVigilTables(DataSource ds, String prefix) throws SQLException {
        requireOwn(prefix);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String t : new String[] {"runs", "definitions", "settings", "schema"}) {
                s.execute("DROP TABLE IF EXISTS " + prefix + t);
            }
            s.execute("DROP SEQUENCE IF EXISTS " + prefix + "fencing_tokens");
        }
    }

    static void execute(DataSource ds, String... sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** @return the size of a table with its indexes and TOAST, after VACUUM ANALYZE */
    static long totalSize(DataSource ds, String table) throws SQLException {
        requireOwn(table);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE " + table);
            try (ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('" + table + "')")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void requireOwn(String name) {
        if (!name.startsWith(PREFIX) || !name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("the bench only touches its own tables (" + PREFIX + "*), not " + name);
        }
    }
}
