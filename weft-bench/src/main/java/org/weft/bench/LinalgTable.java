package org.weft.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The medians of {@code weft bench linalg}: one row per program and parameters, Weft's rows beside their
 * peers with Weft's median GFLOP/s divided by each peer's (above 1, Weft is faster), Weft's factorizations
 * also as a fraction of the dgemm peak ({@code blas_peak gemm} with as many threads as Weft has workers),
 * and one verdict line per Cholesky size against the best C task runtime; for the {@code storage} section, one
 * line per size giving Weft's Cholesky on each heap storage as a fraction of the same on native storage.
 *
 * @param rows     in order of first appearance
 * @param verdicts one line per Weft Cholesky size, then one per storage-section size
 */
public record LinalgTable(List<Row> rows, List<String> verdicts) {

    public LinalgTable {
        rows = List.copyOf(rows);
        verdicts = List.copyOf(verdicts);
    }

    /**
     * One program at one set of parameters.
     *
     * @param weftRatio Weft's median ÷ this one (NaN for Weft's own rows and where Weft has no matching row)
     * @param ofPeak    this median ÷ the dgemm peak median (NaN except for Weft's factorizations)
     */
    public record Row(String bench, String variant, String runtime, String params, int n, int nb, int clean, int all,
                      double medianGflops, double weftRatio, double ofPeak) {
        boolean isWeft() {
            return runtime.startsWith(WeftLinalg.RT);
        }

        /** "omp (libgomp(gcc))", "starpu-prio". */
        String label() {
            return runtime.equals("C") || runtime.equals("none") ? variant : variant + " (" + runtime + ")";
        }
    }

    private record Key(String bench, String variant, String runtime, String params) {
    }

    /** The C task runtimes a Weft Cholesky is judged against (LAPACKE is listed, but is not a task runtime). */
    private static boolean isTaskRuntime(Row r) {
        return r.bench.equals("chol") && !r.isWeft() && !r.variant.startsWith("lapacke") && !r.variant.equals("seq");
    }

    /** The table of the successful lines among {@code lines} on a machine of {@code cores} cores. */
    public static LinalgTable of(List<ResultLine> lines, int cores) {
        Map<Key, List<ResultLine>> groups = new LinkedHashMap<>();
        for (ResultLine l : lines) {
            if (l.failed() || l.number("gflops").isEmpty()) continue;
            groups.computeIfAbsent(key(l), k -> new ArrayList<>()).add(l);
        }
        List<Row> plain = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<ResultLine> reps = e.getValue();
            List<ResultLine> clean = reps.stream().filter(r -> RatioTable.isClean(r, cores)).toList();
            List<ResultLine> use = clean.isEmpty() ? reps : clean;
            double med = RatioTable.median(use.stream().map(r -> r.number("gflops").orElseThrow()).toList());
            ResultLine first = reps.getFirst();
            Key k = e.getKey();
            plain.add(new Row(k.bench, k.variant, k.runtime, k.params, (int) first.number("n").orElse(0), (int) first.number("nb").orElse(0),
                    clean.size(), reps.size(), med, Double.NaN, Double.NaN));
        }
        double peak = plain.stream().filter(r -> r.bench.equals("blas") && r.variant.equals("dgemm")).mapToDouble(Row::medianGflops).max().orElse(Double.NaN);
        List<Row> rows = new ArrayList<>();
        for (Row r : plain) {
            double ratio = Double.NaN, ofPeak = Double.NaN;
            if (r.isWeft()) {
                if (!r.bench.equals("kernel")) ofPeak = r.medianGflops / peak;
            } else {
                Row w = weftPeer(plain, r);
                if (w != null) ratio = w.medianGflops / r.medianGflops;
            }
            rows.add(new Row(r.bench, r.variant, r.runtime, r.params, r.n, r.nb, r.clean, r.all, r.medianGflops, ratio, ofPeak));
        }
        List<String> verdicts = new ArrayList<>();
        for (Row w : rows) {
            if (!w.isWeft() || !w.bench.equals("chol")) continue;
            Row best = null;
            for (Row r : rows) if (isTaskRuntime(r) && r.n == w.n && r.nb == w.nb && (best == null || r.medianGflops > best.medianGflops)) best = r;
            if (best == null) verdicts.add(String.format(Locale.ROOT, "chol n=%d nb=%d: no C task runtime ran at this size", w.n, w.nb));
            else verdicts.add(String.format(Locale.ROOT, "chol n=%d nb=%d: Weft %.1f GFLOP/s = %sx the best C task runtime (%s, %.1f GFLOP/s)%s",
                    w.n, w.nb, w.medianGflops, RatioTable.ratio(w.medianGflops / best.medianGflops), best.label(), best.medianGflops,
                    Double.isNaN(w.ofPeak) ? "" : String.format(Locale.ROOT, "; %.2f of the dgemm peak", w.ofPeak)));
        }
        verdicts.addAll(storageVerdicts(rows));
        return new LinalgTable(rows, verdicts);
    }

    /** What the {@code storage} section asks: a heap matrix through the off-heap space should reach 0.95 of native. */
    static final double STORAGE_TARGET = 0.95;

    /**
     * One line per size of the {@code storage} section: the heap storages' medians as fractions of the native one's
     * (interleaved reps of one run, so the ratio of medians compares like with like), and whether the heap matrix
     * through the off-heap space reached {@link #STORAGE_TARGET}.
     */
    private static List<String> storageVerdicts(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row nat : rows) {
            if (!nat.bench.equals(WeftLinalg.STORAGE_BENCH) || !nat.variant.equals(WeftLinalg.Storage.NATIVE.variant)) continue;
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "chol-storage n=%d nb=%d: native %.1f GFLOP/s", nat.n, nat.nb, nat.medianGflops));
            for (WeftLinalg.Storage s : WeftLinalg.Storage.values()) {
                if (s == WeftLinalg.Storage.NATIVE) continue;
                for (Row r : rows)
                    if (r.bench.equals(nat.bench) && r.variant.equals(s.variant) && r.params.equals(nat.params)) {
                        double ratio = r.medianGflops / nat.medianGflops;
                        b.append(String.format(Locale.ROOT, "; %s %.1f GFLOP/s = %sx native", s.variant, r.medianGflops, RatioTable.ratio(ratio)));
                        if (s == WeftLinalg.Storage.HEAP_OFF_HEAP)
                            b.append(ratio >= STORAGE_TARGET ? " (reaches " : " (BELOW ").append(String.format(Locale.ROOT, "%.2f)", STORAGE_TARGET));
                    }
            }
            out.add(b.toString());
        }
        return out;
    }

    /** Weft's row for the same work: same bench, same order, same tile size unless the peer has none. */
    private static Row weftPeer(List<Row> rows, Row r) {
        for (Row w : rows) {
            if (!w.isWeft() || !w.bench.equals(r.bench)) continue;
            if (r.bench.equals("kernel")) {
                if (w.variant.equals(r.variant) && w.nb == r.nb) return w;
            } else if (w.n == r.n && (r.nb == 0 || w.nb == r.nb)) return w;
        }
        return null;
    }

    private static Key key(ResultLine l) {
        StringBuilder p = new StringBuilder();
        for (String k : List.of("n", "nb", "ib", "threads", "sched")) {
            String v = l.get(k);
            if (v != null) p.append(p.isEmpty() ? "" : " ").append(k).append('=').append(v);
        }
        return new Key(l.bench(), l.variant(), Objects.requireNonNullElse(l.get("rt"), "C"), p.toString());
    }

    private static final String[] HEADER = {"bench", "variant", "runtime", "parameters", "clean/all", "median GFLOP/s", "Weft ÷ this", "÷ dgemm peak"};

    private List<String[]> cells() {
        List<String[]> out = new ArrayList<>();
        for (Row r : rows)
            out.add(new String[]{r.bench, r.variant, r.runtime, r.params, r.clean + "/" + r.all + (r.clean == 0 ? " (none clean)" : ""),
                    String.format(Locale.ROOT, "%.2f", r.medianGflops), RatioTable.ratio(r.weftRatio), RatioTable.ratio(r.ofPeak)});
        return out;
    }

    /** The table as aligned plain text, then the verdicts. */
    public String text() {
        StringBuilder b = new StringBuilder(TextTable.aligned(HEADER, cells(), 4));
        for (String v : verdicts) b.append(v).append('\n');
        return b.toString();
    }

    /** The table in Markdown, then the verdicts as a list. */
    public String markdown() {
        StringBuilder b = new StringBuilder(TextTable.markdown(HEADER, cells(), 4));
        if (!verdicts.isEmpty()) {
            b.append('\n');
            for (String v : verdicts) b.append("- ").append(v).append('\n');
        }
        return b.toString();
    }
}
