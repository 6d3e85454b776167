package org.weft.linalg;

import org.junit.jupiter.api.Test;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.linalg.kernel.Kernels;
import org.weft.linalg.kernel.Kernels.Diag;
import org.weft.linalg.kernel.Kernels.Op;
import org.weft.linalg.kernel.Kernels.Uplo;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.memory.MemoryStats;

import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heap matrices placed in an off-heap space: the algorithms give the results of the native path, the kernels get
 * native tiles (nothing is staged per call), and the runtime copies exactly what one expects: each tile in once per
 * version read there, each written array home once at the end of the region.
 */
class PlacementTest {
    private static final MemorySpace HOST = MemorySpaces.host();
    /** One space for the whole class: a runtime refuses two spaces of one name, and a space may serve many runtimes. */
    private static final MemorySpace OFF = MemorySpaces.offHeap("off-heap");

    /** A heap copy of {@code a} placed in {@link #OFF}. */
    static TileMatrix placed(TileMatrix a) {
        TileMatrix h = TileMatrix.allocateOnHeap(a.rows(), a.cols(), a.nb(), OFF);
        h.copyFrom(a);
        return h;
    }

    static long tileBytes(TileMatrix a, int i, int j) {
        return (long) a.tileRows(i) * a.tileCols(j) * Double.BYTES;
    }

    @Test
    void aPlacedMatrixKnowsItsSpaceAndItsTilesAreViewsOfOneArray() {
        try (TileMatrix n = TileMatrix.allocate(10, 10, 4)) {
            TileMatrix h = TileMatrix.allocateOnHeap(10, 10, 4, OFF), plain = TileMatrix.allocateOnHeap(10, 10, 4);
            assertSame(OFF, h.placement());
            assertSame(HOST, plain.placement());
            assertSame(HOST, n.placement());
            assertSame(OFF, h.copy().placement(), "a copy keeps the placement");
            Matrix t = h.tile(1, 2);
            assertNull(t.segment(), "a heap tile is a view of the array itself, which a memory space can replicate");
            assertSame(h.tile(0, 0).array(), t.array());
            assertEquals(2 * 4 * 10 + 4 * 2, t.offset(), "tile (1, 2) starts after two tile columns of 4 x 10 and tile (0, 2), of 4 x 2");
            h.set(5, 9, 3.5);
            assertEquals(3.5, t.get(1, 1));
            assertTrue(h.toString().contains("placed in off-heap"), h.toString());
        }
    }

    @Test
    void choleskyOfThreeByThreeTilesCopiesEachLowerTileInOnceAndTheArrayHomeOnce() {
        int n = 96, nb = 32;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.spd(n, nb, 11); TileMatrix l = a.copy()) {
            TileMatrix h = placed(a);
            Cholesky.factor(weft, l);
            long staged = Kernels.stagedMatrices();
            LongAdder progress = new LongAdder();
            Cholesky.factor(weft, h, progress);
            assertEquals(staged, Kernels.stagedMatrices(), "the kernels got native tiles: nothing was staged per call");
            assertEquals(Cholesky.taskCount(3), progress.sum());

            MemoryStats m = weft.memoryStats();
            long lowerBytes = 0;
            for (int j = 0; j < 3; j++) for (int i = j; i < 3; i++) lowerBytes += tileBytes(h, i, j);
            assertEquals(6, m.copies(HOST, OFF), "each of the 6 tiles of the lower triangle is copied in once, by its first reader: " + m);
            assertEquals(lowerBytes, m.bytes(HOST, OFF));
            assertEquals(1, m.copies(OFF, HOST), "the array comes home in one copy at the end of the region: " + m);
            assertEquals(lowerBytes, m.bytes(OFF, HOST), "of the tiles written there only: the upper ones were never moved");
            assertEquals(0, m.allocatedBytes(OFF), "a raw array's replicas are dropped at the end of its region");

            for (int j = 0; j < n; j++)
                for (int i = j; i < n; i++) assertEquals(l.get(i, j), h.get(i, j), 1e-12 * n, "L(" + i + ", " + j + ")");
            for (int j = 0; j < n; j++)
                for (int i = 0; i < j; i++) assertEquals(a.get(i, j), h.get(i, j), "the upper triangle is untouched");
            assertTrue(Residuals.cholesky(weft, a, h) < 30 * n * Math.ulp(1.0));
        }
    }

    @Test
    void theHostHeapPathStagesEveryTileOfEveryCallAndCopiesNothingBetweenSpaces() {
        int n = 96, nb = 32;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.spd(n, nb, 11)) {
            TileMatrix h = TileMatrix.allocateOnHeap(n, n, nb);
            h.copyFrom(a);
            long staged = Kernels.stagedMatrices();
            Cholesky.factor(weft, h);
            // 3 potrf (one tile each), 3 trsm and 3 syrk (two each), 1 gemm (three)
            assertEquals(3 + 3 * 2 + 3 * 2 + 3, Kernels.stagedMatrices() - staged);
            assertEquals(0, weft.memoryStats().copies());
        }
    }

    @Test
    void eachRegionMovesTheMatrixAgainAndSolvesGiveTheNativeResult() {
        int n = 100, nb = 32, rhs = 40;   // edge tiles in both directions
        try (Weft weft = Weft.builder().workers(3).build(); TileMatrix a = Matrices.spd(n, nb, 3); TileMatrix l = a.copy();
             TileMatrix b = Matrices.uniform(n, rhs, nb, 4); TileMatrix x = b.copy()) {
            TileMatrix hl = placed(a), hx = placed(b);
            Cholesky.factor(weft, l);
            Cholesky.solve(weft, l, x);
            long staged = Kernels.stagedMatrices();
            Cholesky.factor(weft, hl);
            MemoryStats afterFactor = weft.memoryStats();
            Cholesky.solve(weft, hl, hx);
            assertEquals(staged, Kernels.stagedMatrices());
            MemoryStats m = weft.memoryStats();
            // The solve is a new region: L's 10 lower tiles and X's 4 x 2 tiles come in again, only X goes home.
            assertEquals(10 + 8, m.copies(HOST, OFF) - afterFactor.copies(HOST, OFF), m.toString());
            assertEquals(1, m.copies(OFF, HOST) - afterFactor.copies(OFF, HOST), m.toString());
            for (int j = 0; j < rhs; j++)
                for (int i = 0; i < n; i++) assertEquals(x.get(i, j), hx.get(i, j), 1e-12, "X(" + i + ", " + j + ")");
        }
    }

    @Test
    void gemmCopiesEveryTileOfTheThreeMatricesInOnceAndOnlyCHome() {
        int n = 96, nb = 32;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.uniform(n, n, nb, 1);
             TileMatrix b = Matrices.uniform(n, n, nb, 2); TileMatrix c = Matrices.uniform(n, n, nb, 3)) {
            TileMatrix ha = placed(a), hb = placed(b), hc = placed(c);
            Gemm.multiply(weft, Op.NO_TRANS, Op.TRANS, 1.5, a, b, -0.5, c, null);
            long staged = Kernels.stagedMatrices();
            Gemm.multiply(weft, Op.NO_TRANS, Op.TRANS, 1.5, ha, hb, -0.5, hc, null);
            assertEquals(staged, Kernels.stagedMatrices());
            MemoryStats m = weft.memoryStats();
            assertEquals(27, m.copies(HOST, OFF), "9 tiles of each of A, B and C, each once although each is read three times: " + m);
            assertEquals(3L * n * n * Double.BYTES, m.bytes(HOST, OFF));
            assertEquals(1, m.copies(OFF, HOST), "only C was written: " + m);
            assertEquals((long) n * n * Double.BYTES, m.bytes(OFF, HOST));
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) assertEquals(c.get(i, j), hc.get(i, j), 1e-13, "C(" + i + ", " + j + ")");
        }
    }

    @Test
    void triangularSolveLuAndQrGiveTheNativeResults() {
        int n = 100, nb = 32;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.diagonallyDominant(n, nb, 5); TileMatrix lu = a.copy();
             TileMatrix b = Matrices.uniform(n, 30, nb, 6); TileMatrix x = b.copy(); TileMatrix q = Matrices.uniform(n, 70, nb, 7);
             TileMatrix f = q.copy()) {
            TileMatrix hlu = placed(a), hx = placed(b), hf = placed(q);
            long staged = Kernels.stagedMatrices();

            LU.factor(weft, lu);
            LU.factor(weft, hlu);
            assertEquals(staged, Kernels.stagedMatrices(), "neither the native nor the placed LU staged anything");
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) assertEquals(lu.get(i, j), hlu.get(i, j), 1e-12 * n, "LU(" + i + ", " + j + ")");
            assertTrue(Residuals.lu(weft, a, hlu) < 30 * n * Math.ulp(1.0));

            long beforeSolves = Kernels.stagedMatrices();
            TriangularSolve.solve(weft, Uplo.UPPER, Op.NO_TRANS, Diag.NON_UNIT, 2.0, lu, x);
            long nativeSolve = Kernels.stagedMatrices();
            TriangularSolve.solve(weft, Uplo.UPPER, Op.NO_TRANS, Diag.NON_UNIT, 2.0, hlu, hx);
            assertEquals(nativeSolve, Kernels.stagedMatrices(), "the placed solve staged nothing");
            assertEquals(beforeSolves, nativeSolve);
            for (int j = 0; j < 30; j++) for (int i = 0; i < n; i++) assertEquals(x.get(i, j), hx.get(i, j), 1e-12, "X(" + i + ", " + j + ")");

            long beforeQr = Kernels.stagedMatrices();
            try (QR nat = QR.factor(weft, f, 8, null); QR onHeap = QR.factor(weft, hf, 8, null)) {
                assertEquals(beforeQr, Kernels.stagedMatrices(), "the placed QR, T factors included, staged nothing");
                for (int j = 0; j < 70; j++) for (int i = 0; i < n; i++) assertEquals(f.get(i, j), hf.get(i, j), 1e-12 * n, "QR(" + i + ", " + j + ")");
                assertTrue(Residuals.qr(weft, q, onHeap) < 30 * n * Math.ulp(1.0));
                assertTrue(Residuals.qr(weft, q, nat) < 30 * n * Math.ulp(1.0));
            }
        }
    }

    @Test
    void matricesPlacedDifferentlyAreRefusedBeforeAnythingRuns() {
        int n = 64, nb = 32;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.uniform(n, n, nb, 1)) {
            TileMatrix ha = placed(a), hc = placed(a);
            double before = hc.get(3, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Gemm.multiply(weft, Op.NO_TRANS, Op.NO_TRANS, 1, ha, a, 0, hc, null));
            assertTrue(e.getMessage().startsWith("Gemm: A is a 64 x 64 tile matrix (2 x 2 tiles of 32 x 32, heap, placed in off-heap) but B is a "
                    + "64 x 64 tile matrix (2 x 2 tiles of 32 x 32, native)"), e.getMessage());
            assertEquals(before, hc.get(3, 4), "nothing ran");
            assertEquals(0, weft.memoryStats().copies());

            TileMatrix other = TileMatrix.allocateOnHeap(n, n, nb, MemorySpaces.offHeap("another"));
            e = assertThrows(IllegalArgumentException.class, () -> Cholesky.solve(weft, ha, other));
            assertTrue(e.getMessage().startsWith("TriangularSolve: A is a") && e.getMessage().contains("placed in another"), e.getMessage());
            assertThrows(NullPointerException.class, () -> TileMatrix.allocateOnHeap(n, n, nb, null));
        }
    }

    @Test
    void aNonPositiveDefinitePlacedMatrixFailsAsTheNativeOneAndComesHomeInTheStatedState() {
        int n = 96, nb = 32;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.spd(n, nb, 2); TileMatrix l = a.copy()) {
            a.set(50, 50, -1e6);
            l.copyFrom(a);
            TileMatrix h = placed(a);
            NotPositiveDefiniteException nat = assertThrows(NotPositiveDefiniteException.class, () -> Cholesky.factor(weft, l));
            NotPositiveDefiniteException onHeap = assertThrows(NotPositiveDefiniteException.class, () -> Cholesky.factor(weft, h));
            assertEquals(nat.getMessage(), onHeap.getMessage());
            for (int j = 0; j < n; j++)
                for (int i = j; i < n; i++) assertEquals(l.get(i, j), h.get(i, j), 1e-12 * n, "(" + i + ", " + j + ")");
        }
    }
}
