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
 * Tiled LU factorization without pivoting, {@code A = L * U} in place (L unit lower triangular below the
 * diagonal, U upper triangular on and above it), for matrices that need no pivoting: diagonally dominant
 * ones, or symmetric positive definite ones. For each panel {@code k}: {@code getrf} of tile {@code (k, k)}
 * (no pivoting), {@code trsm} of the tiles to its right with its unit lower triangle and of the tiles below
 * it with its upper triangle, then {@code gemm} updates of the trailing tiles. Priorities follow the
 * critical path, as in {@link Cholesky}. The tasks run where {@code a} is placed ({@link TileMatrix#placement()}).
 */
public final class LU {
    private LU() {
    }

    /**
     * Factors {@code a} in place on {@code weft}.
     *
     * @param progress incremented as each kernel task finishes; may be null
     * @throws ZeroPivotException if a pivot is zero or not finite. The factorization stops at the first
     *         diagonal tile {@code k} whose getrf fails, and {@code a} is left as the right-looking algorithm
     *         has it then: tile rows and columns {@code 0..k-1} hold those rows of U and columns of L, the
     *         trailing tiles hold the Schur complement {@code A22 - L21 * U12}, tile {@code (k, k)} included (a
     *         failed getrf restores the tile it started from).
     */
    public static void factor(Weft weft, TileMatrix a, LongAdder progress) {
        TileTasks.run(weft, r -> spawn(r, a, progress), ZeroPivotException.class);
    }

    /** {@link #factor(Weft, TileMatrix, LongAdder)} without progress counting. */
    public static void factor(Weft weft, TileMatrix a) {
        factor(weft, a, null);
    }

    /** Spawns the factorization's tasks in {@code r}; a zero pivot fails the region with a {@link ZeroPivotException} as cause. */
    public static void spawn(Region r, TileMatrix a, LongAdder progress) {
        TileTasks.checkSquare(a);
        MemorySpace on = a.placement();
        int nt = a.rowTiles();
        for (int k = 0; k < nt; k++) {
            Matrix akk = a.tile(k, k);
            TileTasks.on(r.task(LU::getrf).name("getrf", k).priority(TileTasks.priority(nt, k, 2)), on)
                    .spawn(inOut(akk), k, k * a.nb(), val(progress));
            for (int j = k + 1; j < nt; j++)
                TileTasks.on(r.task(LU::trsmRow).name("trsm", k, j).priority(TileTasks.priority(nt, k, 1)), on)
                        .spawn(in(akk), inOut(a.tile(k, j)), val(progress));
            for (int i = k + 1; i < nt; i++)
                TileTasks.on(r.task(LU::trsmColumn).name("trsm", i, k).priority(TileTasks.priority(nt, k, 1)), on)
                        .spawn(in(akk), inOut(a.tile(i, k)), val(progress));
            for (int j = k + 1; j < nt; j++)
                for (int i = k + 1; i < nt; i++)
                    TileTasks.on(r.task(LU::gemm).name("gemm", i, j, k).priority(TileTasks.priority(nt, Math.min(i, j), 0)), on)
                            .spawn(in(a.tile(i, k)), in(a.tile(k, j)), inOut(a.tile(i, j)), val(progress));
        }
    }

    /** Kernel tasks of the factorization of {@code tiles x tiles} tiles. */
    public static long taskCount(int tiles) {
        long t = tiles;
        return t + t * (t - 1) + (t - 1) * t * (2 * t - 1) / 6;
    }

    /** The conventional flop count of an LU factorization of order {@code n}: {@code 2 n^3 / 3}. */
    public static double flops(int n) {
        return 2.0 * n * n * n / 3;
    }

    private static void getrf(Matrix akk, int k, int firstColumn, LongAdder progress) {
        int info = Kernels.getrfNoPivotOrRestore(akk);
        if (info != 0) {
            int column = firstColumn + info;
            throw new ZeroPivotException(k, column, "LU without pivoting: the pivot in column " + column
                    + " is zero or not finite (getrf of tile (" + k + ", " + k + ") failed at its column " + info
                    + "); the matrix needs pivoting, which this factorization does not do");
        }
        TileTasks.done(progress);
    }

    private static void trsmRow(Matrix akk, Matrix akj, LongAdder progress) {
        Kernels.trsm(Side.LEFT, Uplo.LOWER, Op.NO_TRANS, Diag.UNIT, 1.0, akk, akj);
        TileTasks.done(progress);
    }

    private static void trsmColumn(Matrix akk, Matrix aik, LongAdder progress) {
        Kernels.trsm(Side.RIGHT, Uplo.UPPER, Op.NO_TRANS, Diag.NON_UNIT, 1.0, akk, aik);
        TileTasks.done(progress);
    }

    private static void gemm(Matrix aik, Matrix akj, Matrix aij, LongAdder progress) {
        Kernels.gemm(Op.NO_TRANS, Op.NO_TRANS, -1.0, aik, akj, 1.0, aij);
        TileTasks.done(progress);
    }
}
