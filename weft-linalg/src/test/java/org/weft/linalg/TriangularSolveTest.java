package org.weft.linalg;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.weft.Weft;
import org.weft.linalg.kernel.Kernels.Diag;
import org.weft.linalg.kernel.Kernels.Op;
import org.weft.linalg.kernel.Kernels.Uplo;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TriangularSolveTest {
    @ParameterizedTest(name = "{0} {1} {2} n={3} rhs={4} nb={5}")
    @CsvSource({"LOWER,NO_TRANS,NON_UNIT,50,7,16", "LOWER,TRANS,NON_UNIT,50,7,16", "UPPER,NO_TRANS,NON_UNIT,70,33,32",
            "UPPER,TRANS,UNIT,70,33,32", "LOWER,NO_TRANS,UNIT,5,3,2", "UPPER,NO_TRANS,NON_UNIT,64,64,64"})
    void opAxEqualsAlphaB(Uplo uplo, Op op, Diag diag, int n, int rhs, int nb) {
        try (Weft weft = Weft.builder().workers(3).build(); TileMatrix a = Matrices.diagonallyDominant(n, nb, 1);
             TileMatrix b = Matrices.uniform(n, rhs, nb, 2); TileMatrix x = b.copy()) {
            // Off-diagonal elements of 1/n at most keep a unit triangle well conditioned.
            for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) if (i != j) a.set(i, j, a.get(i, j) / n);
            TriangularSolve.solve(weft, uplo, op, diag, 2.5, a, x);
            double[] tri = a.toColumnMajor();
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++) {
                    boolean in = uplo == Uplo.LOWER ? i >= j : i <= j;
                    if (!in) tri[i + j * n] = 0;
                    else if (i == j && diag == Diag.UNIT) tri[i + j * n] = 1;
                }
            double[] ax = Dense.multiply(tri, n, n, op == Op.TRANS, x.toColumnMajor(), n, rhs, false);
            double[] want = b.toColumnMajor();
            for (int i = 0; i < want.length; i++) want[i] *= 2.5;
            assertTrue(Dense.relativeMaxDiff(ax, want) < 1e-12);
        }
    }
}
