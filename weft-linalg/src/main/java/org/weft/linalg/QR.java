package org.weft.linalg;

import org.weft.Region;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.data.Triangle;
import org.weft.data.View;
import org.weft.linalg.kernel.Kernels;
import org.weft.linalg.kernel.Kernels.Op;
import org.weft.linalg.kernel.Kernels.Side;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;

import java.util.concurrent.atomic.LongAdder;

import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.val;

/**
 * Tiled QR factorization {@code A = Q * R} of an {@code m x n} {@link TileMatrix} with {@code m >= n}, in
 * place, by PLASMA's tile algorithm (flat reduction tree): for each panel {@code k}, {@code geqrt} factors
 * tile {@code (k, k)}, {@code gemqrt} applies its reflectors to the tiles to its right, then down the panel
 * {@code tpqrt} folds each tile {@code (i, k)} into the R of tile {@code (k, k)} and {@code tpmqrt} applies
 * that to tile rows {@code k} and {@code i}. Afterwards the factored matrix holds R on and above the
 * diagonal and the Householder vectors below it; this object holds them with the block reflectors'
 * triangular factors T ({@code ib x nb} per tile) and applies Q.
 *
 * <p><b>Exact views at work.</b> gemqrt reads only the strict lower triangle of tile {@code (k, k)} (its
 * vectors) while tpqrt rewrites only its upper triangle (R), and the tasks declare exactly those
 * triangles. A runtime that tracks whole tiles, as OpenMP {@code depend} and StarPU handles do, must
 * serialize every gemqrt of a panel before its first tpqrt; here the panel's tpqrt chain, the critical
 * path, starts as soon as geqrt is done.
 *
 * <p>The tasks run where {@code a} is placed ({@link TileMatrix#placement()}); a placed heap matrix gets its T
 * factors on the heap in the same space, so that every task's tiles are replicated there.
 *
 * <p>Owns the T factors (in native memory unless {@code a} is placed): {@link #close()} frees them; the factored
 * matrix stays the caller's.
 */
public final class QR implements AutoCloseable {
    private final TileMatrix a;
    private final TileMatrix t;
    private final int ib;

    private QR(TileMatrix a, int ib) {
        if (a.rows() < a.cols()) throw new IllegalArgumentException("the matrix is " + a.rows() + " x " + a.cols() + "; QR needs rows >= columns");
        if (a.mb() != a.nb()) throw new IllegalArgumentException("the tiles are " + a.mb() + " x " + a.nb() + "; they must be square");
        if (ib < 1 || ib > a.nb()) throw new IllegalArgumentException("inner block size " + ib + " must be in 1.." + a.nb());
        this.a = a;
        this.ib = ib;
        this.t = a.placement() == MemorySpaces.host() ? TileMatrix.allocate(a.rowTiles() * ib, a.cols(), ib, a.nb())
                : a.allocateLike(a.rowTiles() * ib, a.cols(), ib, a.nb());
    }

    /**
     * Factors {@code a} in place on {@code weft} with inner blocking {@code ib} (the block reflectors'
     * width; 32 to 64 suits tiles of 256 to 512).
     *
     * @param progress incremented as each kernel task finishes; may be null
     */
    public static QR factor(Weft weft, TileMatrix a, int ib, LongAdder progress) {
        QR qr = new QR(a, ib);
        try {
            weft.region(r -> qr.spawnFactor(r, progress));
        } catch (Throwable e) {
            qr.close();
            throw e;
        }
        return qr;
    }

    /** Prepares a factorization of {@code a} whose tasks {@link #spawnFactor} spawns into a region of the caller's. */
    public static QR of(TileMatrix a, int ib) {
        return new QR(a, ib);
    }

    /** Spawns the factorization's tasks in {@code r}. */
    public void spawnFactor(Region r, LongAdder progress) {
        MemorySpace on = a.placement();
        int mt = a.rowTiles(), nt = a.colTiles();
        for (int k = 0; k < nt; k++) {
            Matrix akk = a.tile(k, k);
            int nk = a.tileCols(k);
            Matrix tkk = tFactor(k, k);
            TileTasks.on(r.task(QR::geqrt).name("geqrt", k).priority(TileTasks.priority(nt, k, 2)), on).spawn(inOut(akk), out(tkk), val(progress));
            for (int j = k + 1; j < nt; j++)
                TileTasks.on(r.task(QR::gemqrt).name("gemqrt", k, j).priority(TileTasks.priority(nt, j, 1)), on)
                        .spawn(in(vectors(akk)), in(tkk), inOut(a.tile(k, j)), val(progress));
            Triangle rkk = akk.block(0, 0, nk, nk).upper(true);
            for (int i = k + 1; i < mt; i++) {
                Matrix aik = a.tile(i, k), tik = tFactor(i, k);
                TileTasks.on(r.task(QR::tpqrt).name("tpqrt", i, k).priority(TileTasks.priority(nt, k, 2)), on).spawn(inOut(rkk), inOut(aik), out(tik), val(progress));
                for (int j = k + 1; j < nt; j++)
                    TileTasks.on(r.task(QR::tpmqrt).name("tpmqrt", i, j, k).priority(TileTasks.priority(nt, j, 0)), on)
                            .spawn(in(aik), in(tik), inOut(a.tile(k, j).block(0, 0, nk, a.tileCols(j))), inOut(a.tile(i, j)), val(progress));
            }
        }
    }

    /** Replaces {@code c} (as many rows as A, in tiles of the same height) by {@code Q^T * c}. */
    public void applyQTranspose(Weft weft, TileMatrix c) {
        checkRows(c);
        weft.region(r -> spawnApplyQTranspose(r, c, null));
    }

    /**
     * Spawns the tasks of {@code c = Q^T * c} in {@code r}, after (in data order) the factorization's tasks; {@code c}
     * must be placed as the factored matrix is.
     */
    public void spawnApplyQTranspose(Region r, TileMatrix c, LongAdder progress) {
        checkRows(c);
        MemorySpace on = TileTasks.placement("QR.applyQTranspose", new String[]{"the factored matrix", "C"}, a, c);
        int mt = a.rowTiles(), nt = a.colTiles();
        for (int k = 0; k < nt; k++) {
            Matrix akk = a.tile(k, k), tkk = tFactor(k, k);
            int nk = a.tileCols(k);
            for (int j = 0; j < c.colTiles(); j++)
                TileTasks.on(r.task(QR::gemqrt).name("gemqrt", k, j), on).spawn(in(vectors(akk)), in(tkk), inOut(c.tile(k, j)), val(progress));
            for (int i = k + 1; i < mt; i++)
                for (int j = 0; j < c.colTiles(); j++)
                    TileTasks.on(r.task(QR::tpmqrt).name("tpmqrt", i, j, k), on).spawn(in(a.tile(i, k)), in(tFactor(i, k)),
                            inOut(c.tile(k, j).block(0, 0, nk, c.tileCols(j))), inOut(c.tile(i, j)), val(progress));
        }
    }

    /** The factored matrix: R on and above the diagonal, Householder vectors below. */
    public TileMatrix factored() {
        return a;
    }

    /** The inner block size. */
    public int ib() {
        return ib;
    }

    /** Kernel tasks of the factorization of {@code rowTiles x colTiles} tiles ({@code rowTiles >= colTiles}). */
    public static long taskCount(int rowTiles, int colTiles) {
        long n = 0;
        for (int k = 0; k < colTiles; k++) {
            long right = colTiles - 1 - k, below = rowTiles - 1 - k;
            n += 1 + right + below + below * right;
        }
        return n;
    }

    /** The conventional flop count of a QR factorization of an {@code m x n} matrix: {@code 2 m n^2 - 2 n^3 / 3}. */
    public static double flops(int m, int n) {
        return 2.0 * m * n * n - 2.0 * n * n * n / 3;
    }

    @Override
    public void close() {
        t.close();
    }

    /** The T factor of tile (i, k): ib rows, cut to the tile's columns when it has fewer than ib. */
    private Matrix tFactor(int i, int k) {
        Matrix full = t.tile(i, k);
        int rows = Math.min(ib, full.cols());
        return rows == full.rows() ? full : full.block(0, 0, rows, full.cols());
    }

    /** The part of tile (k, k) that holds Householder vectors: its strict lower triangle (the whole tile if it has one row). */
    private static View vectors(Matrix akk) {
        return akk.rows() > 1 ? akk.lower(false) : akk;
    }

    private static Matrix matrixOf(View v) {
        return v instanceof Triangle tr ? tr.matrix() : (Matrix) v;
    }

    private static void geqrt(Matrix akk, Matrix tkk, LongAdder progress) {
        Kernels.geqrt(akk, tkk);
        TileTasks.done(progress);
    }

    private static void gemqrt(View v, Matrix tkk, Matrix c, LongAdder progress) {
        Kernels.gemqrt(Side.LEFT, Op.TRANS, matrixOf(v), tkk, c);
        TileTasks.done(progress);
    }

    private static void tpqrt(Triangle rkk, Matrix aik, Matrix tik, LongAdder progress) {
        Kernels.tpqrt(rkk.matrix(), aik, tik);
        TileTasks.done(progress);
    }

    private static void tpmqrt(Matrix vik, Matrix tik, Matrix ckj, Matrix cij, LongAdder progress) {
        Kernels.tpmqrt(Side.LEFT, Op.TRANS, vik, tik, ckj, cij);
        TileTasks.done(progress);
    }

    private void checkRows(TileMatrix c) {
        if (c.rows() != a.rows() || c.mb() != a.mb())
            throw new IllegalArgumentException("C is a " + c + "; it needs " + a.rows() + " rows in tiles of " + a.mb());
    }
}
