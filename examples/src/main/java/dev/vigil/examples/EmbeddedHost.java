package dev.vigil.examples;

import dev.vigil.core.Vigil;
import dev.vigil.core.store.JdbcJobStore;
import dev.vigil.spi.VigilException;
import dev.vigil.spi.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the command line gets its engine, and the one place it chooses a store: a
 * {@link JdbcJobStore} on an H2 database in a data folder ({@code --data DIR}, default
 * {@code ./vigil-data}), or on the database at {@code --jdbc-url}, PostgreSQL for a cluster.
 * Definitions, settings and run history outlive the process, so a second {@code vigil demo} goes
 * on where the first stopped and {@code vigil runs} shows both.
 *
 * <p>Open one per command and close it when the command ends:
 *
 * <pre>{@code
 * try (EmbeddedHost host = EmbeddedHost.open(options);
 *      Vigil vigil = host.engine().register(myJobs).build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>The data source opens a connection per operation, as the store asks for. For H2 the host also
 * holds one connection while it is open, so that the database stays open between operations instead
 * of being opened and closed for each one; a second process on the same folder (a {@code runs}
 * during a {@code demo}) reaches it through the server the first one starts.
 */
final class EmbeddedHost implements AutoCloseable {
    private final StoreOptions options;
    private final JdbcJobStore store;
    private Connection keepOpen;

    private EmbeddedHost(StoreOptions options, JdbcJobStore store, Connection keepOpen) {
        this.options = options;
        this.store = store;
        this.keepOpen = keepOpen;
    }

    /**
     * @return a builder on an in-memory store, for commands that read job types and nothing stored
     *     ({@code vigil jobs}); job types on the class path are discovered with
     *     {@link java.util.ServiceLoader} when it is built
     */
    static Vigil.Builder withoutStore() {
        return Vigil.builder();
    }

    /**
     * Creates the data folder if it is missing, connects, and creates or migrates the tables.
     *
     * @param options the store options
     * @return the open host
     * @throws UsageException if the data folder is a file or the table prefix is malformed
     * @throws VigilException if the folder cannot be created or the database cannot be reached; the
     *     message holds no password
     */
    static EmbeddedHost open(StoreOptions options) {
        options.dataFolder().ifPresent(folder -> createFolder(options.command(), folder));
        DriverDataSource dataSource = new DriverDataSource(options.url(), options.user(), options.password());
        JdbcJobStore.Builder builder = JdbcJobStore.builder(dataSource);
        options.tablePrefix().ifPresent(prefix -> {
            try {
                builder.tablePrefix(prefix);
            } catch (IllegalArgumentException e) {
                throw new UsageException(options.command() + ": --table-prefix '" + prefix + "': "
                        + Main.oneLine(e.getMessage()));
            }
        });
        Connection keepOpen = null;
        try {
            if (options.url().startsWith("jdbc:h2:")) {
                keepOpen = dataSource.getConnection();
            }
            return new EmbeddedHost(options, builder.build(), keepOpen);
        } catch (SQLException e) {
            closeQuietly(keepOpen);
            throw cannotOpen(options, "Cannot open the database: " + e.getMessage());
        } catch (VigilException e) {
            closeQuietly(keepOpen);
            throw cannotOpen(options, e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(keepOpen);
            throw e;
        }
    }

    /** Driver messages may quote the URL; the password is not to be seen, even there. */
    private static VigilException cannotOpen(StoreOptions options, String message) {
        return new VigilException(options.redact(Main.oneLine(message)) + " (store: " + options.description() + ")");
    }

    private static void createFolder(String command, Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UsageException(command + ": --data " + folder + " is a file; give a folder (created if missing)");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new VigilException("Cannot create the data folder " + folder + ": " + e, e);
        }
    }

    /** @return the store */
    JobStore store() {
        return store;
    }

    /**
     * @return a builder on this host's store; job types on the class path are discovered with
     *     {@link java.util.ServiceLoader} when it is built
     */
    Vigil.Builder engine() {
        return Vigil.builder().store(store);
    }

    /** @return how the store is described to people, without a password */
    String storeDescription() {
        return options.description();
    }

    /**
     * @param e an exception a command is about to report
     * @return it, or an exception with the same message less the password if it held it
     */
    RuntimeException redacted(VigilException e) {
        String message = e.getMessage();
        String clean = options.redact(message);
        return clean == null || clean.equals(message) ? e : new VigilException(clean);
    }

    /** Lets go of the database; H2 closes it once no process uses it. Safe to call twice. */
    @Override
    public synchronized void close() {
        closeQuietly(keepOpen);
        keepOpen = null;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing is left to save: every store operation committed on its own connection.
        }
    }
}
