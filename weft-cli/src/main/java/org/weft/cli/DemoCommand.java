package org.weft.cli;

import org.weft.Stats;
import org.weft.Weft;
import org.weft.cli.demo.CholeskyResidual;
import org.weft.cli.demo.LowerTileMatrix;
import org.weft.cli.demo.TiledCholesky;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code weft demo}: factors a random symmetric positive definite matrix with the tiled Cholesky of
 * {@link TiledCholesky} on a Weft runtime while showing progress, then reports the time, the GFLOP/s, the
 * true relative residual {@code ||A - L*L^T||_F / ||A||_F} with a pass/fail verdict, where the trace (and
 * graph) went, and the runtime's counters. Exits with 1 if the residual check fails.
 *
 * <p>The residual must stay below {@code 30 * N * eps}, the scaled bound of the LAPACK test suite for a
 * backward-stable factorization; a correct run on this matrix lands many orders of magnitude below it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        versionProvider = WeftCli.Version.class,
        description = {
                "Factors a random SPD matrix with a tiled Cholesky on the Weft runtime and checks the result.",
                "",
                "A = L*L^T is computed by one task per tile kernel (potrf, trsm, syrk, gemm; pure Java), which the "
                        + "runtime orders from the tiles each reads and writes. Shows progress, then prints the time, "
                        + "the GFLOP/s, the residual ||A - L*L^T||_F / ||A||_F with a PASS/FAIL verdict (exit code 1 on "
                        + "FAIL), the trace file and the runtime's counters.",
                ""})
final class DemoCommand implements Callable<Integer> {
    /** The LAPACK test suite's threshold on the residual scaled by {@code N * eps}. */
    private static final double SCALED_RESIDUAL_BOUND = 30;

    @Spec
    CommandSpec spec;

    /** 4096: two to three seconds of factorization on the 2-core development machine, long enough to watch. */
    @Option(names = {"-n", "--n"}, paramLabel = "N", description = "Matrix order.")
    int n = 4096;

    /** 256: 192 and 256 were fastest at N = 4096 on 2 cores (about 11 GFLOP/s); 128 and 384 were slower. */
    @Option(names = "--nb", paramLabel = "NB", description = "Tile size; need not divide N.")
    int nb = 256;

    @Option(names = "--workers", paramLabel = "COUNT", description = "Worker threads; by default one per available processor.")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the random matrix.")
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
        PrintWriter out = spec.commandLine().getOut();

        LowerTileMatrix a = LowerTileMatrix.randomSpd(n, nb, seed);
        LowerTileMatrix original = a.copy();
        TiledCholesky cholesky = new TiledCholesky(a);
        int tiles = a.tiles();
        long tasks = TiledCholesky.taskCount(tiles);
        out.println("Weft demo: tiled Cholesky factorization A = L*L^T of a random SPD matrix, pure-Java tile kernels");
        out.printf(Locale.ROOT, "  N = %d, NB = %d (%d x %d tiles), %d workers, %d tasks (%d potrf, %d trsm, %d syrk, %d gemm)%n",
                n, nb, tiles, tiles, workers, tasks, TiledCholesky.potrfCount(tiles), TiledCholesky.trsmCount(tiles),
                TiledCholesky.trsmCount(tiles), TiledCholesky.gemmCount(tiles));
        out.flush();

        Weft.Builder options = Weft.builder().workers(workers).trace(trace);
        if (graph != null) options.graph(graph);
        long elapsedNanos;
        Stats stats;
        try (Weft weft = options.build();
             ProgressBar bar = ProgressBar.start(out, tasks, cholesky::completedTasks, ProgressBar.onTerminal())) {
            long start = System.nanoTime();
            cholesky.factor(weft);
            elapsedNanos = System.nanoTime() - start;
            stats = weft.stats();
        }
        double seconds = elapsedNanos / 1e9;
        double flops = TiledCholesky.flops(n);
        out.printf(Locale.ROOT, "  factorized in %.3f s: %.2f GFLOP/s (N^3/3 = %.2f GFLOP)%n", seconds, flops / seconds / 1e9, flops / 1e9);
        out.flush();

        long checkStart = System.nanoTime();
        double residual;
        // A runtime of its own, untraced: the trace and the counters printed describe the factorization only.
        try (Weft check = Weft.builder().workers(workers).build()) {
            residual = CholeskyResidual.relative(check, original, a);
        }
        double bound = SCALED_RESIDUAL_BOUND * n * Math.ulp(1.0);
        boolean pass = residual < bound;
        out.printf(Locale.ROOT, "  residual ||A - L*L^T||_F / ||A||_F = %.3e (checked in %.2f s): %s (bound 30*N*eps = %.1e)%n",
                residual, (System.nanoTime() - checkStart) / 1e9, pass ? "PASS" : "FAIL", bound);
        out.println("  trace: " + trace.toAbsolutePath().normalize() + " (open it in https://ui.perfetto.dev)");
        if (graph != null) out.println("  graph: " + graph.toAbsolutePath().normalize() + " (Graphviz DOT)");
        out.println("  runtime: " + stats);
        out.flush();
        return pass ? 0 : 1;
    }

    private void requirePositive(int value, String option) {
        if (value < 1) throw new ParameterException(spec.commandLine(), option + " must be at least 1, not " + value);
    }
}
