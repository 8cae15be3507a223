package io.imgctl.cli.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An imgctl table read back by column: the header's words fix where each column starts (columns
 * are left-aligned and padded, as in the Docker CLI), so values with single spaces
 * ({@code 2 minutes ago}, {@code Exited (0) 3 seconds ago}) come out whole.
 */
record Table(List<String> columns, List<Map<String, String>> rows) {

    static Table parse(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new AssertionError("expected a table, got no output");
        }
        String header = lines.get(0);
        List<String> columns = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        // A column name is a run of words separated by single spaces; two or more spaces end it.
        int i = 0;
        while (i < header.length()) {
            if (header.charAt(i) == ' ') {
                i++;
                continue;
            }
            int start = i;
            while (i < header.length() && !(header.charAt(i) == ' ' && (i + 1 >= header.length() || header.charAt(i + 1) == ' '))) {
                i++;
            }
            columns.add(header.substring(start, i));
            starts.add(start);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                int from = Math.min(starts.get(c), line.length());
                int to = c + 1 < columns.size() ? Math.min(starts.get(c + 1), line.length()) : line.length();
                row.put(columns.get(c), line.substring(from, to).trim());
            }
            rows.add(row);
        }
        return new Table(List.copyOf(columns), List.copyOf(rows));
    }

    /** The rows whose {@code column} holds exactly {@code value}. */
    List<Map<String, String>> where(String column, String value) {
        if (!columns.contains(column)) {
            throw new AssertionError("no column " + column + " in " + columns);
        }
        return rows.stream().filter(r -> value.equals(r.get(column))).toList();
    }

    /** The one row whose {@code column} holds {@code value}; fails when there is none or more than one. */
    Map<String, String> single(String column, String value) {
        List<Map<String, String>> found = where(column, value);
        if (found.size() != 1) {
            throw new AssertionError("expected one row with " + column + " = " + value + ", found " + found.size() + " in " + rows);
        }
        return found.get(0);
    }

    List<String> column(String column) {
        return rows.stream().map(r -> r.get(column)).toList();
    }
}
