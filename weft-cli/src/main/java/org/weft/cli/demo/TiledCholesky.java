package org.weft.cli.demo;

import org.weft.Region;
import org.weft.Weft;
import org.weft.data.Matrix;

import java.util.concurrent.atomic.LongAdder;

import static org.weft.Access.in;
import static org.weft.Access.inOut;

/**
 * A tiled lower Cholesky factorization {@code A = L * L^T} as a Weft task graph: one task per tile kernel,
 * ordered by the runtime from the tiles each task reads and writes, in place in a {@link LowerTileMatrix}.
 *
 * <p>The graph is the right-looking one of PLASMA, StarPU and OmpSs examples: for each panel {@code k},
 * {@code potrf} of the diagonal tile, {@code trsm} of the tiles below it, then the trailing update,
 * {@code syrk} on diagonal tiles and {@code gemm} on the others. The body spawns all of it at once; tasks
 * of later panels start as soon as the tiles they need are final, so panels overlap.
 *
 * <p><b>Priorities</b> follow the critical path: a task is as urgent as the panel that consumes what it
 * writes (panel {@code k} for {@code potrf} and {@code trsm} of panel {@code k}, panel {@code j} for an update
 * of a tile in column {@code j}), and within a panel {@code potrf} goes before {@code trsm}, which goes before
 * updates. So the next panel is factored as soon as its column is updated, ahead of the rest of the
 * trailing matrix.
 *
 * <p>Each task increments a counter when its kernel returns, which {@link #completedTasks()} reads for
 * progress reporting. One instance factors one matrix once.
 */
public final class TiledCholesky {
    private final LowerTileMatrix a;
    private final LongAdder completed = new LongAdder();

    public TiledCholesky(LowerTileMatrix a) {
        this.a = a;
    }

    /** Factors the matrix on {@code weft} in one region; returns when {@code L} has replaced it. */
    public void factor(Weft weft) {
        weft.region(this::spawnTasks);
    }

    /** Spawns the whole task graph in {@code r}. */
    public void spawnTasks(Region r) {
        int nt = a.tiles();
        for (int k = 0; k < nt; k++) {
            Matrix akk = a.tile(k, k);
            r.task(this::potrf).name("potrf").priority(priority(k, 2)).spawn(inOut(akk));
            for (int i = k + 1; i < nt; i++)
                r.task(this::trsm).name("trsm").priority(priority(k, 1)).spawn(in(akk), inOut(a.tile(i, k)));
            for (int i = k + 1; i < nt; i++) {
                Matrix aik = a.tile(i, k);
                for (int j = k + 1; j < i; j++)
                    r.task(this::gemm).name("gemm").priority(priority(j, 0)).spawn(in(aik), in(a.tile(j, k)), inOut(a.tile(i, j)));
                r.task(this::syrk).name("syrk").priority(priority(i, 0)).spawn(in(aik), inOut(a.tile(i, i)));
            }
        }
    }

    /** Larger for earlier panels; {@code rank} orders potrf (2), trsm (1) and updates (0) of one panel. */
    private int priority(int panel, int rank) {
        return 3 * (a.tiles() - panel) + rank;
    }

    private void potrf(Matrix akk) {
        TileKernels.potrf(akk);
        completed.increment();
    }

    private void trsm(Matrix akk, Matrix aik) {
        TileKernels.trsm(akk, aik);
        completed.increment();
    }

    private void syrk(Matrix aik, Matrix aii) {
        TileKernels.syrk(aik, aii);
        completed.increment();
    }

    private void gemm(Matrix aik, Matrix ajk, Matrix aij) {
        TileKernels.gemm(aik, ajk, aij);
        completed.increment();
    }

    /** Kernel tasks finished so far. */
    public long completedTasks() {
        return completed.sum();
    }

    /** The number of tasks of the graph for {@code tiles} tile rows: potrf, trsm, syrk and gemm together. */
    public static long taskCount(int tiles) {
        return potrfCount(tiles) + 2 * trsmCount(tiles) + gemmCount(tiles);
    }

    /** One potrf per diagonal tile. */
    public static long potrfCount(int tiles) {
        return tiles;
    }

    /** One trsm per tile below the diagonal; there are as many syrk. */
    public static long trsmCount(int tiles) {
        return (long) tiles * (tiles - 1) / 2;
    }

    /** One gemm per tile strictly below the diagonal of each trailing matrix. */
    public static long gemmCount(int tiles) {
        return (long) tiles * (tiles - 1) * (tiles - 2) / 6;
    }

    /** The conventional flop count of a Cholesky factorization of order {@code n}: {@code n^3 / 3}. */
    public static double flops(int n) {
        return (double) n * n * n / 3;
    }
}
