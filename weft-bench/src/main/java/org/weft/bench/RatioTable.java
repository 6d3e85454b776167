package org.weft.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Weft against its anchors: per workload, the median tasks/s of every runtime measured in the run and Weft's
 * median divided by each (above 1, Weft is faster). The machines are shared and noisy, so a Weft figure means
 * something only as such a ratio to a peer measured on the same machine in the same run (DESIGN.md §7).
 *
 * <p>Medians are taken over the clean reps, with {@code tools/summarize.py}'s rule: a rep is clean when the
 * CPU other processes took during it ({@code foreign=}) fits beside the benchmark's threads on the machine's
 * cores with {@value ForeignCpu#QUIET_CORES} cores of slack; reps shorter than 0.2 s and lines without a
 * meter count as clean. When no rep of a runtime is clean, all its reps are used and the row says so.
 *
 * @param rows one row per workload, runtime and thread count: Weft first within each workload
 */
public record RatioTable(List<Row> rows) {
    /** The runtime name of Weft's own lines. */
    public static final String WEFT = "weft";

    public RatioTable {
        rows = List.copyOf(rows);
    }

    /**
     * One runtime on one workload.
     *
     * @param workload       {@code indep}, {@code chain} or {@code wavefront}
     * @param runtime        the {@code rt=} of its lines
     * @param threads        the thread count it ran with
     * @param clean          clean reps
     * @param all            all successful reps
     * @param medianTasksPerSecond median tasks/s over the clean reps (all reps when none is clean)
     * @param weftRatio      Weft's median ÷ this one; NaN for Weft itself or when Weft has no reps here
     */
    public record Row(String workload, String runtime, int threads, int clean, int all, double medianTasksPerSecond,
                      double weftRatio) {
        /** Median time per task derived from the median rate. */
        public double nanosPerTask() {
            return 1e9 / medianTasksPerSecond;
        }
    }

    private record Key(String workload, String runtime, int threads) {
    }

    /** The table of the successful {@code micro} lines among {@code lines}, on a machine of {@code cores} cores. */
    public static RatioTable of(List<ResultLine> lines, int cores) {
        Map<Key, List<ResultLine>> groups = new LinkedHashMap<>();
        List<String> workloads = new ArrayList<>();
        for (ResultLine l : lines) {
            if (!l.bench().equals("micro") || l.failed() || l.number("tasks_per_s").isEmpty()) continue;
            int threads = (int) l.number("threads").orElse(0);
            groups.computeIfAbsent(new Key(l.variant(), l.runtime(), threads), k -> new ArrayList<>()).add(l);
            if (!workloads.contains(l.variant())) workloads.add(l.variant());
        }
        List<Row> rows = new ArrayList<>();
        for (String w : workloads) {
            List<Map.Entry<Key, List<ResultLine>>> mine = new ArrayList<>();
            for (var e : groups.entrySet()) if (e.getKey().workload().equals(w)) mine.add(e);
            mine.sort(Comparator.comparing(e -> !e.getKey().runtime().equals(WEFT)));  // stable: Weft first, then run order
            Map<Integer, Double> weftMedian = new LinkedHashMap<>();
            List<Row> partial = new ArrayList<>();
            for (var e : mine) {
                List<ResultLine> reps = e.getValue();
                List<ResultLine> clean = reps.stream().filter(r -> isClean(r, cores)).toList();
                List<ResultLine> use = clean.isEmpty() ? reps : clean;
                double med = median(use.stream().map(r -> r.number("tasks_per_s").orElseThrow()).toList());
                Key k = e.getKey();
                if (k.runtime().equals(WEFT)) weftMedian.put(k.threads(), med);
                partial.add(new Row(w, k.runtime(), k.threads(), clean.size(), reps.size(), med, Double.NaN));
            }
            for (Row r : partial) {
                Double weft = weftMedian.get(r.threads());
                double ratio = r.runtime().equals(WEFT) || weft == null ? Double.NaN : weft / r.medianTasksPerSecond();
                rows.add(new Row(r.workload(), r.runtime(), r.threads(), r.clean(), r.all(), r.medianTasksPerSecond(), ratio));
            }
        }
        return new RatioTable(rows);
    }

    /** summarize.py's {@code is_clean}, with the machine's core count in place of its fixed 2. */
    public static boolean isClean(ResultLine rep, int cores) {
        var foreign = rep.number("foreign");
        if (foreign.isEmpty()) return true;
        if (rep.number("time_s").orElse(1) < 0.2) return true;
        int threads = (int) rep.number("threads").orElse(cores);
        return foreign.getAsDouble() <= Math.max(0, cores - threads) + ForeignCpu.QUIET_CORES;
    }

    /** The median of a non-empty list (the mean of the middle two for an even count). */
    public static double median(List<Double> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("median of no values");
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static final String[] HEADER = {"workload", "runtime", "threads", "clean/all", "median tasks/s",
            "median ns/task", "Weft ÷ runtime"};

    private List<String[]> cells() {
        List<String[]> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new String[]{r.workload(), r.runtime(), Integer.toString(r.threads()),
                    r.clean() + "/" + r.all() + (r.clean() == 0 ? " (none clean)" : ""),
                    String.format(Locale.ROOT, "%,.0f", r.medianTasksPerSecond()),
                    String.format(Locale.ROOT, "%.1f", r.nanosPerTask()), ratio(r.weftRatio())});
        }
        return out;
    }

    static String ratio(double r) {
        if (Double.isNaN(r)) return "—";
        if (r >= 10) return String.format(Locale.ROOT, "%.1f", r);
        if (r >= 0.1) return String.format(Locale.ROOT, "%.2f", r);
        return String.format(Locale.ROOT, "%.3f", r);
    }

    /** The table as aligned plain text for a terminal. */
    public String text() {
        return TextTable.aligned(HEADER, cells(), 2);
    }

    /** The table in Markdown, for BENCHMARKS.md. */
    public String markdown() {
        return TextTable.markdown(HEADER, cells(), 2);
    }
}
