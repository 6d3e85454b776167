package org.weft.linalg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.linalg.kernel.Kernels;

import java.util.concurrent.atomic.LongAdder;

import static org.weft.Access.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QRTest {
    @ParameterizedTest(name = "m={0} n={1} nb={2} ib={3} workers={4}")
    @CsvSource({"1,1,1,1,1", "10,10,4,2,2", "64,64,16,4,1", "64,64,16,8,4", "130,100,32,8,2", "300,64,64,16,3", "97,97,32,32,2", "33,17,16,5,2"})
    void residualIsSmallAndRMatchesLapackUpToSigns(int m, int n, int nb, int ib, int workers) {
        try (Weft weft = Weft.builder().workers(workers).build();
             TileMatrix a = Matrices.uniform(m, n, nb, m * 7L + n);
             TileMatrix f = a.copy()) {
            LongAdder progress = new LongAdder();
            try (QR qr = QR.factor(weft, f, ib, progress)) {
                assertEquals(QR.taskCount(a.rowTiles(), a.colTiles()), progress.sum());
                double residual = Residuals.qr(weft, a, qr);
                assertTrue(residual < 30 * m * Math.ulp(1.0), "residual " + residual);
            }
            double[] full = a.toColumnMajor();
            Kernels.geqrf(Matrix.wrap(full, m, n), new double[n]);
            for (int i = 0; i < n; i++) {
                double sign = Math.signum(full[i + i * m]) * Math.signum(f.get(i, i));
                for (int j = i; j < n; j++)
                    assertEquals(full[i + j * m], sign * f.get(i, j), 1e-11 * m, "R(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void heapStorageGivesTheSameFactors() {
        int m = 100, n = 70, nb = 32;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.uniform(m, n, nb, 8); TileMatrix f = a.copy()) {
            TileMatrix heap = TileMatrix.allocateOnHeap(m, n, nb);
            heap.copyFrom(a.toColumnMajor(), m);
            try (QR native_ = QR.factor(weft, f, 8, null); QR onHeap = QR.factor(weft, heap, 8, null)) {
                for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) assertEquals(f.get(i, j), heap.get(i, j), 0.0, "(" + i + ", " + j + ")");
                assertTrue(Residuals.qr(weft, a, onHeap) < 1e-14);
            }
        }
    }

    /**
     * The factorization's tasks touch exactly the views they declare, also on the heap (where kernels work on
     * staged copies): a task that declares the strict lower triangle of tile (0, 0), spawned after the
     * factorization in the same region, owns those elements once the factorization's last reader of them is
     * done, and its writes must survive the factorization's remaining tasks, which rewrite R above them.
     */
    @ParameterizedTest(name = "heap={0}")
    @ValueSource(booleans = {false, true})
    void composedTasksOwnTheTrianglesTheyDeclare(boolean heap) {
        int m = 768, n = 384, nb = 128;   // 6 x 3 tiles: tpqrt on tile (0, 0) runs for tiles 1..5
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix source = Matrices.uniform(m, n, nb, 9)) {
            TileMatrix a = heap ? TileMatrix.allocateOnHeap(m, n, nb) : TileMatrix.allocate(m, n, nb);
            a.copyFrom(source.toColumnMajor(), m);
            try (QR qr = QR.of(a, 16)) {
                weft.region(r -> {
                    qr.spawnFactor(r, null);
                    r.spawn(QRTest::zero, out(a.tile(0, 0).lower(false)));
                });
            }
            for (int j = 0; j < nb; j++) for (int i = j + 1; i < nb; i++) assertEquals(0.0, a.get(i, j), "(" + i + ", " + j + ")");
            if (!heap) a.close();
        }
    }

    private static void zero(org.weft.data.Triangle t) {
        for (int j = 0; j < t.matrix().cols(); j++) for (int i = j + 1; i < t.matrix().rows(); i++) t.set(i, j, 0);
    }

    @Test
    void leastSquaresThroughQTranspose() {
        int m = 120, n = 40, nb = 20;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.uniform(m, n, nb, 1); TileMatrix f = a.copy();
             TileMatrix x = TileMatrix.allocate(n, 1, nb)) {
            double[] xs = Dense.random(n, 1, 2);
            x.copyFrom(xs, n);
            double[] b = Dense.multiply(a.toColumnMajor(), m, n, false, xs, n, 1, false);
            try (QR qr = QR.factor(weft, f, 8, null); TileMatrix c = TileMatrix.fromColumnMajor(b, m, 1, nb)) {
                qr.applyQTranspose(weft, c);
                double[] y = new double[n];   // back substitution with R on the first n entries of Q^T b
                for (int i = n - 1; i >= 0; i--) {
                    double s = c.get(i, 0);
                    for (int j = i + 1; j < n; j++) s -= f.get(i, j) * y[j];
                    y[i] = s / f.get(i, i);
                }
                assertTrue(Dense.relativeMaxDiff(y, xs) < 1e-12);
            }
        }
    }

    @Test
    void rejectsWideMatricesAndBadBlockSizes() {
        try (Weft weft = Weft.create(); TileMatrix wide = TileMatrix.allocate(4, 6, 2); TileMatrix a = TileMatrix.allocate(6, 6, 3)) {
            assertThrows(IllegalArgumentException.class, () -> QR.factor(weft, wide, 1, null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QR.factor(weft, a, 4, null));
            assertEquals("inner block size 4 must be in 1..3", e.getMessage());
        }
    }
}
