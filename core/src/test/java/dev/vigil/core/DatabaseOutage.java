package dev.vigil.core;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A database that can be made unreachable, shared by every node that {@linkplain #wrap(DataSource)
 * connects through it}. Sits between a connection pool and the driver, where a network cut or a
 * database restart hits: while the outage lasts, opening a connection fails with SQLState
 * {@code 08001} (connection refused), and every call on a connection opened before it — and on its
 * statements, result sets and metadata — fails with SQLState {@code 08006} (connection failure),
 * except {@code close()} and {@code isClosed()}, and {@code isValid()}, which answers false. A
 * connection that was open when an outage began stays broken after it, as after a database
 * restart. The pool above sees what it would see in production: it evicts the broken connections
 * and cannot open new ones until {@link #end()}.
 *
 * <p>What it does not simulate: a silent partition where calls hang until a socket timeout, and a
 * commit that reaches the database but whose answer is lost (a call made while the outage lasts
 * never reaches the database).
 */
final class DatabaseOutage {
    static final String CONNECTION_REFUSED = "08001";
    static final String CONNECTION_FAILURE = "08006";

    private volatile boolean down;
    /** How many outages have begun; a connection opened before the latest one is dead. */
    private volatile int outages;
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger failedCalls = new AtomicInteger();

    /** Cuts the database off. */
    synchronized void begin() {
        outages++;
        down = true;
    }

    /** Makes the database reachable again. Connections broken by the outage stay broken. */
    synchronized void end() {
        down = false;
    }

    boolean isDown() {
        return down;
    }

    /** @return connection attempts refused so far */
    int refusedConnections() {
        return refused.get();
    }

    /** @return calls on open connections that failed so far */
    int failedCalls() {
        return failedCalls.get();
    }

    /** @return a DataSource whose connections are subject to this outage */
    DataSource wrap(DataSource target) {
        return new Through(target);
    }

    private SQLException refusedException() {
        refused.incrementAndGet();
        return new SQLException("Connection to the database refused (simulated outage)", CONNECTION_REFUSED);
    }

    /** Wraps a JDBC object (and the JDBC objects it hands out) so that an outage breaks it. */
    private Object severable(Object target, Class<?> type, int born) {
        return Proxy.newProxyInstance(DatabaseOutage.class.getClassLoader(), new Class<?>[] {type},
                new Severable(target, born));
    }

    private final class Severable implements InvocationHandler {
        private final Object target;
        /** The outages begun before the connection was opened. */
        private final int born;

        Severable(Object target, int born) {
            this.target = target;
            this.born = born;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (method.getDeclaringClass() == Object.class) {
                return switch (name) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "Severable[" + target + "]";
                };
            }
            if (down || outages != born) {
                switch (name) {
                    case "close", "isClosed" -> {
                        return call(method, args);
                    }
                    case "isValid" -> {
                        return false;
                    }
                    default -> {
                        failedCalls.incrementAndGet();
                        throw new SQLException("An I/O error occurred while sending to the backend (simulated"
                                + " outage)", CONNECTION_FAILURE);
                    }
                }
            }
            Object result = call(method, args);
            Class<?> returns = method.getReturnType();
            if (result != null && returns.isInterface() && returns.getPackageName().equals("java.sql")) {
                return severable(result, returns, born);
            }
            return result;
        }

        private Object call(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private final class Through implements DataSource {
        private final DataSource target;

        Through(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            int born = outages;
            if (down) {
                throw refusedException();
            }
            return (Connection) severable(target.getConnection(), Connection.class, born);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            int born = outages;
            if (down) {
                throw refusedException();
            }
            return (Connection) severable(target.getConnection(user, password), Connection.class, born);
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
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
