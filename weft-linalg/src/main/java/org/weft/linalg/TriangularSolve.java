package org.weft.linalg;

import org.weft.Region;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.linalg.kernel.Kernels;
import org.weft.linalg.kernel.Kernels.Diag;
import org.weft.linalg.kernel.Kernels.Op;
import org.weft.linalg.kernel.Kernels.Side;
import org.weft.linalg.kernel.Kernels.Uplo;
import org.weft.memory.MemorySpace;

import java.util.concurrent.atomic.LongAdder;

import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.val;

/**
 * Tiled triangular solve with multiple right-hand sides, {@code op(A) * X = alpha * B}, X replacing B
 * (BLAS dtrsm, left side). A is a square {@link TileMatrix} of which the {@code uplo} triangle is used
 * (the diagonal taken as ones if {@code diag} is {@code UNIT}); B has as many rows, any number of columns,
 * and the same tile size.
 *
 * <p>When {@code op(A)} is lower triangular ({@code LOWER} and {@code NO_TRANS}, or {@code UPPER} and
 * {@code TRANS}) this is forward substitution by tile rows: for each {@code k}, {@code trsm} of the tiles of
 * B's row {@code k} with {@code op(A)}'s diagonal tile, then {@code gemm} updates of the rows below; otherwise
 * backward substitution from the last row. Tiles of {@code op(A)} off the diagonal are tiles of A used
 * transposed when {@code op} is {@code TRANS}. Each right-hand-side tile column is an independent chain, so
 * columns of B proceed in parallel. A and B must share one placement ({@link TileMatrix#placement()}), where the
 * tasks run.
 */
public final class TriangularSolve {
    private TriangularSolve() {
    }

    /** Solves on {@code weft}; returns when X has replaced B. */
    public static void solve(Weft weft, Uplo uplo, Op op, Diag diag, double alpha, TileMatrix a, TileMatrix b) {
        weft.region(r -> spawn(r, uplo, op, diag, alpha, a, b, null));
    }

    /** Spawns the solve's tasks in {@code r}; {@code progress} (may be null) counts finished tasks. */
    public static void spawn(Region r, Uplo uplo, Op op, Diag diag, double alpha, TileMatrix a, TileMatrix b, LongAdder progress) {
        check(a, b);
        MemorySpace on = TileTasks.placement("TriangularSolve", new String[]{"A", "B"}, a, b);
        int mt = a.rowTiles(), nt = b.colTiles();
        boolean forward = (uplo == Uplo.LOWER) == (op == Op.NO_TRANS);
        for (int step = 0; step < mt; step++) {
            int k = forward ? step : mt - 1 - step;
            double scale = step == 0 ? alpha : 1.0;
            Matrix akk = a.tile(k, k);
            for (int j = 0; j < nt; j++)
                TileTasks.on(r.task(TriangularSolve::trsm).name("trsm", k, j).priority(TileTasks.priority(mt, step, 1)), on)
                        .spawn(in(akk), inOut(b.tile(k, j)), val(new Flags(uplo, op, diag, scale)), val(progress));
            for (int s = step + 1; s < mt; s++) {
                int i = forward ? s : mt - 1 - s;
                Matrix aik = op == Op.NO_TRANS ? a.tile(i, k) : a.tile(k, i);
                for (int j = 0; j < nt; j++)
                    TileTasks.on(r.task(TriangularSolve::gemm).name("gemm", i, j, k).priority(TileTasks.priority(mt, s, 0)), on)
                            .spawn(in(aik), in(b.tile(k, j)), inOut(b.tile(i, j)), val(new Flags(uplo, op, diag, scale)), val(progress));
            }
        }
    }

    /** Kernel tasks of a solve with {@code rowTiles} tile rows and {@code colTiles} right-hand-side tile columns. */
    public static long taskCount(int rowTiles, int colTiles) {
        return (long) colTiles * rowTiles * (rowTiles + 1) / 2;
    }

    /** The flop count of a triangular solve of order {@code m} with {@code n} right-hand sides: {@code m^2 * n}. */
    public static double flops(int m, int n) {
        return (double) m * m * n;
    }

    /** The solve's options, passed to each task as one value. */
    private record Flags(Uplo uplo, Op op, Diag diag, double scale) {
    }

    private static void trsm(Matrix akk, Matrix bkj, Flags f, LongAdder progress) {
        Kernels.trsm(Side.LEFT, f.uplo, f.op, f.diag, f.scale, akk, bkj);
        TileTasks.done(progress);
    }

    private static void gemm(Matrix aik, Matrix bkj, Matrix bij, Flags f, LongAdder progress) {
        Kernels.gemm(f.op, Op.NO_TRANS, -1.0, aik, bkj, f.scale, bij);
        TileTasks.done(progress);
    }

    private static void check(TileMatrix a, TileMatrix b) {
        TileTasks.checkSquare(a);
        if (b.rows() != a.rows()) throw new IllegalArgumentException("B has " + b.rows() + " rows; A is of order " + a.rows());
        if (b.mb() != a.nb()) throw new IllegalArgumentException("B's tiles have " + b.mb() + " rows; A's tiles are " + a.nb());
    }
}
