package org.weft.linalg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.linalg.kernel.Kernels;
import org.weft.linalg.kernel.Kernels.Uplo;

import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CholeskyTest {
    @ParameterizedTest(name = "n={0} nb={1} workers={2}")
    @CsvSource({"1,1,1", "7,3,2", "64,16,1", "64,16,4", "100,32,2", "257,64,3", "300,128,2", "40,64,2"})
    void residualIsSmallAndMatchesLapackOnTheWholeMatrix(int n, int nb, int workers) {
        try (Weft weft = Weft.builder().workers(workers).build();
             TileMatrix a = Matrices.spd(n, nb, n * 31L + nb);
             TileMatrix l = a.copy()) {
            LongAdder progress = new LongAdder();
            Cholesky.factor(weft, l, progress);
            assertEquals(Cholesky.taskCount(a.rowTiles()), progress.sum());
            double residual = Residuals.cholesky(weft, a, l);
            assertTrue(residual < 30 * n * Math.ulp(1.0), "residual " + residual);

            double[] full = a.toColumnMajor();
            assertEquals(0, Kernels.potrf(Uplo.LOWER, Matrix.wrap(full, n, n)));
            for (int j = 0; j < n; j++)
                for (int i = j; i < n; i++)
                    assertEquals(full[i + j * n], l.get(i, j), 1e-12 * n, "L(" + i + ", " + j + ")");
        }
    }

    @Test
    void heapStorageGivesTheSameFactor() {
        int n = 96, nb = 32;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.spd(n, nb, 5); TileMatrix l = a.copy()) {
            TileMatrix heap = TileMatrix.allocateOnHeap(n, n, nb);
            heap.copyFrom(a.toColumnMajor(), n);
            Cholesky.factor(weft, l);
            Cholesky.factor(weft, heap);
            for (int j = 0; j < n; j++) for (int i = j; i < n; i++) assertEquals(l.get(i, j), heap.get(i, j), 0.0);
        }
    }

    /**
     * Issue 9, item 12: a NaN or an infinity on or off the diagonal of the lower triangle (OpenBLAS's potrf tests
     * only {@code a(j,j) <= 0}, which NaN passes) raises NonFiniteValueException naming the diagonal tile it
     * reached, instead of returning a factor full of NaNs; the runtime is usable afterwards.
     */
    @ParameterizedTest(name = "{2} at ({0}, {1})")
    @CsvSource({"45, 45, NaN", "70, 3, NaN", "20, 10, Infinity", "79, 79, -Infinity", "5, 0, NaN"})
    void aNonFiniteValueRaisesAClearErrorInsteadOfAFactorOfNaNs(int i, int j, double value) {
        int n = 80, nb = 16;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.spd(n, nb, 9)) {
            a.set(i, j, value);
            NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> Cholesky.factor(weft, a));
            assertEquals(i / nb, e.tile(), "the value first reaches the diagonal tile of its row: " + e.getMessage());
            assertTrue(e.getMessage().contains("non-finite value") && e.getMessage().contains("tile (" + e.tile() + ", " + e.tile() + ")"), e.getMessage());
            try (TileMatrix good = Matrices.spd(n, nb, 10); TileMatrix l = good.copy()) {
                Cholesky.factor(weft, l);
                assertTrue(Residuals.cholesky(weft, good, l) < 1e-13);
            }
        }
    }

    @Test
    void notPositiveDefiniteNamesTheTileAndLeavesAStatedState() {
        int n = 80, nb = 16, bad = 45;   // tile 2 holds columns 32..47
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.spd(n, nb, 9)) {
            a.set(bad, bad, -1e6);
            TileMatrix f = a.copy();
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> Cholesky.factor(weft, f));
            assertEquals(2, e.tile());
            assertEquals(bad + 1, e.order());
            assertTrue(e.getMessage().contains("leading minor of order 46") && e.getMessage().contains("tile (2, 2)"), e.getMessage());

            // Stated state: tile columns 0..1 hold L (of the leading 32 x 32 block and the panel below it),
            // tile columns 2.. the Schur complement A22 - L21 L21^T.
            double[] full = a.toColumnMajor();
            int k = 32;
            double[] lead = new double[k * k];
            for (int j = 0; j < k; j++) System.arraycopy(full, j * n, lead, j * k, k);
            assertEquals(0, Kernels.potrf(Uplo.LOWER, Matrix.wrap(lead, k, k)));
            for (int j = 0; j < k; j++) for (int i = j; i < k; i++) assertEquals(lead[i + j * k], f.get(i, j), 1e-12, "L11");
            for (int j = 0; j < k; j++)
                for (int i = k; i < n; i++) {
                    double s = 0;   // L21 = A21 L11^-T, checked through L21 L11^T = A21
                    for (int p = 0; p <= j; p++) s += f.get(i, p) * f.get(j, p);
                    assertEquals(a.get(i, j), s, 1e-10, "L21");
                }
            for (int j = k; j < n; j++)
                for (int i = j; i < n; i++) {
                    double s = a.get(i, j);
                    for (int p = 0; p < k; p++) s -= f.get(i, p) * f.get(j, p);
                    assertEquals(s, f.get(i, j), 1e-9, "Schur complement (" + i + ", " + j + ")");
                }

            // The runtime is usable afterwards.
            try (TileMatrix good = Matrices.spd(n, nb, 10); TileMatrix l = good.copy()) {
                Cholesky.factor(weft, l);
                assertTrue(Residuals.cholesky(weft, good, l) < 1e-13);
            }
        }
    }

    @Test
    void solveGivesTheSolutionOfTheSystem() {
        int n = 150, nb = 40, rhs = 7;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.spd(n, nb, 3); TileMatrix l = a.copy();
             TileMatrix b = Matrices.uniform(n, rhs, nb, 4); TileMatrix x = b.copy()) {
            Cholesky.factor(weft, l);
            Cholesky.solve(weft, l, x);
            double[] ax = Dense.multiply(a.toColumnMajor(), n, n, false, x.toColumnMajor(), n, rhs, false);
            assertTrue(Dense.relativeMaxDiff(ax, b.toColumnMajor()) < 1e-12);
        }
    }

    @Test
    void rejectsNonSquareInput() {
        try (Weft weft = Weft.create(); TileMatrix a = TileMatrix.allocate(6, 5, 2); TileMatrix r = TileMatrix.allocate(6, 6, 3, 2)) {
            assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(weft, a));
            assertThrows(IllegalArgumentException.class, () -> Cholesky.factor(weft, r));
        }
    }
}
