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

import java.io.IOException;
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

    @Option(names = "--trace", paramLabel = "PATH", description = "Where to write the Perfetto trace JSON (open it in https://ui.perfetto.dev).")
    Path trace = Path.of("weft-trace.json");

    @Option(names = "--graph", paramLabel = "PATH", description = {"Also write the task graph here: Graphviz DOT, or drawn as "
            + "SVG, PNG or PDF if PATH ends so (needs Graphviz's dot). Readable up to about 100 tasks: try --n 2048 --nb 512."})
    Path graph;

    /** Above this many tasks a drawing of the graph is too large to read. */
    private static final long READABLE_GRAPH_TASKS = 120;

    @Override
    @SuppressWarnings("try")   // the progress displays are resources only so that closing them stops their threads
    public Integer call() throws IOException, InterruptedException {
        requirePositive(n, "--n");
        requirePositive(nb, "--nb");
        requirePositive(workers, "--workers");
        if (algorithm == DemoAlgorithm.QR && (ib < 1 || ib > Math.min(nb, n)))
            throw new ParameterException(spec.commandLine(), "--ib must be between 1 and the tile size " + Math.min(nb, n) + ", not " + ib);
        checkMemory();
        GraphOutput graphOut = graph == null ? null : GraphOutput.of(spec.commandLine(), graph);
        PrintWriter out = spec.commandLine().getOut();
        String blas;
        try {
            blas = Kernels.openBlasConfig();
        } catch (NativeLibraryException e) {
            spec.commandLine().getErr().println("weft demo: " + e.getMessage());
            return 1;
        }
        // the runtime first: it checks that the trace and graph files can be written before any work is done
        Weft.Builder options = Weft.builder().workers(workers).trace(trace);
        if (graphOut != null) options.graph(graphOut.dot());
        Weft weft;
        try {
            weft = options.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean terminal = ProgressBar.onTerminal();
        out.println("Weft demo: " + algorithm.description + ", tile kernels from " + blas);
        out.flush();
        DemoAlgorithm.Problem problem;
        try (Phase p = Phase.start(out, "generating the input, N = " + n, terminal)) {
            problem = algorithm.prepare(n, nb, seed);
        } catch (Throwable t) {
            weft.close();
            throw t;
        }
        try (problem) {
            int tiles = problem.tiles();
            long tasks = algorithm.tasks(tiles);
            out.printf(Locale.ROOT, "  N = %d, NB = %d (%d x %d tiles), %d workers, %d tasks%n", n, nb, tiles, tiles, workers, tasks);
            out.flush();

            LongAdder done = new LongAdder();
            long elapsedNanos;
            Stats stats;
            try (weft; ProgressBar bar = ProgressBar.start(out, tasks, done::sum, terminal)) {
                long start = System.nanoTime();
                algorithm.compute(weft, problem, ib, done);
                elapsedNanos = System.nanoTime() - start;
                stats = weft.stats();
            }
            double seconds = elapsedNanos / 1e9;
            double flops = algorithm.flops(n);
            out.printf(Locale.ROOT, "  %s: %.3f s, %.2f GFLOP/s (%.2f GFLOP; input generation and the check not counted)%n",
                    algorithm.computation, seconds, flops / seconds / 1e9, flops / 1e9);
            out.flush();

            double residual;
            // A runtime of its own, untraced: the trace and the counters printed describe the computation only.
            try (Phase p = Phase.start(out, "checking the result", terminal); Weft check = Weft.builder().workers(workers).build()) {
                residual = algorithm.check(check, problem);
            }
            double bound = SCALED_RESIDUAL_BOUND * n * Math.ulp(1.0);
            boolean pass = residual < bound;
            out.printf(Locale.ROOT, "  residual %s = %.3e: %s (bound 30*N*eps = %.1e)%n",
                    algorithm.residualFormula, residual, pass ? "PASS" : "FAIL", bound);
            out.println("  trace: " + trace.toAbsolutePath().normalize() + ": open it in https://ui.perfetto.dev (Open trace file);"
                    + " a track per worker, a slice per task named with its tiles, arrows for dependencies");
            if (graphOut != null) {
                out.println("  graph: " + graphOut.finish());
                if (tasks > READABLE_GRAPH_TASKS)
                    out.printf(Locale.ROOT, "    %d tasks are too many to read as a picture; --n %d --nb %d draws the same algorithm in %d tasks%n",
                            tasks, 4 * nb, nb, algorithm.tasks(4));
            }
            out.println("  runtime: " + stats);
            out.flush();
            return pass ? 0 : 1;
        }
    }

    /** Refuses, before allocating, an order whose matrices do not fit in the memory available. */
    private void checkMemory() {
        long need = algorithm.bytesNeeded(n, nb), have = AvailableMemory.bytes();
        if (have > 0 && need > have)
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "--n %d: %s of order %d needs about %.1f GiB for its matrices; this machine has %.1f GiB available", n,
                    algorithm.name().toLowerCase(Locale.ROOT), n, need / 1073741824.0, have / 1073741824.0));
    }

    private void requirePositive(int value, String option) {
        if (value < 1) throw new ParameterException(spec.commandLine(), option + " must be at least 1, not " + value);
    }
}
