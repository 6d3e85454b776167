package org.weft.bench;

import org.weft.Weft;
import org.weft.linalg.NativeLibraryException;
import org.weft.linalg.kernel.Kernels;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code weft bench linalg}: Weft's tiled linear algebra on OpenBLAS beside the C anchors, in one run.
 *
 * <ol>
 *   <li>kernels: the four Cholesky tile kernels called from Java through FFM, and by {@code blas_peak kernels}
 *       in C: the kernel call from Java must reach 95% of C's speed;</li>
 *   <li>peak: {@code blas_peak gemm} with as many threads as Weft has workers, the machine's limit;</li>
 *   <li>chol: Weft's tiled Cholesky and, at the same sizes, {@code chol_omp} (libgomp, with and without
 *       priorities), {@code chol_omp_clang} (libomp), {@code chol_starpu} (with and without its priority
 *       scheduler) and LAPACKE's dpotrf;</li>
 *   <li>qr, lu: Weft's tiled QR and LU beside LAPACKE dgeqrf and dgetrf ({@code lapack_ref.c}, built here
 *       against the anchors' {@code common.h});</li>
 *   <li>storage (only with {@code --only}): Weft's Cholesky at the Cholesky sizes on a native matrix, on a heap matrix
 *       placed in an off-heap memory space, and on a heap matrix whose kernels stage their tiles per call, interleaved
 *       round by round ({@link WeftLinalg#choleskyStorage}); a verdict line per size gives each heap storage as a
 *       fraction of the native one.</li>
 * </ol>
 * Each Weft factorization does unprinted warm-up reps for a few seconds (the JIT's), then the measured ones, each
 * after a full GC, the last checked by its residual (a failure prints {@code status=FAIL} and ends the run
 * with status 3). Before each program the run waits, within a bound, for a quiet machine. RESULT lines go
 * to {@code <out>/raw/linalg.log}; the table of medians and ratios is printed and written to
 * {@code <out>/summary.md}.
 */
public final class LinalgRun {
    private static final List<String> ANCHOR_TARGETS = List.of("build/blas_peak", "build/chol_omp", "build/chol_omp_clang", "build/chol_starpu");

    private final LinalgOptions options;
    private final String command;
    private final PrintStream out;
    private RunLog runLog;
    private Path stderrLog;
    private Path buildDir;
    private final Map<String, Path> programs = new HashMap<>();

    public LinalgRun(LinalgOptions options, String command, PrintStream out) {
        this.options = options;
        this.command = command;
        this.out = out;
    }

    /** Runs everything; returns the process exit status. */
    public int run() throws IOException, InterruptedException {
        try {
            out.println("OpenBLAS: " + Kernels.openBlasConfig());
        } catch (NativeLibraryException e) {
            out.println("weft bench linalg: " + e.getMessage());
            return 1;
        }
        Path raw = Files.createDirectories(options.out().resolve("raw"));
        stderrLog = raw.resolve("stderr.txt");
        Files.writeString(stderrLog, "");
        int t = options.threads();
        try (RunLog w = new RunLog(out, raw.resolve("linalg.log"), options.quietWaitSeconds()); Weft weft = Weft.builder().workers(t).build()) {
            runLog = w;
            out.printf("weft bench linalg: threads=%d reps=%d sizes=%s factor-size=%s sections=%s out=%s%n", t, options.reps(),
                    options.sizes(), options.factorSize(), String.join(",", options.sections()), options.out());
            buildAnchors();
            if (options.runs("kernels"))
                for (int nb : options.tileSizes()) {
                    section("kernels nb=" + nb);
                    runLog.awaitQuiet();
                    WeftLinalg.kernels(nb, options.reps(), runLog::emit);
                    anchor("blas_peak", Map.of(), "kernels", nb, options.reps());
                }
            if (options.runs("peak")) {
                int n = options.sizes().getFirst().n();
                section("dgemm peak n=" + n + " threads=" + t);
                anchor("blas_peak", Map.of(), "gemm", n, t, options.reps());
            }
            if (options.runs("chol"))
                for (LinalgOptions.Size z : options.sizes()) {
                    section("chol n=" + z.n() + " nb=" + z.nb());
                    if (!weft(WeftLinalg.Factorization.CHOL, weft, z)) return 3;
                    if (z.n() % z.nb() != 0) {
                        runLog.note("C anchors skipped at chol n=" + z.n() + " nb=" + z.nb() + ": they need N to be a multiple of NB");
                        continue;
                    }
                    String ts = Integer.toString(t);
                    anchor("chol_omp", Map.of("OMP_NUM_THREADS", ts), "omp", z.n(), z.nb(), options.reps());
                    anchor("chol_omp", Map.of("OMP_NUM_THREADS", ts, "OMP_MAX_TASK_PRIORITY", "3"), "omp-prio", z.n(), z.nb(), options.reps());
                    anchor("chol_omp_clang", Map.of("OMP_NUM_THREADS", ts), "omp", z.n(), z.nb(), options.reps());
                    anchor("chol_starpu", starpuEnv(null), z.n(), z.nb(), options.reps());
                    anchor("chol_starpu", starpuEnv("prio"), z.n(), z.nb(), options.reps(), "prio");
                    anchor("chol_omp", Map.of(), "lapacke", z.n(), z.nb(), options.reps(), t);
                }
            if (options.runs("storage")) {
                MemorySpace offHeap = MemorySpaces.offHeap("off-heap");   // one space for the runtime, all sizes
                for (LinalgOptions.Size z : options.sizes()) {
                    section("storage n=" + z.n() + " nb=" + z.nb());
                    runLog.awaitQuiet();
                    out.println("+ weft chol on native, heap through off-heap and heap staged storage n=" + z.n() + " nb=" + z.nb()
                            + ", interleaved (warm-up rounds for " + WeftLinalg.WARMUP_NANOS / 1_000_000_000 + " s, then " + options.reps() + ")");
                    if (!WeftLinalg.choleskyStorage(weft, offHeap, z.n(), z.nb(), options.reps(), WeftLinalg.WARMUP_NANOS, runLog::emit)) {
                        runLog.note("Weft chol-storage n=" + z.n() + " nb=" + z.nb() + " FAILED its residual check");
                        return 3;
                    }
                }
            }
            LinalgOptions.Size f = options.factorSize();
            if (options.runs("qr")) {
                section("qr n=" + f.n() + " nb=" + f.nb() + " ib=" + options.ib());
                if (!weft(WeftLinalg.Factorization.QRF, weft, f)) return 3;
                anchor("lapack_ref", Map.of(), "dgeqrf", f.n(), options.reps(), t);
            }
            if (options.runs("lu")) {
                section("lu n=" + f.n() + " nb=" + f.nb());
                if (!weft(WeftLinalg.Factorization.LUF, weft, f)) return 3;
                anchor("lapack_ref", Map.of(), "dgetrf", f.n(), options.reps(), t);
            }
        }
        LinalgTable table = LinalgTable.of(runLog.results(), Runtime.getRuntime().availableProcessors());
        out.println();
        out.print(table.text());
        Path summary = options.out().resolve("summary.md");
        Files.writeString(summary, markdown(table));
        Path chart = RatioChart.of(table).writeTo(options.out());
        for (String n : runLog.notes()) out.println("note: " + n);
        out.println("raw lines: " + raw.resolve("linalg.log") + "; summary: " + summary
                + (chart != null ? "; chart of the ratios: " + chart : " (no chart: no peer ran)"));
        return 0;
    }

    private boolean weft(WeftLinalg.Factorization f, Weft weft, LinalgOptions.Size z) throws InterruptedException {
        runLog.awaitQuiet();
        out.println("+ weft " + f.bench + " n=" + z.n() + " nb=" + z.nb() + " (warm-up reps for " + WeftLinalg.WARMUP_NANOS / 1_000_000_000 + " s, then " + options.reps() + ")");
        boolean ok = WeftLinalg.factorization(f, weft, z.n(), z.nb(), options.ib(), options.reps(), WeftLinalg.WARMUP_NANOS, runLog::emit);
        if (!ok) runLog.note("Weft " + f.bench + " n=" + z.n() + " nb=" + z.nb() + " FAILED its residual check");
        return ok;
    }

    private Map<String, String> starpuEnv(String sched) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STARPU_NCPU", Integer.toString(options.threads()));
        env.put("STARPU_SILENT", "1");
        env.put("STARPU_HOME", buildDir == null ? "" : buildDir.resolve("build/starpu_home").toString());
        if (sched != null) env.put("STARPU_SCHED", sched);
        return env;
    }

    /** Builds the C anchors this run needs and {@code lapack_ref}; what does not build is noted and skipped. */
    private void buildAnchors() throws IOException, InterruptedException {
        if (!options.anchors()) return;
        Optional<Path> anchors = options.anchorsDir().filter(Files::isDirectory);
        if (anchors.isEmpty()) {
            runLog.note(CAnchors.noAnchorsFolder(options.anchorsDir()));
            return;
        }
        List<String> missing = CAnchors.missingTools();
        if (!missing.isEmpty()) {
            runLog.note("C anchors skipped: " + String.join(", ", missing) + " not on the PATH");
            return;
        }
        buildDir = CAnchors.buildDir(options.repoRoot(), options.out());
        out.println("building the C anchors in " + buildDir);
        CAnchors.prepare(anchors.get(), buildDir);
        for (String target : ANCHOR_TARGETS) {
            Subprocess.Result r = CAnchors.make(buildDir, target, stderrLog);
            if (r.ok()) programs.put(Path.of(target).getFileName().toString(), buildDir.resolve(target));
            else runLog.note(target + " skipped: make failed (" + r.describe() + "; see raw/stderr.txt)");
        }
        Path src = buildDir.resolve("src/lapack_ref.c");
        try (InputStream in = LinalgRun.class.getResourceAsStream("lapack_ref.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path bin = buildDir.resolve("build/lapack_ref");
        String cc = "gcc -O2 -march=native $(pkg-config --cflags openblas lapacke) " + src + " -o " + bin + " $(pkg-config --libs openblas lapacke) -lm";
        Subprocess.Result r = Subprocess.run(List.of("sh", "-c", cc), Map.of(), buildDir, CAnchors.BUILD_LIMIT, stderrLog);
        if (r.ok()) programs.put("lapack_ref", bin);
        else runLog.note("lapack_ref skipped: " + r.describe() + " (see raw/stderr.txt)");
    }

    /** Runs anchor {@code name} with {@code args} if it was built, keeping its RESULT lines. */
    private void anchor(String name, Map<String, String> env, Object... args) throws IOException, InterruptedException {
        Path bin = programs.get(name);
        if (bin == null) return;
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.toString());
        for (Object a : args) cmd.add(a.toString());
        runLog.awaitQuiet();
        StringBuilder echo = new StringBuilder("+");
        env.forEach((k, v) -> echo.append(' ').append(k).append('=').append(v));
        out.println(echo.append(' ').append(name).append(' ').append(String.join(" ", cmd.subList(1, cmd.size()))));
        Subprocess.Result r = Subprocess.run(cmd, env, buildDir, CAnchors.RUN_LIMIT, stderrLog);
        for (String s : r.stdout()) {
            Optional<ResultLine> l = ResultLine.parse(s);
            if (l.isEmpty()) continue;
            runLog.emit(l.get());
            if (l.get().failed()) runLog.note(name + " reported a failed check: " + l.get());
        }
        if (!r.ok()) runLog.note(name + " " + String.join(" ", cmd.subList(1, cmd.size())) + ": " + r.describe() + " (see raw/stderr.txt)");
    }

    private String markdown(LinalgTable table) {
        StringBuilder b = new StringBuilder();
        b.append("### weft bench linalg, ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        b.append("- command: `").append(command).append("`\n");
        b.append("- machine: ").append(MicroReport.describeMachine()).append('\n');
        b.append("- medians over clean reps; Weft ÷ this is Weft's median GFLOP/s over that program's at the same size: above 1, Weft is faster; ")
                .append("÷ dgemm peak is a fraction of the GFLOP/s of dgemm with as many threads as Weft's workers\n");
        b.append("- raw RESULT lines: `raw/linalg.log`\n\n");
        b.append(table.markdown());
        if (!runLog.notes().isEmpty()) {
            b.append('\n');
            for (String n : runLog.notes()) b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    private void section(String s) {
        out.println("== " + s);
    }
}
