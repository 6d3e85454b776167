package org.weft.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SequencedMap;

/**
 * One measured repetition in the anchors' output convention:
 * {@code RESULT <bench> <variant> key=value ...}, the line every anchor program prints and
 * {@code tools/summarize.py} tabulates. For the microbenchmarks the bench is {@code micro}, the variant the
 * workload ({@code indep}, {@code chain}, {@code wavefront}) and {@code rt=} names the runtime.
 *
 * @param bench   the section, e.g. {@code micro}
 * @param variant the workload within it
 * @param fields  the {@code key=value} pairs in line order
 */
public record ResultLine(String bench, String variant, SequencedMap<String, String> fields) {

    public ResultLine {
        fields = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(fields));
    }

    /** Parses a line; empty unless it starts with {@code RESULT} and names a bench and a variant. */
    public static Optional<ResultLine> parse(String line) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length < 3 || !parts[0].equals("RESULT")) return Optional.empty();
        SequencedMap<String, String> kv = new LinkedHashMap<>();
        for (int i = 3; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) kv.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return Optional.of(new ResultLine(parts[1], parts[2], kv));
    }

    /** A successful rep, formatted as {@code micro_omp.c} formats its own. */
    public static ResultLine micro(String workload, String runtime, int threads, long tasks, int rep, double seconds, double foreign) {
        SequencedMap<String, String> kv = new LinkedHashMap<>();
        kv.put("rt", runtime);
        kv.put("threads", Integer.toString(threads));
        kv.put("tasks", Long.toString(tasks));
        kv.put("rep", Integer.toString(rep));
        kv.put("time_s", String.format(Locale.ROOT, "%.4f", seconds));
        kv.put("tasks_per_s", String.format(Locale.ROOT, "%.0f", tasks / seconds));
        kv.put("ns_per_task", String.format(Locale.ROOT, "%.1f", seconds / tasks * 1e9));
        kv.put("foreign", String.format(Locale.ROOT, "%.2f", foreign));
        return new ResultLine("micro", workload, kv);
    }

    /** A rep whose correctness check failed: {@code status=FAIL check=...}, which summarize.py lists apart. */
    public static ResultLine microFailure(String workload, String runtime, int threads, int rep, String check) {
        SequencedMap<String, String> kv = new LinkedHashMap<>();
        kv.put("rt", runtime);
        kv.put("threads", Integer.toString(threads));
        kv.put("rep", Integer.toString(rep));
        kv.put("status", "FAIL");
        kv.put("check", check.replaceAll("\\s+", "_"));
        return new ResultLine("micro", workload, kv);
    }

    /** This line with {@code key=value} added at the end, or replaced in place. */
    public ResultLine with(String key, String value) {
        SequencedMap<String, String> kv = new LinkedHashMap<>(fields);
        kv.put(key, value);
        return new ResultLine(bench, variant, kv);
    }

    /** The value of {@code key}, or {@code null}. */
    public String get(String key) {
        return fields.get(key);
    }

    /** The numeric value of {@code key}; empty if absent or not a number. */
    public OptionalDouble number(String key) {
        String v = fields.get(key);
        if (v == null) return OptionalDouble.empty();
        try {
            return OptionalDouble.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** True for a {@code status=FAIL} line. */
    public boolean failed() {
        return "FAIL".equals(fields.get("status"));
    }

    /** The runtime ({@code rt=}), or the variant where a line has none. */
    public String runtime() {
        return fields.getOrDefault("rt", variant);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RESULT ").append(bench).append(' ').append(variant);
        fields.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }
}
