package org.weft.bench;

import java.util.ArrayList;
import java.util.List;

/** Renders the benchmark tables: aligned plain text for a terminal, Markdown for BENCHMARKS.md. */
final class TextTable {
    private TextTable() {
    }

    /** Columns padded to their widest cell, two spaces apart; columns from {@code rightFrom} on are right-aligned. */
    static String aligned(String[] header, List<String[]> rows, int rightFrom) {
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] width = new int[header.length];
        for (String[] row : all) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        StringBuilder b = new StringBuilder();
        for (String[] row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(i >= rightFrom ? pad + row[i] : row[i] + pad);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    /** A Markdown table; columns from {@code rightFrom} on are right-aligned. */
    static String markdown(String[] header, List<String[]> rows, int rightFrom) {
        StringBuilder b = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.length; i++) b.append(i >= rightFrom ? "---:|" : "---|");
        b.append('\n');
        for (String[] row : rows) b.append("| ").append(String.join(" | ", row)).append(" |\n");
        return b.toString();
    }
}
