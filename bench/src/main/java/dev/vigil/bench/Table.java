package dev.vigil.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: first column left-aligned, the others right-aligned. */
final class Table {
    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String title, String... header) {
        this.title = title;
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + title + " needs " + header.size() + " cells");
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "-" : c.toString());
        }
        rows.add(r);
        return this;
    }

    void print(PrintStream out) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        out.println(title);
        out.println(line(header, width));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (List<String> r : rows) {
            out.println(line(r, width));
        }
    }

    private static String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            b.append(i == 0 ? "" : "  ").append(i == 0 ? c + pad : pad + c);
        }
        return b.toString().stripTrailing();
    }
}
