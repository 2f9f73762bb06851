package dev.vigil.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts what its user sends to the database: statements executed (a batch is
 * one round trip, its rows are counted apart), commits, rollbacks and connections taken.
 */
final class CountingDataSource implements DataSource {
    /** Counts at one moment. */
    record Counts(long statements, long batchedRows, long commits, long rollbacks, long connections) {
        Counts minus(Counts o) {
            return new Counts(statements - o.statements, batchedRows - o.batchedRows, commits - o.commits,
                    rollbacks - o.rollbacks, connections - o.connections);
        }
    }

    private final DataSource target;
    private final LongAdder statements = new LongAdder();
    private final LongAdder batchedRows = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();

    CountingDataSource(DataSource target) {
        this.target = target;
    }

    Counts counts() {
        return new Counts(statements.sum(), batchedRows.sum(), commits.sum(), rollbacks.sum(), connections.sum());
    }

    /** @return executions so far per statement (its SQL shortened), most frequent first */
    Map<String, Long> bySql() {
        Map<String, Long> out = new TreeMap<>();
        bySql.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Forgets the per-statement counts. */
    void resetBySql() {
        bySql.clear();
    }

    private void countSql(String sql) {
        String key = sql == null ? "(unknown)" : shorten(sql);
        bySql.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** The statement's verb and its first distinguishing words, with table names unprefixed. */
    static String shorten(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim().replaceAll("\\b" + Postgres.PREFIX + "[a-z]+_", "");
        return s.length() <= 90 ? s : s.substring(0, 87) + "...";
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(target.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return wrap(target.getConnection(user, password));
    }

    private Connection wrap(Connection c) {
        connections.increment();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(c));
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private final class ConnectionHandler implements InvocationHandler {
        private final Connection c;

        ConnectionHandler(Connection c) {
            this.c = c;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "commit" -> commits.increment();
                case "rollback" -> rollbacks.increment();
                default -> {
                }
            }
            Object result = call(c, m, args);
            if (result instanceof Statement s) {
                Class<?> type = result instanceof CallableStatement ? CallableStatement.class
                        : result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : null;
                return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type},
                        new StatementHandler(s, sql));
            }
            return result;
        }
    }

    private final class StatementHandler implements InvocationHandler {
        private final Statement s;
        private final String preparedSql;
        private int pending;

        StatementHandler(Statement s, String preparedSql) {
            this.s = s;
            this.preparedSql = preparedSql;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" -> {
                    statements.increment();
                    countSql(args != null && args.length > 0 && args[0] instanceof String q ? q : preparedSql);
                }
                case "addBatch" -> pending++;
                case "clearBatch" -> pending = 0;
                case "executeBatch", "executeLargeBatch" -> {
                    statements.increment();
                    countSql(preparedSql);
                    batchedRows.add(pending);
                    pending = 0;
                }
                default -> {
                }
            }
            return call(s, m, args);
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target.isWrapperFor(iface);
    }
}
