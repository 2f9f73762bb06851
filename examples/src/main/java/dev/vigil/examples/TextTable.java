package dev.vigil.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A table for people: a header row and rows of cells, columns left-aligned and two spaces apart,
 * no trailing spaces. Not thread-safe.
 */
final class TextTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers the column titles */
    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    /**
     * @param cells one cell per column; {@code toString()} of each, null printed as empty
     * @return this
     * @throws IllegalArgumentException if the number of cells is not the number of columns
     */
    TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("A row of this table has " + headers.size() + " cells, not "
                    + cells.length);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(cell == null ? "" : cell.toString().replace('\n', ' '));
        }
        rows.add(row);
        return this;
    }

    /** @return whether the table has no rows */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** @param out where to print the header and the rows */
    void print(PrintStream out) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        printRow(out, headers, widths);
        for (List<String> row : rows) {
            printRow(out, row, widths);
        }
    }

    private static void printRow(PrintStream out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            line.append(cells.get(c));
            line.append(" ".repeat(widths[c] - cells.get(c).length()));
        }
        out.println(line.toString().stripTrailing());
    }
}
