package org.weft.linalg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.weft.Weft;
import org.weft.linalg.kernel.Kernels.Op;

import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmTest {
    @ParameterizedTest(name = "m={0} n={1} k={2} nb={3} {4} {5}")
    @CsvSource({"1,1,1,1,NO_TRANS,NO_TRANS", "10,7,13,4,NO_TRANS,NO_TRANS", "33,20,50,16,TRANS,NO_TRANS",
            "33,20,50,16,NO_TRANS,TRANS", "64,64,64,32,TRANS,TRANS", "100,90,80,64,NO_TRANS,NO_TRANS"})
    void matchesTheDenseProduct(int m, int n, int k, int nb, Op opA, Op opB) {
        boolean ta = opA == Op.TRANS, tb = opB == Op.TRANS;
        int ra = ta ? k : m, ca = ta ? m : k, rb = tb ? n : k, cb = tb ? k : n;
        try (Weft weft = Weft.builder().workers(2).build();
             TileMatrix a = Matrices.uniform(ra, ca, nb, 1); TileMatrix b = Matrices.uniform(rb, cb, nb, 2);
             TileMatrix c = Matrices.uniform(m, n, nb, 3)) {
            double[] c0 = c.toColumnMajor();
            LongAdder progress = new LongAdder();
            Gemm.multiply(weft, opA, opB, 1.5, a, b, -0.5, c, progress);
            int inner = (k + nb - 1) / nb;
            assertEquals(Gemm.taskCount(c.rowTiles(), c.colTiles(), inner), progress.sum());
            double[] ab = Dense.multiply(a.toColumnMajor(), ra, ca, ta, b.toColumnMajor(), rb, cb, tb);
            for (int i = 0; i < ab.length; i++) ab[i] = 1.5 * ab[i] - 0.5 * c0[i];
            assertTrue(Dense.relativeMaxDiff(c.toColumnMajor(), ab) < 1e-13);
        }
    }

    @Test
    void theRandomizedCheckCatchesOneWrongElement() {
        int n = 96, nb = 32;
        try (Weft weft = Weft.builder().workers(2).build(); TileMatrix a = Matrices.uniform(n, n, nb, 1); TileMatrix b = Matrices.uniform(n, n, nb, 2);
             TileMatrix c = TileMatrix.allocate(n, n, nb)) {
            Gemm.multiply(weft, Op.NO_TRANS, Op.NO_TRANS, 1, a, b, 0, c, null);
            assertTrue(Residuals.product(a, b, c, 7) < 1e-15);
            c.set(50, 60, c.get(50, 60) + 1e-3);
            assertTrue(Residuals.product(a, b, c, 7) > 1e-9);
        }
    }

    @Test
    void mismatchedShapesAndTilesAreRejected() {
        try (Weft weft = Weft.create(); TileMatrix a = TileMatrix.allocate(4, 5, 2); TileMatrix b = TileMatrix.allocate(4, 5, 2);
             TileMatrix c = TileMatrix.allocate(4, 5, 2); TileMatrix b3 = TileMatrix.allocate(5, 5, 3)) {
            assertThrows(IllegalArgumentException.class, () -> Gemm.multiply(weft, Op.NO_TRANS, Op.NO_TRANS, 1, a, b, 0, c, null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.multiply(weft, Op.NO_TRANS, Op.NO_TRANS, 1, a, b3, 0, c, null));
            assertTrue(e.getMessage().startsWith("tile sizes differ"), e.getMessage());
        }
    }
}
