package org.weft.cli.demo;

import org.weft.Access;
import org.weft.Task;
import org.weft.Weft;
import org.weft.data.Matrix;

import java.util.ArrayList;
import java.util.List;

import static org.weft.Access.in;

/**
 * The relative residual {@code ||A - L * L^T||_F / ||A||_F} of a Cholesky factorization, computed in full
 * (not estimated) from a kept copy of {@code A} and the factored tiles, with Weft tasks so that checking a
 * large factorization takes about as long as the factorization did.
 *
 * <p><b>How it works.</b> One task per tile {@code (i, j)}, {@code j <= i}, of the lower triangle of
 * {@code R = A - L * L^T}: it copies {@code A(i, j)} into a scratch tile, subtracts
 * {@code L(i, k) * L(j, k)^T} for {@code k <= j} with {@link TileKernels#gemm} (using the lower triangles of the
 * diagonal tiles of {@code L}, as their strict upper triangles still hold parts of {@code A}), and returns the
 * squared Frobenius norms of its residual tile and of {@code A(i, j)}. {@code R} and {@code A} are symmetric,
 * so a tile below the diagonal counts twice and a diagonal tile, computed whole, once. Tasks only read, so
 * they all run in parallel; the ones with more products to do get a higher priority and start first.
 */
public final class CholeskyResidual {
    private CholeskyResidual() {
    }

    /** Squared Frobenius norms of one residual tile and of the same tile of {@code A}. */
    private record TileNorms(double residual, double matrix) {
    }

    /**
     * Returns {@code ||A - L * L^T||_F / ||A||_F}, where {@code original} holds {@code A} and {@code factor}
     * holds {@code L} (as left by {@link TiledCholesky}); both must have the same order and tile size.
     */
    public static double relative(Weft weft, LowerTileMatrix original, LowerTileMatrix factor) {
        if (original.order() != factor.order() || original.tileSize() != factor.tileSize())
            throw new IllegalArgumentException("the matrix and its factor must have the same order and tile size");
        int nt = factor.tiles();
        List<Task<TileNorms>> tileTasks = new ArrayList<>();
        weft.region(r -> {
            for (int i = 0; i < nt; i++) {
                for (int j = 0; j <= i; j++) {
                    int ti = i, tj = j;
                    List<Access> reads = new ArrayList<>();
                    reads.add(in(original.tile(i, j)));
                    for (int k = 0; k <= j; k++) {
                        reads.add(in(factor.tile(i, k)));
                        if (i != j) reads.add(in(factor.tile(j, k)));
                    }
                    tileTasks.add(r.task(() -> residualTile(original, factor, ti, tj)).name("residual").priority(j + 1)
                            .spawn(reads.toArray()));
                }
            }
        });
        double residual = 0, matrix = 0;
        for (Task<TileNorms> t : tileTasks) {
            TileNorms norms = t.get();
            residual += norms.residual();
            matrix += norms.matrix();
        }
        return Math.sqrt(residual) / Math.sqrt(matrix);
    }

    private static TileNorms residualTile(LowerTileMatrix original, LowerTileMatrix factor, int i, int j) {
        Matrix a = original.tile(i, j);
        Matrix r = Matrix.wrap(a.array().clone(), a.rows(), a.cols());
        Matrix ljj = lowerTriangle(factor.tile(j, j));
        for (int k = 0; k < j; k++) TileKernels.gemm(factor.tile(i, k), factor.tile(j, k), r);
        TileKernels.gemm(i == j ? ljj : factor.tile(i, j), ljj, r);
        double weight = i == j ? 1 : 2;
        return new TileNorms(weight * squaredNorm(r), weight * squaredNorm(a));
    }

    /** A copy of the lower triangle of the square tile {@code t}, with zeros above the diagonal. */
    private static Matrix lowerTriangle(Matrix t) {
        int n = t.rows();
        double[] src = t.array(), dst = new double[n * n];
        for (int j = 0; j < n; j++) System.arraycopy(src, j + j * n, dst, j + j * n, n - j);
        return Matrix.wrap(dst, n, n);
    }

    private static double squaredNorm(Matrix t) {
        double sum = 0;
        for (double v : t.array()) sum += v * v;
        return sum;
    }
}
