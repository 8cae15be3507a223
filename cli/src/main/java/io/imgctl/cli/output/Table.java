package io.imgctl.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A text table laid out like the Docker CLI's (Go tabwriter with minimum width 10 and padding 3):
 * every column but the last is as wide as its widest cell plus 3, and at least 10.
 */
public final class Table {

    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers.clone());
    }

    public Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells but got " + cells.length);
        }
        rows.add(cells.clone());
        return this;
    }

    /** The number of data rows (the header not counted). */
    public int size() {
        return rows.size() - 1;
    }

    public List<String> lines() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns - 1; c++) {
                widths[c] = Math.max(widths[c], Math.max(MIN_WIDTH, row[c].length() + PADDING));
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(row[c]);
                if (c < columns - 1) {
                    line.append(" ".repeat(widths[c] - row[c].length()));
                }
            }
            lines.add(stripTrailing(line));
        }
        return lines;
    }

    public void print(PrintStream out) {
        for (String line : lines()) {
            out.println(line);
        }
    }

    private static String stripTrailing(StringBuilder line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }
}
