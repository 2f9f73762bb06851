package dev.vigil.examples;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new connection from {@link DriverManager} each time: enough for
 * the command line, whose store opens one connection per operation and closes it. A host runs a
 * pool (HikariCP, Agroal, its application server's) instead. The JDBC drivers on the class path
 * register themselves with {@link DriverManager}, so no driver class is named here.
 *
 * <p>The password stays in this object: {@link #toString()} shows the URL with any password
 * parameter masked.
 */
final class DriverDataSource implements DataSource {
    private final String url;
    private final String user;
    private final String password;
    private volatile PrintWriter logWriter;

    /**
     * @param url a JDBC URL
     * @param user the user, or null to leave it to the URL or the driver
     * @param password the password, or null for none
     */
    DriverDataSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (pass != null) {
            properties.setProperty("password", pass);
        }
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    /** Not supported per data source: drivers take a connect timeout in the URL. */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("Set a connect timeout in the JDBC URL instead,"
                + " e.g. connectTimeout=10 for PostgreSQL");
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("DriverDataSource does not log through java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("DriverDataSource is not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "DriverDataSource[" + StoreOptions.maskPasswordParameters(url) + (user == null ? "" : ", user " + user)
                + "]";
    }
}
