package org.weft.cli.demo;

import org.junit.jupiter.api.Test;
import org.weft.data.Matrix;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tile kernels against textbook triple loops, on square tiles, on the non-square tiles of a last tile
 * row or column, on sizes that exercise the unrolled and the remainder loops, and on tiles cut from a larger
 * array (offset and leading dimension not those of a standalone tile).
 */
class TileKernelsTest {
    private static final double TOLERANCE = 1e-12;
    private final SplittableRandom random = new SplittableRandom(7);

    /** A {@code rows x cols} block at (2, 3) of a larger random column-major array, so offset and ld matter. */
    private Matrix randomTile(int rows, int cols) {
        int ld = rows + 5;
        double[] storage = new double[ld * (cols + 4)];
        for (int i = 0; i < storage.length; i++) storage[i] = random.nextDouble() - 0.5;
        return Matrix.wrap(storage, ld, cols + 4).block(2, 3, rows, cols);
    }

    /** A random symmetric positive definite tile, both triangles stored. */
    private Matrix spdTile(int n) {
        Matrix t = randomTile(n, n);
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double v = i == j ? n + random.nextDouble() : random.nextDouble() - 0.5;
                t.set(i, j, v);
                t.set(j, i, v);
            }
        }
        return t;
    }

    private static double[][] toArray(Matrix m) {
        double[][] a = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) for (int j = 0; j < m.cols(); j++) a[i][j] = m.get(i, j);
        return a;
    }

    private static void assertClose(double[][] expected, Matrix actual, boolean lowerOnly) {
        for (int i = 0; i < expected.length; i++)
            for (int j = 0; j < expected[i].length; j++)
                if (!lowerOnly || i >= j)
                    assertEquals(expected[i][j], actual.get(i, j), TOLERANCE * (1 + Math.abs(expected[i][j])), "element (" + i + ", " + j + ")");
    }

    private static void assertUpperUnchanged(double[][] before, Matrix after) {
        for (int i = 0; i < before.length; i++)
            for (int j = i + 1; j < before.length; j++) assertEquals(before[i][j], after.get(i, j), "upper element (" + i + ", " + j + ")");
    }

    @Test
    void potrfFactorsTheLowerTriangleAndLeavesTheUpperOne() {
        for (int n : new int[] {1, 2, 5, 8, 13}) {
            Matrix a = spdTile(n);
            double[][] before = toArray(a);
            double[][] l = new double[n][n];
            for (int j = 0; j < n; j++) {
                double d = before[j][j];
                for (int k = 0; k < j; k++) d -= l[j][k] * l[j][k];
                l[j][j] = Math.sqrt(d);
                for (int i = j + 1; i < n; i++) {
                    double s = before[i][j];
                    for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                    l[i][j] = s / l[j][j];
                }
            }
            TileKernels.potrf(a);
            assertClose(l, a, true);
            assertUpperUnchanged(before, a);
        }
    }

    @Test
    void potrfRejectsAMatrixThatIsNotPositiveDefinite() {
        Matrix a = Matrix.wrap(new double[] {1, 2, 2, 1}, 2, 2);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> TileKernels.potrf(a));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
    }

    @Test
    void trsmSolvesWithTheTransposedLowerTriangle() {
        for (int[] shape : new int[][] {{4, 4}, {3, 4}, {7, 5}, {1, 9}, {9, 1}}) {
            int m = shape[0], n = shape[1];
            Matrix l = spdTile(n);
            TileKernels.potrf(l);
            Matrix b = randomTile(m, n);
            double[][] lower = toArray(l);
            double[][] x = toArray(b);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = x[i][j];
                    for (int k = 0; k < j; k++) s -= x[i][k] * lower[j][k];
                    x[i][j] = s / lower[j][j];
                }
            }
            TileKernels.trsm(l, b);
            assertClose(x, b, false);
        }
    }

    @Test
    void syrkUpdatesTheLowerTriangleOnly() {
        for (int[] shape : new int[][] {{4, 4}, {5, 3}, {3, 9}, {6, 1}}) {
            int n = shape[0], k = shape[1];
            Matrix a = randomTile(n, k), c = randomTile(n, n);
            double[][] before = toArray(c), expected = toArray(c), av = toArray(a);
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                    for (int l = 0; l < k; l++) expected[i][j] -= av[i][l] * av[j][l];
            TileKernels.syrk(a, c);
            assertClose(expected, c, true);
            assertUpperUnchanged(before, c);
        }
    }

    @Test
    void gemmSubtractsTheProductWithTheTransposeOnAnyShape() {
        for (int[] shape : new int[][] {{4, 4, 4}, {3, 5, 7}, {5, 3, 2}, {1, 1, 9}, {8, 7, 5}, {2, 9, 1}}) {
            int m = shape[0], n = shape[1], k = shape[2];
            Matrix a = randomTile(m, k), b = randomTile(n, k), c = randomTile(m, n);
            double[][] expected = toArray(c), av = toArray(a), bv = toArray(b);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    for (int l = 0; l < k; l++) expected[i][j] -= av[i][l] * bv[j][l];
            TileKernels.gemm(a, b, c);
            assertClose(expected, c, false);
        }
    }

    @Test
    void mismatchedShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TileKernels.potrf(randomTile(3, 4)));
        assertThrows(IllegalArgumentException.class, () -> TileKernels.trsm(spdTile(3), randomTile(3, 4)));
        assertThrows(IllegalArgumentException.class, () -> TileKernels.syrk(randomTile(4, 2), randomTile(3, 3)));
        assertThrows(IllegalArgumentException.class, () -> TileKernels.gemm(randomTile(3, 2), randomTile(4, 3), randomTile(3, 4)));
    }
}
