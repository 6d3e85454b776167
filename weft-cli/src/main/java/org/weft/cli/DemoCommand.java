package org.weft.cli;

import org.weft.Stats;
import org.weft.Weft;
import org.weft.cli.demo.DemoAlgorithm;
import org.weft.linalg.NativeLibraryException;
import org.weft.linalg.kernel.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.Callable;

/**
 * {@code weft demo}: runs a tiled dense linear algebra algorithm on a Weft runtime with OpenBLAS tile
 * kernels, a tiled Cholesky factorization by default, while showing progress, then reports the time, the
 * GFLOP/s, a relative residual with a pass/fail verdict, where the trace (and graph) went, and the runtime's
 * counters. Exits with 1 if the residual check fails or OpenBLAS is missing.
 *
 * <p>The residual must stay below {@code 30 * N * eps}, the scaled bound of the LAPACK test suite for a
 * backward-stable computation; a correct run lands orders of magnitude below it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        versionProvider = WeftCli.Version.class,
        description = {
                "Runs a tiled Cholesky (or LU, QR, GEMM) on the Weft runtime with OpenBLAS kernels and checks the result.",
                "",
                "One task per tile kernel (for Cholesky: potrf, trsm, syrk, gemm), which the runtime orders from the "
                        + "tiles each reads and writes. Shows progress, then prints the time, the GFLOP/s, a relative "
                        + "residual with a PASS/FAIL verdict (exit code 1 on FAIL), the trace file and the runtime's counters.",
                ""})
final class DemoCommand implements Callable<Integer> {
    /** The LAPACK test suite's threshold on the residual scaled by {@code N * eps}. */
    private static final double SCALED_RESIDUAL_BOUND = 30;

    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--algorithm"}, paramLabel = "NAME", description = "cholesky, lu, qr or gemm.")
    DemoAlgorithm algorithm = DemoAlgorithm.CHOLESKY;

    /** 8192: about two seconds of Cholesky on the 2-core development machine, long enough to watch. */
    @Option(names = {"-n", "--n"}, paramLabel = "N", description = "Matrix order.")
    int n = 8192;

    /** 512: the tile size of the C anchors' large Cholesky runs. */
    @Option(names = "--nb", paramLabel = "NB", description = "Tile size; need not divide N.")
    int nb = 512;

    @Option(names = "--ib", paramLabel = "IB", description = "Inner block size of QR's block reflectors (at most NB).")
    int ib = 32;

    @Option(names = "--workers", paramLabel = "COUNT", description = "Worker threads; by default one per available processor.")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the random matrices.")
    long seed = 42;

    @Option(names = "--trace", paramLabel = "PATH", description = "Where to write the Chrome/Perfetto trace JSON.")
    Path trace = Path.of("weft-trace.json");

    @Option(names = "--graph", paramLabel = "PATH", description = "Also write the task graph as Graphviz DOT here.")
    Path graph;

    @Override
    @SuppressWarnings("try")   // the progress bar is a resource only so that closing it stops its thread
    public Integer call() {
        requirePositive(n, "--n");
        requirePositive(nb, "--nb");
        requirePositive(workers, "--workers");
        if (algorithm == DemoAlgorithm.QR && (ib < 1 || ib > Math.min(nb, n)))
            throw new ParameterException(spec.commandLine(), "--ib must be between 1 and the tile size " + Math.min(nb, n) + ", not " + ib);
        PrintWriter out = spec.commandLine().getOut();
        String blas;
        try {
            blas = Kernels.openBlasConfig();
        } catch (NativeLibraryException e) {
            spec.commandLine().getErr().println("weft demo: " + e.getMessage());
            return 1;
        }

        out.println("Weft demo: " + algorithm.description + ", tile kernels from " + blas);
        out.printf(Locale.ROOT, "  generating the input, N = %d ...%n", n);
        out.flush();
        try (DemoAlgorithm.Problem problem = algorithm.prepare(n, nb, seed)) {
            int tiles = problem.tiles();
            long tasks = algorithm.tasks(tiles);
            out.printf(Locale.ROOT, "  N = %d, NB = %d (%d x %d tiles), %d workers, %d tasks%n", n, nb, tiles, tiles, workers, tasks);
            out.flush();

            Weft.Builder options = Weft.builder().workers(workers).trace(trace);
            if (graph != null) options.graph(graph);
            LongAdder done = new LongAdder();
            long elapsedNanos;
            Stats stats;
            try (Weft weft = options.build();
                 ProgressBar bar = ProgressBar.start(out, tasks, done::sum, ProgressBar.onTerminal())) {
                long start = System.nanoTime();
                algorithm.compute(weft, problem, ib, done);
                elapsedNanos = System.nanoTime() - start;
                stats = weft.stats();
            }
            double seconds = elapsedNanos / 1e9;
            double flops = algorithm.flops(n);
            out.printf(Locale.ROOT, "  done in %.3f s: %.2f GFLOP/s (%.2f GFLOP)%n", seconds, flops / seconds / 1e9, flops / 1e9);
            out.flush();

            long checkStart = System.nanoTime();
            double residual;
            // A runtime of its own, untraced: the trace and the counters printed describe the computation only.
            try (Weft check = Weft.builder().workers(workers).build()) {
                residual = algorithm.check(check, problem);
            }
            double bound = SCALED_RESIDUAL_BOUND * n * Math.ulp(1.0);
            boolean pass = residual < bound;
            out.printf(Locale.ROOT, "  residual %s = %.3e (checked in %.2f s): %s (bound 30*N*eps = %.1e)%n",
                    algorithm.residualFormula, residual, (System.nanoTime() - checkStart) / 1e9, pass ? "PASS" : "FAIL", bound);
            out.println("  trace: " + trace.toAbsolutePath().normalize() + " (open it in https://ui.perfetto.dev)");
            if (graph != null) out.println("  graph: " + graph.toAbsolutePath().normalize() + " (Graphviz DOT)");
            out.println("  runtime: " + stats);
            out.flush();
            return pass ? 0 : 1;
        }
    }

    private void requirePositive(int value, String option) {
        if (value < 1) throw new ParameterException(spec.commandLine(), option + " must be at least 1, not " + value);
    }
}
