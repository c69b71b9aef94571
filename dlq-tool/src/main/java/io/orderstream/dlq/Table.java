package io.orderstream.dlq;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A plain text table: columns as wide as their widest cell, two spaces apart. */
final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();
    private final Set<Integer> right = new HashSet<>();

    Table(String... header) {
        this.header = header;
    }

    Table rightAlign(int... columns) {
        for (int c : columns) {
            right.add(c);
        }
        return this;
    }

    void row(String... cells) {
        rows.add(cells);
    }

    void print(PrintStream out) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        line(out, header, width);
        for (String[] r : rows) {
            line(out, r, width);
        }
    }

    private void line(PrintStream out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            String c = cells[i];
            String pad = " ".repeat(width[i] - c.length());
            if (right.contains(i)) {
                sb.append(pad).append(c);
            } else {
                sb.append(c).append(last ? "" : pad);
            }
            if (!last) {
                sb.append("  ");
            }
        }
        out.println(sb);
    }
}
