package org.weft.cli.demo;

import org.weft.data.Matrix;

import java.util.SplittableRandom;

/**
 * The lower triangle of an {@code n x n} matrix as a grid of {@code nb x nb} tiles, tile-major: tile
 * {@code (i, j)}, {@code j <= i}, is a column-major {@link Matrix} over a {@code double[]} of its own. Tiles in
 * the last tile row and column are cut to the matrix, so {@code nb} need not divide {@code n}. Diagonal
 * tiles are stored whole; tiles above the diagonal are not stored at all.
 *
 * <p><b>Why tile-major.</b> Measured on the 2-core development machine (shared, so noisy): the whole
 * factorization of {@link TiledCholesky} at N = 3072, NB = 256 on 2 workers ran 3 to 20% faster, in four
 * alternating runs, with each tile in its own array (leading dimension = tile rows) than with the tiles cut
 * from one column-major {@code N x N} array (leading dimension N), and {@link TileKernels#gemm} alone was as
 * fast or faster at NB = 128 and 256. Tile-major storage also halves the memory, as only the lower triangle
 * is kept, and makes each tile one span for the dependency tracker instead of NB.
 */
public final class LowerTileMatrix {
    private final int n, nb, tiles;
    private final Matrix[][] grid;

    private LowerTileMatrix(int n, int nb) {
        if (n < 1) throw new IllegalArgumentException("matrix order must be at least 1, not " + n);
        if (nb < 1) throw new IllegalArgumentException("tile size must be at least 1, not " + nb);
        long largestTile = (long) Math.min(n, nb) * Math.min(n, nb);
        if (largestTile > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("a tile of " + Math.min(n, nb) + " x " + Math.min(n, nb) + " does not fit in one Java array");
        this.n = n;
        this.nb = nb;
        this.tiles = (n + nb - 1) / nb;
        this.grid = new Matrix[tiles][];
        for (int i = 0; i < tiles; i++) {
            grid[i] = new Matrix[i + 1];
            for (int j = 0; j <= i; j++) grid[i][j] = Matrix.wrap(new double[tileSize(i) * tileSize(j)], tileSize(i), tileSize(j));
        }
    }

    /**
     * A random symmetric positive definite matrix: off-diagonal elements uniform in {@code [-0.5, 0.5)} and
     * {@code n} added to the diagonal, which makes it strictly diagonally dominant (the test matrix of
     * PLASMA and Chameleon). The elements depend on {@code n} and {@code seed} only, not on {@code nb}.
     */
    public static LowerTileMatrix randomSpd(int n, int nb, long seed) {
        LowerTileMatrix m = new LowerTileMatrix(n, nb);
        SplittableRandom random = new SplittableRandom(seed);
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double v = random.nextDouble() - 0.5 + (i == j ? n : 0);
                m.put(i, j, v);
                if (i / nb == j / nb) m.put(j, i, v);
            }
        }
        return m;
    }

    private void put(int i, int j, double v) {
        Matrix t = grid[i / nb][j / nb];
        t.array()[i % nb + (j % nb) * t.ld()] = v;
    }

    /** A deep copy. */
    public LowerTileMatrix copy() {
        LowerTileMatrix c = new LowerTileMatrix(n, nb);
        for (int i = 0; i < tiles; i++)
            for (int j = 0; j <= i; j++)
                System.arraycopy(grid[i][j].array(), 0, c.grid[i][j].array(), 0, grid[i][j].array().length);
        return c;
    }

    /** The matrix order. */
    public int order() {
        return n;
    }

    /** The tile size. */
    public int tileSize() {
        return nb;
    }

    /** Tiles per row and per column of the grid. */
    public int tiles() {
        return tiles;
    }

    /** Rows (and columns) of the tiles in tile row (or column) {@code i}: {@code nb}, or less for the last. */
    public int tileSize(int i) {
        return Math.min(nb, n - i * nb);
    }

    /** Tile {@code (i, j)}, {@code 0 <= j <= i < tiles()}. */
    public Matrix tile(int i, int j) {
        if (j > i) throw new IndexOutOfBoundsException("tile (" + i + ", " + j + ") is above the diagonal, which is not stored");
        return grid[i][j];
    }

    /** Element {@code (i, j)}, {@code j <= i}, read through the tiles; for tests and checks. */
    public double get(int i, int j) {
        return tile(i / nb, j / nb).get(i % nb, j % nb);
    }
}
