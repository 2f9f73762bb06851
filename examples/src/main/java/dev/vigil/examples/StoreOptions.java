package dev.vigil.examples;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which store a command uses, as its options say: an H2 database in a data folder
 * ({@code --data DIR}, default {@value #DEFAULT_DATA_FOLDER}), or the database at
 * {@code --jdbc-url} with {@code --jdbc-user} and {@code --jdbc-password} (or the environment
 * variable {@value #PASSWORD_VARIABLE}); {@code --table-prefix} for either. Checks the options
 * only; {@link EmbeddedHost#open(StoreOptions, boolean)} opens the store.
 *
 * <p>The password is never part of a description or a message: {@link #redact(String)} removes it
 * from text that came from a driver.
 */
final class StoreOptions {
    /** The options a command that uses the store accepts, without {@code --}. */
    static final Set<String> NAMES = Set.of("data", "jdbc-url", "jdbc-user", "jdbc-password", "table-prefix");
    /** The data folder when neither {@code --data} nor {@code --jdbc-url} is given. */
    static final String DEFAULT_DATA_FOLDER = "vigil-data";
    /** Where the password may come from instead of the command line, which other users can see. */
    static final String PASSWORD_VARIABLE = "VIGIL_JDBC_PASSWORD";

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;\\s]*");

    private final String command;
    private final Path dataFolder;
    private final String url;
    private final String user;
    private final String password;
    private final String tablePrefix;

    private StoreOptions(String command, Path dataFolder, String url, String user, String password,
                         String tablePrefix) {
        this.command = command;
        this.dataFolder = dataFolder;
        this.url = url;
        this.user = user;
        this.password = password;
        this.tablePrefix = tablePrefix;
    }

    /**
     * @param command the command's name, for messages
     * @param args the command's arguments, parsed with {@link #NAMES} among its options
     * @param env the environment, for {@value #PASSWORD_VARIABLE}
     * @return the options
     * @throws UsageException if they contradict each other or a value is malformed
     */
    static StoreOptions from(String command, Arguments args, Map<String, String> env) {
        Optional<String> url = args.option("jdbc-url").map(String::trim);
        Optional<String> user = args.option("jdbc-user");
        Optional<String> password = args.option("jdbc-password");
        String prefix = args.option("table-prefix").orElse(null);
        if (url.isEmpty()) {
            if (user.isPresent() || password.isPresent()) {
                throw new UsageException(command + ": --jdbc-" + (user.isPresent() ? "user" : "password")
                        + " goes with --jdbc-url; without it the store is the H2 database in --data DIR");
            }
            String folder = args.option("data").orElse(DEFAULT_DATA_FOLDER);
            return new StoreOptions(command, dataFolder(command, folder), null, null, null, prefix);
        }
        if (args.option("data").isPresent()) {
            throw new UsageException(command + ": give either --data DIR (an H2 database in a folder) or --jdbc-url URL,"
                    + " not both");
        }
        String u = url.get();
        if (!u.startsWith("jdbc:postgresql:") && !u.startsWith("jdbc:h2:")) {
            throw new UsageException(command + ": --jdbc-url must be a PostgreSQL URL such as"
                    + " jdbc:postgresql://127.0.0.1:5432/vigil or an H2 URL (jdbc:h2:...), was '"
                    + maskPasswordParameters(u) + "'");
        }
        String pw = password.orElseGet(() -> {
            String fromEnv = env.get(PASSWORD_VARIABLE);
            return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        });
        return new StoreOptions(command, null, u, user.orElse(null), pw, prefix);
    }

    private static Path dataFolder(String command, String text) {
        // H2 reads ';' as the start of its settings in a URL.
        if (text.isBlank() || text.indexOf(';') >= 0) {
            throw new UsageException(command + ": --data '" + text + "' is not a usable folder name"
                    + (text.indexOf(';') >= 0 ? " (it must not contain ';')" : ""));
        }
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException(command + ": --data '" + text + "' is not a folder name: " + e.getReason());
        }
    }

    /** @return the command's name, for messages */
    String command() {
        return command;
    }

    /** @return the data folder of the embedded H2 database, or empty for {@code --jdbc-url} */
    Optional<Path> dataFolder() {
        return Optional.ofNullable(dataFolder);
    }

    /**
     * @return the JDBC URL: the given one, or the H2 file database in the data folder, which several
     *     processes may open at once: the first one serves the others ({@code AUTO_SERVER}), and
     *     when it ends, another takes over
     */
    String url() {
        return url != null ? url
                : "jdbc:h2:file:" + dataFolder.resolve("vigil") + ";AUTO_SERVER=TRUE";
    }

    /** @return the user, or null: the URL's or the driver's default (H2: {@code sa}) */
    String user() {
        return url != null ? user : "sa";
    }

    /** @return the password, or null; never print it */
    String password() {
        return url != null ? password : "";
    }

    /** @return the table prefix, or empty for the store's default */
    Optional<String> tablePrefix() {
        return Optional.ofNullable(tablePrefix);
    }

    /** @return the store for people, without the password, e.g. "H2 database in /home/me/vigil-data" */
    String description() {
        String tables = tablePrefix == null ? "" : ", tables " + tablePrefix + "*";
        if (url == null) {
            return "H2 database in " + dataFolder + tables;
        }
        return maskPasswordParameters(url) + (user == null ? "" : " as " + user) + tables;
    }

    /**
     * @param text a message, e.g. from a driver; may be null
     * @return it without the password and with every {@code password=} parameter masked
     */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String t = text;
        if (password != null && !password.isEmpty()) {
            t = t.replace(password, "***");
        }
        return maskPasswordParameters(t);
    }

    /** @param text a JDBC URL or a message @return it with the value of each {@code password=} masked */
    static String maskPasswordParameters(String text) {
        return PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
    }
}
