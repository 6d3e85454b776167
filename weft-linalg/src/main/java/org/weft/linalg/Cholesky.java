package org.weft.linalg;

import org.weft.Region;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.linalg.kernel.Kernels;
import org.weft.linalg.kernel.Kernels.Op;
import org.weft.linalg.kernel.Kernels.Side;
import org.weft.linalg.kernel.Kernels.Uplo;
import org.weft.linalg.kernel.Kernels.Diag;
import org.weft.memory.MemorySpace;

import java.util.concurrent.atomic.LongAdder;

import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.val;

/**
 * Tiled Cholesky factorization {@code A = L * L^T} of a symmetric positive definite {@link TileMatrix}, in
 * place, as one Weft task per tile kernel (right-looking, as in PLASMA, StarPU and the OpenMP anchors): for
 * each panel {@code k}, {@code potrf} of tile {@code (k, k)}, {@code trsm} of the tiles below it, then the
 * trailing update, {@code syrk} on diagonal tiles and {@code gemm} on the others. Each task declares the
 * tiles it reads and writes; the runtime orders them, so panels overlap as far as the data allow.
 * Priorities follow the critical path (see {@code TileTasks.priority}).
 *
 * <p>Only the lower triangle is referenced and written: tiles {@code (i, j)} with {@code i >= j}, and of
 * the diagonal tiles their lower triangle (their strict upper triangles keep what they held, as in LAPACK).
 *
 * <p>The tasks run where {@code a} is placed ({@link TileMatrix#placement()}): on the host, or, for a heap matrix
 * placed in an off-heap space, there, where each tile of the lower triangle is copied in once (by the first task
 * that touches it) and the array comes home once at the end of the region: no kernel stages its tiles.
 */
public final class Cholesky {
    private Cholesky() {
    }

    /**
     * Factors {@code a} in place on {@code weft}; returns when L has replaced its lower triangle.
     *
     * @param progress incremented as each kernel task finishes (for progress displays); may be null
     * @throws NotPositiveDefiniteException if {@code a} is not positive definite. The factorization stops at
     *         the first diagonal tile {@code k} whose potrf fails, and {@code a} is left exactly as the
     *         right-looking algorithm has it at that point: tile columns {@code 0..k-1} hold those columns of L,
     *         tile columns {@code k..} hold the trailing matrix {@code A22 - L21 * L21^T} (the Schur complement,
     *         whose leading minor of order {@code order() - k*nb} is not positive definite), tile {@code (k, k)}
     *         included: a failed potrf restores the tile it started from.
     * @throws NonFiniteValueException if a NaN or an infinity reaches a diagonal tile (from anywhere in the
     *         lower triangle); {@code a} is then left as for {@code NotPositiveDefiniteException}, the tile
     *         holding the value unmodified
     * @throws IllegalArgumentException if {@code a} is not square or its tiles are not square
     */
    public static void factor(Weft weft, TileMatrix a, LongAdder progress) {
        TileTasks.run(weft, r -> spawn(r, a, progress), NotPositiveDefiniteException.class, NonFiniteValueException.class);
    }

    /** {@link #factor(Weft, TileMatrix, LongAdder)} without progress counting. */
    public static void factor(Weft weft, TileMatrix a) {
        factor(weft, a, null);
    }

    /**
     * Spawns the factorization's tasks in {@code r}, so that it can overlap other work of the same region (a
     * solve, say). A non-positive-definite matrix fails the region with a {@code TaskFailedException} whose
     * cause is the {@link NotPositiveDefiniteException}.
     */
    public static void spawn(Region r, TileMatrix a, LongAdder progress) {
        TileTasks.checkSquare(a);
        MemorySpace on = a.placement();
        int nt = a.rowTiles();
        for (int k = 0; k < nt; k++) {
            Matrix akk = a.tile(k, k);
            TileTasks.on(r.task(Cholesky::potrf).name("potrf", k).priority(TileTasks.priority(nt, k, 2)), on)
                    .spawn(inOut(akk), k, k * a.nb(), val(progress));
            for (int i = k + 1; i < nt; i++)
                TileTasks.on(r.task(Cholesky::trsm).name("trsm", i, k).priority(TileTasks.priority(nt, k, 1)), on)
                        .spawn(in(akk), inOut(a.tile(i, k)), val(progress));
            for (int i = k + 1; i < nt; i++) {
                Matrix aik = a.tile(i, k);
                for (int j = k + 1; j < i; j++)
                    TileTasks.on(r.task(Cholesky::gemm).name("gemm", i, j, k).priority(TileTasks.priority(nt, j, 0)), on)
                            .spawn(in(aik), in(a.tile(j, k)), inOut(a.tile(i, j)), val(progress));
                TileTasks.on(r.task(Cholesky::syrk).name("syrk", i, k).priority(TileTasks.priority(nt, i, 0)), on)
                        .spawn(in(aik), inOut(a.tile(i, i)), val(progress));
            }
        }
    }

    /**
     * Solves {@code A * X = B} for X, given the factor L of {@code A = L * L^T} from {@link #factor}, by the
     * two tiled triangular solves {@code L * Y = B} and {@code L^T * X = Y} in one region (the second starts
     * on each tile as soon as the first has finished with it). X replaces B. The tasks run where the two
     * matrices are placed, which must be the same ({@link TileMatrix#placement()}).
     */
    public static void solve(Weft weft, TileMatrix l, TileMatrix b) {
        weft.region(r -> {
            TriangularSolve.spawn(r, Uplo.LOWER, Op.NO_TRANS, Diag.NON_UNIT, 1.0, l, b, null);
            TriangularSolve.spawn(r, Uplo.LOWER, Op.TRANS, Diag.NON_UNIT, 1.0, l, b, null);
        });
    }

    /** Kernel tasks of the factorization of a matrix of {@code tiles x tiles} tiles: potrf, trsm, syrk and gemm. */
    public static long taskCount(int tiles) {
        long t = tiles;
        return t + t * (t - 1) + t * (t - 1) * (t - 2) / 6;
    }

    /** The conventional flop count of a Cholesky factorization of order {@code n}: {@code n^3 / 3}. */
    public static double flops(int n) {
        return (double) n * n * n / 3;
    }

    private static void potrf(Matrix akk, int k, int firstColumn, LongAdder progress) {
        checkFinite(akk, k, firstColumn);
        int info = Kernels.potrfOrRestore(Uplo.LOWER, akk);
        if (info != 0) {
            int order = firstColumn + info;
            throw new NotPositiveDefiniteException(k, order, "Cholesky: the matrix is not positive definite: its leading minor of order "
                    + order + " is not (potrf of tile (" + k + ", " + k + ") failed at its column " + info + "); tile columns 0.."
                    + (k - 1) + " hold L, the others the trailing matrix");
        }
        TileTasks.done(progress);
    }

    /**
     * Refuses a diagonal tile whose lower triangle holds a NaN or an infinity: every element of the matrix's lower
     * triangle reaches some diagonal tile through the updates, and a NaN would pass potrf's test ({@code <= 0}).
     * Reads nb^2/2 elements before an nb^3/3 kernel.
     */
    private static void checkFinite(Matrix akk, int k, int first) {
        for (int j = 0; j < akk.cols(); j++)
            for (int i = j; i < akk.rows(); i++) {
                double v = akk.get(i, j);
                if (!Double.isFinite(v))
                    throw new NonFiniteValueException(k, first + i, first + j, "Cholesky: the matrix holds a non-finite value: "
                            + v + " reached diagonal tile (" + k + ", " + k + ") at element (" + (first + i) + ", " + (first + j)
                            + ") (it was in the input's lower triangle there, or in a tile whose updates reach this one); "
                            + "tile columns 0.." + (k - 1) + " hold L, the others the trailing matrix");
            }
    }

    private static void trsm(Matrix akk, Matrix aik, LongAdder progress) {
        Kernels.trsm(Side.RIGHT, Uplo.LOWER, Op.TRANS, Diag.NON_UNIT, 1.0, akk, aik);
        TileTasks.done(progress);
    }

    private static void syrk(Matrix aik, Matrix aii, LongAdder progress) {
        Kernels.syrk(Uplo.LOWER, Op.NO_TRANS, -1.0, aik, 1.0, aii);
        TileTasks.done(progress);
    }

    private static void gemm(Matrix aik, Matrix ajk, Matrix aij, LongAdder progress) {
        Kernels.gemm(Op.NO_TRANS, Op.TRANS, -1.0, aik, ajk, 1.0, aij);
        TileTasks.done(progress);
    }
}
