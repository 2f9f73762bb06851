package dev.vigil.core.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Where the JDBC tests find their databases. H2 runs in memory; PostgreSQL is found through
 * {@code VIGIL_TEST_JDBC_URL} (with optional {@code VIGIL_TEST_JDBC_USER} and
 * {@code VIGIL_TEST_JDBC_PASSWORD}). Without it the PostgreSQL tests skip on a developer's machine
 * and fail under CI ({@code CI=true}), so that CI never passes by skipping them.
 */
public final class TestDatabases {
    private static final AtomicInteger H2_COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    /** @return a fresh, private in-memory H2 database */
    public static DataSource h2() {
        return new DriverManagerDataSource("jdbc:h2:mem:vigil" + H2_COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                null, null);
    }

    /** @return the PostgreSQL test database; skips (or fails under CI) if none is configured or reachable */
    public static DataSource postgres() {
        String url = System.getenv("VIGIL_TEST_JDBC_URL");
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (url == null || url.isBlank()) {
            if (ci) {
                fail("CI=true but VIGIL_TEST_JDBC_URL is not set: the PostgreSQL tests must run in CI");
            }
            assumeTrue(false, "PostgreSQL tests skipped: set VIGIL_TEST_JDBC_URL, e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        }
        DataSource ds = new DriverManagerDataSource(url, System.getenv("VIGIL_TEST_JDBC_USER"),
                System.getenv("VIGIL_TEST_JDBC_PASSWORD"));
        try (Connection c = ds.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            if (ci) {
                fail("PostgreSQL at VIGIL_TEST_JDBC_URL does not answer: " + e.getMessage());
            }
            assumeTrue(false, "PostgreSQL tests skipped: VIGIL_TEST_JDBC_URL does not answer: " + e.getMessage());
        }
        return ds;
    }

    /** The smallest DataSource: a new connection from DriverManager each time. */
    public static final class DriverManagerDataSource implements DataSource {
        private final String url;
        private final String user;
        private final String password;

        public DriverManagerDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
