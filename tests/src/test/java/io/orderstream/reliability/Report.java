package io.orderstream.reliability;

import io.orderstream.harness.RepoRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Writes docs/RELIABILITY.md from the figures the reliability tests measured: each test records
 * one row (its scenario and what it checked) when it passes; the rows of earlier runs stay until
 * the same test records a new one (kept in docs/reliability-figures.properties, so running one test
 * keeps the others' figures). The prose is the template in test resources.
 */
final class Report {
    /** Column order of a row. */
    static final String[] COLUMNS = {"faults injected", "records checked", "orders lost", "double-counted in aggregates",
            "hostile records tried", "job restarts caused by input", "runtime"};

    private Report() {}

    /** Records one scenario's figures and rewrites the document. */
    static synchronized void record(String scenario, Map<String, Object> figures) {
        Path root = RepoRoot.find();
        Path store = root.resolve("docs/reliability-figures.properties");
        Properties p = new Properties();
        try {
            if (Files.exists(store)) {
                try (InputStream in = Files.newInputStream(store)) {
                    p.load(in);
                }
            }
            Map<String, Object> row = new LinkedHashMap<>(figures);
            row.put("measured", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            row.forEach((k, v) -> p.setProperty(scenario + "." + k, String.valueOf(v)));
            Files.createDirectories(store.getParent());
            try (var out = Files.newOutputStream(store)) {
                p.store(out, "figures of the reliability tests (io.orderstream.reliability); written by the tests");
            }
            Files.writeString(root.resolve("docs/RELIABILITY.md"), render(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Re-renders docs/RELIABILITY.md from the stored figures (after a template change). */
    static synchronized void rewrite() throws IOException {
        Path root = RepoRoot.find();
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("docs/reliability-figures.properties"))) {
            p.load(in);
        }
        Files.writeString(root.resolve("docs/RELIABILITY.md"), render(p), StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        rewrite();
    }

    private static String render(Properties p) throws IOException {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            int dot = key.indexOf('.');
            rows.computeIfAbsent(key.substring(0, dot), s -> new TreeMap<>()).put(key.substring(dot + 1), p.getProperty(key));
        }
        StringBuilder t = new StringBuilder("| scenario | ");
        t.append(String.join(" | ", COLUMNS)).append(" | measured |\n|");
        t.append(" --- |".repeat(COLUMNS.length + 2)).append('\n');
        long[] totals = new long[COLUMNS.length];
        for (Map.Entry<String, Map<String, String>> row : rows.entrySet()) {
            t.append("| ").append(row.getKey().replace('_', ' ')).append(" | ");
            for (int i = 0; i < COLUMNS.length; i++) {
                String v = row.getValue().getOrDefault(COLUMNS[i], "-");
                t.append(v).append(" | ");
                try {
                    totals[i] += Long.parseLong(v);
                } catch (NumberFormatException notANumber) {
                    // runtime and "-"
                }
            }
            t.append(row.getValue().getOrDefault("measured", "")).append(" |\n");
        }
        t.append("| **total** | ");
        for (int i = 0; i < COLUMNS.length; i++) {
            t.append(COLUMNS[i].equals("runtime") ? "" : "**" + totals[i] + "**").append(" | ");
        }
        t.append(" |\n");
        Map<String, String> notes = new TreeMap<>();
        rows.forEach((scenario, r) -> {
            if (r.containsKey("notes")) {
                notes.put(scenario.replace('_', ' '), r.get("notes"));
            }
        });
        StringBuilder n = new StringBuilder();
        notes.forEach((s, text) -> n.append("- **").append(s).append("**: ").append(text).append('\n'));
        String template;
        try (InputStream in = Report.class.getResourceAsStream("/reliability/RELIABILITY.template.md")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return template.replace("{{FIGURES}}", t.toString()).replace("{{NOTES}}", n.toString());
    }
}
