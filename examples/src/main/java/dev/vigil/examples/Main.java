package dev.vigil.examples;

import dev.vigil.spi.VigilException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code vigil} command line: a small host built on Vigil's embedded defaults, which keeps its
 * definitions, settings and run history in an H2 database in a data folder, or in PostgreSQL.
 * {@link #main} only exits with what {@link #run(String[], PrintStream, PrintStream)} returns, so
 * tests call the latter in-process with captured output.
 *
 * <p>Exit status: {@value #EXIT_OK} success, {@value #EXIT_FAILURE} failure, {@value #EXIT_USAGE} a
 * bad command line or invalid input (such as a cron expression), with one line on stderr.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: vigil COMMAND [OPTIONS]",
            "",
            "Vigil schedules and runs the recurring jobs of security-operations products. This command line",
            "is a small host built on Vigil's embedded defaults: its store is an H2 database in a data",
            "folder (or PostgreSQL), so definitions, settings and run history outlive the process.",
            "",
            "Commands:",
            "  jobs [--json]",
            "      Every registered job type (job modules on the class path and the engine's built-ins):",
            "      id, module, title, default schedule, whether enabled by default, and why one is disabled.",
            "",
            "  cron EXPR [--dialect quartz|unix|spring] [--zone ZONE] [--from INSTANT] [--count N]",
            "      The next N (default 10) fire times of a cron expression strictly after INSTANT (ISO-8601,",
            "      default now) in ZONE (default: the system zone), one per line. Quote EXPR so the shell",
            "      leaves * and ? alone:  vigil cron \"0 30 2 * * ?\" --zone Europe/Berlin",
            "      Default dialect: quartz (6 or 7 fields, seconds first); unix has 5 fields.",
            "",
            "  demo [--duration 30s] [STORE OPTIONS]",
            "      Starts the engine with a few demo jobs (cron, interval, parent with children, a retried",
            "      failure), prints each run's start and end, and after the duration (30s, 2m, 500ms or",
            "      PT30S) shuts down gracefully and prints a summary. The store keeps definitions,",
            "      settings and run history, so the next demo goes on where this one stopped; the setting",
            "      demo.demos-started counts the demos.",
            "",
            "  runs [--job ID] [--limit N] [--json] [STORE OPTIONS]",
            "      Run history in the store (running and ended runs of every process that used it),",
            "      newest first, at most N (default 20); --job keeps the runs of one definition (a job",
            "      type's default definition has the type's id). Reads only; may run during a demo.",
            "",
            "  scan-certs PATH... [--at INSTANT] [--trust FILE] [--crl FILE]... [--ct-log-list FILE] [--json]",
            "      Checks certificate files offline, as the certificate jobs do: expiry status (EXPIRING",
            "      within 30 days), weak key (ROCA and others), CA/Browser Forum lints, chain (against the",
            "      PEM bundle of trust anchors in --trust), revocation (from the CRL files, DER or PEM, each",
            "      used only once a given certificate of its issuer verifies it) and CT policy (against",
            "      Chrome's log_list.json). A PATH is a file or a folder, read recursively in path order",
            "      (*.pem, *.crt, *.cer, *.der). A file holds one DER or several PEM certificates: the",
            "      first is reported, the others are its presented chain. Judged at INSTANT (ISO-8601,",
            "      default now). Exit status 1 when a file could not be parsed (it prints an error, the",
            "      others still print) or a CRL was not verified.",
            "",
            "  help, --help",
            "      This text.",
            "",
            "Store options (demo, runs):",
            "  --data DIR          An H2 database in the folder DIR, default ./vigil-data; demo creates it",
            "                      if missing. Several processes may use one folder at once.",
            "  --jdbc-url URL      The database at URL instead: PostgreSQL 13+ for a cluster",
            "                      (jdbc:postgresql://HOST:5432/DB) or H2 (jdbc:h2:...). The tables are",
            "                      created on first use.",
            "  --jdbc-user USER    The database user, unless the URL names one.",
            "  --jdbc-password PW  Its password; never printed. Better: the environment variable",
            "                      VIGIL_JDBC_PASSWORD, which the process list does not show.",
            "  --table-prefix P    Table name prefix, [a-z][a-z0-9_]{0,30}, default vigil_, so that",
            "                      several hosts can share one database.",
            "",
            "Exit status: 0 success, 1 failure, 2 bad command line or invalid input.",
            "");

    private Main() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command.
     *
     * @param args the command and its options
     * @param out where the command's output goes
     * @param err where errors go
     * @return the exit status: 0 success, 1 failure, 2 bad command line or invalid input
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    /**
     * Runs one command with the given environment.
     *
     * @param args the command and its options
     * @param out where the command's output goes
     * @param err where errors go
     * @param env the environment variables, e.g. {@value StoreOptions#PASSWORD_VARIABLE}
     * @return the exit status: 0 success, 1 failure, 2 bad command line or invalid input
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0) {
            err.print(USAGE);
            return EXIT_USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (args[0].equals("help") || isHelp(args[0]) || rest.stream().anyMatch(Main::isHelp)) {
            out.print(USAGE);
            return EXIT_OK;
        }
        Clock clock = Clock.systemDefaultZone();
        try {
            switch (args[0]) {
                case "jobs":
                    return JobsCommand.run(rest, out);
                case "cron":
                    return CronCommand.run(rest, out, err, clock);
                case "demo":
                    return DemoCommand.run(rest, out, clock, env);
                case "runs":
                    return RunsCommand.run(rest, out, clock.getZone(), env);
                case "scan-certs":
                    return ScanCertsCommand.run(rest, out, err, clock);
                default:
                    err.println("vigil: unknown command '" + args[0] + "'; the commands are jobs, cron, demo, runs,"
                            + " scan-certs (see 'vigil --help')");
                    return EXIT_USAGE;
            }
        } catch (UsageException e) {
            // Its message starts with the command's name: "cron: --count must be ...".
            err.println("vigil " + e.getMessage());
            return EXIT_USAGE;
        } catch (VigilException e) {
            err.println("vigil " + args[0] + ": " + oneLine(e.getMessage()));
            return EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("vigil " + args[0] + ": interrupted");
            return EXIT_FAILURE;
        }
    }

    private static boolean isHelp(String word) {
        return word.equals("--help") || word.equals("-h");
    }

    /** @param text a message that may span lines @return it on one line */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
