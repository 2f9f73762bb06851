package dev.vigil.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Where a workload prints its tables, notes and TARGET lines; counts the targets met. */
final class Report {
    enum Status { PASS, FAIL, SKIPPED }

    private final PrintStream out;
    private final boolean quick;
    private final List<Status> statuses = new ArrayList<>();

    Report(PrintStream out, boolean quick) {
        this.out = out;
        this.quick = quick;
    }

    PrintStream out() {
        return out;
    }

    boolean quick() {
        return quick;
    }

    void heading(String title) {
        out.println();
        out.println("== " + title + (quick ? "  [--quick: indicative figures only]" : "") + " ==");
    }

    void note(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        out.println(text.isEmpty() ? "" : "   " + text);
        out.flush();
    }

    void progress(String format, Object... args) {
        out.println("   .. " + String.format(Locale.ROOT, format, args));
        out.flush();
    }

    void print(Table t) {
        t.print(out);
        out.flush();
    }

    /** Prints {@code TARGET <name> <measured> <target> PASS|FAIL}. */
    void target(String name, String measured, String target, boolean pass) {
        target(name, measured, target, pass ? Status.PASS : Status.FAIL);
    }

    void skipped(String name, String target, String why) {
        note("%s: skipped, %s", name, why);
        target(name, "n/a", target, Status.SKIPPED);
    }

    private void target(String name, String measured, String target, Status status) {
        statuses.add(status);
        out.println("TARGET " + name + " " + measured + " " + target + " " + status);
        out.flush();
    }

    /** Counts a result whose TARGET lines another class printed. */
    void counted(Status s) {
        statuses.add(s);
    }

    long count(Status s) {
        return statuses.stream().filter(s::equals).count();
    }

    static String ratio(double x) {
        return String.format(Locale.ROOT, x >= 100 ? "%.0fx" : x >= 10 ? "%.1fx" : "%.2fx", x);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String fixed(double x, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", x);
    }

    static String bytes(double b) {
        if (b >= 1024L * 1024 * 1024) {
            return fixed(b / (1024.0 * 1024 * 1024), 2) + " GiB";
        }
        if (b >= 1024 * 1024) {
            return fixed(b / (1024.0 * 1024), 1) + " MiB";
        }
        if (b >= 10 * 1024) {
            return fixed(b / 1024.0, 1) + " KiB";
        }
        return fixed(b, 0) + " B";
    }

    static String millis(double ms) {
        return fixed(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0) + " ms";
    }
}
