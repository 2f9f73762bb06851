package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command line on PostgreSQL, found as the core tests find it: {@code VIGIL_TEST_JDBC_URL}
 * (with optional {@code VIGIL_TEST_JDBC_USER} and {@code VIGIL_TEST_JDBC_PASSWORD}). Skipped
 * without it on a developer's machine; failed without it under CI ({@code CI=true}). Each test
 * uses tables of its own prefix and drops them afterwards.
 */
class PostgresDemoTest {
    private final String prefix = "examples_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "_";
    private String url;
    private String user;
    private String password;

    @BeforeEach
    void findPostgreSQL() {
        url = System.getenv("VIGIL_TEST_JDBC_URL");
        user = System.getenv("VIGIL_TEST_JDBC_USER");
        password = System.getenv("VIGIL_TEST_JDBC_PASSWORD");
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but VIGIL_TEST_JDBC_URL is not set: the PostgreSQL tests must run in CI");
            }
            assumeTrue(false, "PostgreSQL tests skipped: set VIGIL_TEST_JDBC_URL, e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        }
    }

    @AfterEach
    void dropTheTables() throws SQLException {
        if (url == null || url.isBlank()) {
            return;
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String table : namesWithPrefix(c, "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema()")) {
                s.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
            }
            for (String sequence : namesWithPrefix(c, "SELECT sequence_name FROM information_schema.sequences"
                    + " WHERE sequence_schema = current_schema()")) {
                s.execute("DROP SEQUENCE IF EXISTS " + sequence);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void demoOnPostgreSQLKeepsItsRunsForVigilRuns() {
        CliRun demo = cli("demo", "--duration", "2s");
        CliRun runs = cli("runs", "--json", "--limit", "100");

        assertThat(demo.status()).as(demo.err()).isZero();
        assertThat(demo.outLines().get(1)).startsWith("Store: jdbc:postgresql:").contains("tables " + prefix + "*");
        assertThat(runs.status()).as(runs.err()).isZero();
        List<Map<String, Object>> listed = (List<Map<String, Object>>) ((Map<String, Object>) MiniJson.parse(runs.out()))
                .get("runs");
        assertThat(listed).anyMatch(r -> r.get("jobType").equals(FlakySyncJob.ID) && r.get("origin").equals("MANUAL"));
        assertThat(listed).anyMatch(r -> r.get("jobType").equals(DiscoverJob.ID));
    }

    private CliRun cli(String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        args.addAll(List.of("--jdbc-url", url, "--table-prefix", prefix));
        if (user != null) {
            args.addAll(List.of("--jdbc-user", user));
        }
        Map<String, String> env = new HashMap<>();
        if (password != null) {
            env.put(StoreOptions.PASSWORD_VARIABLE, password);
        }
        return CliRun.withEnvironment(env, args.toArray(String[]::new));
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    private List<String> namesWithPrefix(Connection c, String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                if (rs.getString(1).startsWith(prefix)) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
