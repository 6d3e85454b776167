package org.weft.cli.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.weft.Weft;
import org.weft.data.Matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiled factorization on small matrices, with tile sizes that divide the order and ones that do not,
 * on one and two workers: the residual is tiny, the factor equals that of an unblocked Cholesky, and every
 * task ran once. Also checks that the residual really measures {@code A - L*L^T}.
 */
class TiledCholeskyTest {

    @ParameterizedTest(name = "N={0} NB={1} workers={2}")
    @CsvSource({
            "7, 3, 1", "7, 3, 2",
            "64, 16, 1", "64, 16, 2",
            "100, 32, 1", "100, 32, 2",
            "5, 8, 2", "33, 1, 2"})
    void factorsWithATinyResidual(int n, int nb, int workers) {
        LowerTileMatrix a = LowerTileMatrix.randomSpd(n, nb, 11);
        LowerTileMatrix original = a.copy();
        TiledCholesky cholesky = new TiledCholesky(a);
        try (Weft weft = Weft.builder().workers(workers).build()) {
            cholesky.factor(weft);
            double residual = CholeskyResidual.relative(weft, original, a);
            assertTrue(residual < 1e-12, "residual " + residual);
        }
        assertEquals(TiledCholesky.taskCount(a.tiles()), cholesky.completedTasks());
        double[][] l = unblockedCholesky(original);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) assertEquals(l[i][j], a.get(i, j), 1e-12 * Math.sqrt(n), "L(" + i + ", " + j + ")");
    }

    private static double[][] unblockedCholesky(LowerTileMatrix a) {
        int n = a.order();
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double d = a.get(j, j);
            for (int k = 0; k < j; k++) d -= l[j][k] * l[j][k];
            l[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < n; i++) {
                double s = a.get(i, j);
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                l[i][j] = s / l[j][j];
            }
        }
        return l;
    }

    @Test
    void residualSeesAnErrorInTheFactor() {
        int n = 40;
        LowerTileMatrix a = LowerTileMatrix.randomSpd(n, 16, 3);
        LowerTileMatrix original = a.copy();
        try (Weft weft = Weft.builder().workers(2).build()) {
            new TiledCholesky(a).factor(weft);
            Matrix tile = a.tile(2, 1);
            tile.set(3, 4, tile.get(3, 4) + 1e-3);
            double residual = CholeskyResidual.relative(weft, original, a);
            assertTrue(residual > 1e-6, "residual " + residual);
        }
    }

    @Test
    void randomMatrixDependsOnTheSeedAndNotOnTheTileSize() {
        LowerTileMatrix small = LowerTileMatrix.randomSpd(10, 3, 5), large = LowerTileMatrix.randomSpd(10, 4, 5);
        for (int i = 0; i < 10; i++)
            for (int j = 0; j <= i; j++) assertEquals(small.get(i, j), large.get(i, j), "(" + i + ", " + j + ")");
        Matrix diagonal = small.tile(3, 3);
        assertEquals(1, diagonal.rows());
        Matrix inner = small.tile(1, 1);
        assertEquals(inner.get(2, 0), inner.get(0, 2));
    }

    @Test
    void countsTasksOfEachKernel() {
        assertEquals(1, TiledCholesky.taskCount(1));
        assertEquals(3 + 3 + 3 + 1, TiledCholesky.taskCount(3));
        assertEquals(4 + 6 + 6 + 4, TiledCholesky.taskCount(4));
    }
}
