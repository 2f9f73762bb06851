package dev.vigil.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sampling profiler of the database side: every few milliseconds it reads what the backends of
 * one application name are doing ({@code pg_stat_activity}: state, wait event, statement) and
 * counts it. The share of samples per line says where the database spends the benchmark's time.
 */
final class PgActivitySampler implements AutoCloseable {
    private final Thread thread;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger samples = new AtomicInteger();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    /**
     * @param url the database
     * @param applicationName the {@code ApplicationName} of the connections to watch
     */
    PgActivitySampler(String url, String applicationName) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("SELECT state, coalesce(wait_event_type || ':' || wait_event, 'CPU'),"
                + " regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_activity"
                + " WHERE application_name = ? AND pid <> pg_backend_pid()");
        ps.setString(1, applicationName);
        thread = new Thread(() -> {
            try (c; ps) {
                while (!stop.get()) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String state = rs.getString(1);
                            if ("idle".equals(state)) {
                                continue;
                            }
                            String key = state + " | " + rs.getString(2) + " | "
                                    + CountingDataSource.shorten(rs.getString(3));
                            counts.merge(key, 1, Integer::sum);
                        }
                    }
                    samples.incrementAndGet();
                    Thread.sleep(10);
                }
            } catch (SQLException | InterruptedException e) {
                counts.merge("(sampler stopped: " + e.getMessage() + ")", 1, Integer::sum);
            }
        }, "bench-pg-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the most frequent lines: backends busy per sample, by state, wait and statement */
    Table table(String title, int top) {
        int n = Math.max(1, samples.get());
        Table t = new Table(title + " (" + Report.count(n) + " samples; busy backends per sample)",
                "backend state | wait (CPU = running) | statement", "share");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> t.row(e.getKey(), Report.fixed(e.getValue() / (double) n, 2)));
        return t;
    }
}
