package org.weft.linalg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.linalg.kernel.Kernels;

import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LUTest {
    @ParameterizedTest(name = "n={0} nb={1} workers={2}")
    @CsvSource({"1,1,1", "9,4,2", "64,16,1", "100,32,3", "255,64,2", "200,200,2"})
    void residualIsSmallAndMatchesLapackOnTheWholeMatrix(int n, int nb, int workers) {
        try (Weft weft = Weft.builder().workers(workers).build();
             TileMatrix a = Matrices.diagonallyDominant(n, nb, n + 17L * nb);
             TileMatrix lu = a.copy()) {
            LongAdder progress = new LongAdder();
            LU.factor(weft, lu, progress);
            assertEquals(LU.taskCount(a.rowTiles()), progress.sum());
            double residual = Residuals.lu(weft, a, lu);
            assertTrue(residual < 30 * n * Math.ulp(1.0), "residual " + residual);

            // LAPACK's dgetrf on the whole matrix: diagonal dominance makes partial pivoting choose the
            // diagonal every time, so its factors are the unpivoted ones.
            double[] full = a.toColumnMajor();
            int[] ipiv = new int[n];
            assertEquals(0, Kernels.getrf(Matrix.wrap(full, n, n), ipiv));
            for (int i = 0; i < n; i++) assertEquals(i + 1, ipiv[i], "no row exchange at " + i);
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++)
                    assertEquals(full[i + j * n], lu.get(i, j), 1e-12 * n, "(" + i + ", " + j + ")");
        }
    }

    @Test
    void heapStorageGivesTheSameFactors() {
        int n = 100, nb = 32;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.diagonallyDominant(n, nb, 3); TileMatrix lu = a.copy()) {
            TileMatrix heap = TileMatrix.allocateOnHeap(n, n, nb);
            heap.copyFrom(a.toColumnMajor(), n);
            LU.factor(weft, lu);
            LU.factor(weft, heap);
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) assertEquals(lu.get(i, j), heap.get(i, j), 0.0);
        }
    }

    @Test
    void aZeroPivotNamesTheTileAndRestoresIt() {
        int n = 48, nb = 16;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = TileMatrix.allocate(n, n, nb)) {
            for (int i = 0; i < n; i++) a.set(i, i, 1);
            a.set(20, 20, 0);   // the identity with one zero: the pivot of column 21 is zero
            TileMatrix f = a.copy();
            ZeroPivotException e = assertThrows(ZeroPivotException.class, () -> LU.factor(weft, f));
            assertEquals(1, e.tile());
            assertEquals(21, e.column());
            assertTrue(e.getMessage().contains("column 21") && e.getMessage().contains("tile (1, 1)"), e.getMessage());
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) assertEquals(a.get(i, j), f.get(i, j), "(" + i + ", " + j + ")");
        }
    }
}
