package dev.vigil.bench;

import java.util.Optional;

/**
 * What the command line asked for.
 *
 * @param workload {@code all}, {@code cron}, {@code dispatch}, {@code scale}, {@code lag} or {@code cert}
 * @param quick smaller sizes and shorter windows, so the whole suite finishes in minutes
 * @param jdbcUrl the PostgreSQL database for the PostgreSQL parts, if any
 */
record BenchOptions(String workload, boolean quick, Optional<String> jdbcUrl) {
    static final String USAGE = """
            usage: bench/run WORKLOAD [--quick] [--jdbc-url URL]

            WORKLOAD is one of
              all        every workload below, in this order
              cron       (1) cron next-fire times, JMH: Vigil vs cron-utils, Quartz, Spring
              dispatch   (2) 100,000 one-shot runs due now, 4 workers: Vigil vs Quartz RAMJobStore;
                             on PostgreSQL, Vigil vs db-scheduler (SKIP LOCKED polling)
              scale      (3) 1,000,000 recurring cron definitions: registration rate and heap per
                             definition vs Quartz RAMJobStore; on PostgreSQL, time and table size
              lag        (4) 10,000 definitions firing every second for 60 s: start lag p50/p99/max
              cert       (5) certificate engines: the offline check set over 1,000,000 DER certificates
                             (rate, heap at 100k vs 1M); ROCA keys/s per core; a 1,000,000-entry CRL
                             indexed and checked per certificate vs BouncyCastle's X509CRLHolder

            options
              --quick          smaller sizes and windows (the suite takes under 5 minutes);
                               its figures are indicative only
              --jdbc-url URL   PostgreSQL for the PostgreSQL parts, e.g.
                               jdbc:postgresql://127.0.0.1:5432/test?user=postgres
                               (default: the environment variable VIGIL_BENCH_JDBC_URL);
                               without one those parts are skipped
              --help           this text

            Each workload prints a table and lines 'TARGET <name> <measured> <target> PASS|FAIL'
            (SKIPPED when a part could not run). Exit status: 0 when the workloads ran, whether or
            not their targets were met; 1 when a workload could not run; 2 for a bad command line.
            """;

    static final java.util.List<String> WORKLOADS = java.util.List.of("all", "cron", "dispatch", "scale", "lag",
            "cert");

    /**
     * @param args the command line
     * @param env the environment variable VIGIL_BENCH_JDBC_URL, or null
     * @return the options
     * @throws IllegalArgumentException with a one-line message when the command line is wrong
     */
    static BenchOptions parse(String[] args, String env) {
        String workload = null;
        boolean quick = false;
        String url = env == null || env.isBlank() ? null : env.trim();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                quick = true;
            } else if (a.equals("--jdbc-url")) {
                if (i + 1 == args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException("--jdbc-url needs a URL, e.g. jdbc:postgresql://127.0.0.1:5432/test");
                }
                url = args[++i];
            } else if (a.startsWith("--jdbc-url=")) {
                url = a.substring("--jdbc-url=".length());
            } else if (a.startsWith("-")) {
                throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            } else if (workload != null) {
                throw new IllegalArgumentException("one workload at a time, got " + workload + " and " + a);
            } else if (!WORKLOADS.contains(a)) {
                throw new IllegalArgumentException("unknown workload '" + a + "'; expected one of " + WORKLOADS);
            } else {
                workload = a;
            }
        }
        if (workload == null) {
            throw new IllegalArgumentException("which workload? one of " + WORKLOADS + " (try --help)");
        }
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://...), was "
                    + redact(url));
        }
        return new BenchOptions(workload, quick, Optional.ofNullable(url));
    }

    /** @return the URL without a password, for printing */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    boolean runs(String name) {
        return workload.equals("all") || workload.equals(name);
    }
}
