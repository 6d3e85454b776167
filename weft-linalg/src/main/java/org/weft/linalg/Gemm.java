package org.weft.linalg;

import org.weft.Region;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.linalg.kernel.Kernels;
import org.weft.linalg.kernel.Kernels.Op;
import org.weft.memory.MemorySpace;

import java.util.concurrent.atomic.LongAdder;

import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.val;

/**
 * Tiled matrix multiplication {@code C = alpha * op(A) * op(B) + beta * C} (BLAS dgemm): one task per tile
 * product, {@code C(i,j) = alpha * op(A)(i,l) * op(B)(l,j) + beta_l * C(i,j)} with {@code beta_0 = beta} and
 * {@code beta_l = 1} after, so each tile of C is one chain of {@code l} tasks and the chains run in parallel.
 * The three matrices must share one tile size in the dimensions they have in common, and one placement
 * ({@link TileMatrix#placement()}), where the tasks run.
 */
public final class Gemm {
    private Gemm() {
    }

    /** Multiplies on {@code weft}; returns when C holds the result. */
    public static void multiply(Weft weft, Op opA, Op opB, double alpha, TileMatrix a, TileMatrix b, double beta, TileMatrix c, LongAdder progress) {
        weft.region(r -> spawn(r, opA, opB, alpha, a, b, beta, c, progress));
    }

    /** Spawns the product's tasks in {@code r}; {@code progress} (may be null) counts finished tasks. */
    public static void spawn(Region r, Op opA, Op opB, double alpha, TileMatrix a, TileMatrix b, double beta, TileMatrix c, LongAdder progress) {
        check(opA, opB, a, b, c);
        MemorySpace on = TileTasks.placement("Gemm", new String[]{"A", "B", "C"}, a, b, c);
        int inner = opA == Op.NO_TRANS ? a.colTiles() : a.rowTiles();
        for (int j = 0; j < c.colTiles(); j++)
            for (int i = 0; i < c.rowTiles(); i++)
                for (int l = 0; l < inner; l++) {
                    Matrix ail = opA == Op.NO_TRANS ? a.tile(i, l) : a.tile(l, i);
                    Matrix blj = opB == Op.NO_TRANS ? b.tile(l, j) : b.tile(j, l);
                    TileTasks.on(r.task(Gemm::gemm).name("gemm", i, j, l), on)
                            .spawn(in(ail), in(blj), inOut(c.tile(i, j)), val(new Scalars(opA, opB, alpha, l == 0 ? beta : 1.0)), val(progress));
                }
    }

    /** Kernel tasks of a product with C of {@code rowTiles x colTiles} tiles and {@code innerTiles} tiles in the sum. */
    public static long taskCount(int rowTiles, int colTiles, int innerTiles) {
        return (long) rowTiles * colTiles * innerTiles;
    }

    /** The flop count of an {@code m x k} by {@code k x n} product: {@code 2 m n k}. */
    public static double flops(int m, int n, int k) {
        return 2.0 * m * n * k;
    }

    private record Scalars(Op opA, Op opB, double alpha, double beta) {
    }

    private static void gemm(Matrix a, Matrix b, Matrix c, Scalars s, LongAdder progress) {
        Kernels.gemm(s.opA, s.opB, s.alpha, a, b, s.beta, c);
        TileTasks.done(progress);
    }

    private static void check(Op opA, Op opB, TileMatrix a, TileMatrix b, TileMatrix c) {
        int m = opA == Op.NO_TRANS ? a.rows() : a.cols(), k = opA == Op.NO_TRANS ? a.cols() : a.rows();
        int kb = opB == Op.NO_TRANS ? b.rows() : b.cols(), n = opB == Op.NO_TRANS ? b.cols() : b.rows();
        if (m != c.rows() || n != c.cols() || k != kb)
            throw new IllegalArgumentException("op(A) is " + m + " x " + k + ", op(B) is " + kb + " x " + n + ", C is " + c.rows() + " x " + c.cols()
                    + ": the shapes do not multiply");
        int am = opA == Op.NO_TRANS ? a.mb() : a.nb(), ak = opA == Op.NO_TRANS ? a.nb() : a.mb();
        int bk = opB == Op.NO_TRANS ? b.mb() : b.nb(), bn = opB == Op.NO_TRANS ? b.nb() : b.mb();
        if (am != c.mb() || bn != c.nb() || ak != bk)
            throw new IllegalArgumentException("tile sizes differ: op(A) in " + am + " x " + ak + ", op(B) in " + bk + " x " + bn
                    + ", C in " + c.mb() + " x " + c.nb());
    }
}
