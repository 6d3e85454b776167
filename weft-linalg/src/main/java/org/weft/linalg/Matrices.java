package org.weft.linalg;

import org.weft.data.Matrix;

import java.util.SplittableRandom;

/**
 * Random test matrices, the same for a given seed whatever the tile size: each element is drawn from a
 * generator seeded by the seed and the element's column, so a matrix can be generated tile by tile and
 * compared with one generated whole.
 */
public final class Matrices {
    private Matrices() {
    }

    /** An {@code m x n} native matrix with elements uniform in {@code [-1, 1)}. */
    public static TileMatrix uniform(int m, int n, int nb, long seed) {
        TileMatrix a = TileMatrix.allocate(m, n, nb);
        for (int j = 0; j < n; j++) {
            SplittableRandom rnd = column(seed, j);
            for (int i = 0; i < m; i++) a.set(i, j, 2 * rnd.nextDouble() - 1);
        }
        return a;
    }

    /**
     * A symmetric positive definite native matrix of order {@code n}: symmetric with elements uniform in
     * {@code [-1, 1)} plus {@code n} on the diagonal, so strictly diagonally dominant with a positive
     * diagonal (positive definite by Gershgorin's theorem), stored whole (both triangles).
     */
    public static TileMatrix spd(int n, int nb, long seed) {
        TileMatrix a = TileMatrix.allocate(n, n, nb);
        for (int j = 0; j < n; j++) {
            SplittableRandom rnd = column(seed, j);
            for (int i = j; i < n; i++) {
                double v = 2 * rnd.nextDouble() - 1 + (i == j ? n : 0);
                a.set(i, j, v);
                a.set(j, i, v);
            }
        }
        return a;
    }

    /** A strictly diagonally dominant (not symmetric) native matrix of order {@code n}: uniform in {@code [-1, 1)} plus {@code n} on the diagonal. */
    public static TileMatrix diagonallyDominant(int n, int nb, long seed) {
        TileMatrix a = uniform(n, n, nb, seed);
        for (int i = 0; i < n; i++) a.set(i, i, a.get(i, i) + n);
        return a;
    }

    /** The Frobenius norm of a view. */
    static double frobenius(Matrix m) {
        double s = 0;
        for (int j = 0; j < m.cols(); j++)
            for (int i = 0; i < m.rows(); i++) {
                double v = m.get(i, j);
                s += v * v;
            }
        return Math.sqrt(s);
    }

    private static SplittableRandom column(long seed, int j) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + j);
    }
}
