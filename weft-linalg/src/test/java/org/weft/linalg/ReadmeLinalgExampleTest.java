package org.weft.linalg;

import org.junit.jupiter.api.Test;
import org.weft.Weft;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tiled linear algebra example of README.md, as written there, with its data defined. */
class ReadmeLinalgExampleTest {
    @Test
    void choleskySolveAsInTheReadme() {
        int n = 600, k = 3;
        double[] data, rhs;
        try (TileMatrix spd = Matrices.spd(n, 256, 1); TileMatrix r = Matrices.uniform(n, k, 256, 2)) {
            data = spd.toColumnMajor();
            rhs = r.toColumnMajor();
        }
        double[] original = data.clone(), b0 = rhs.clone();

        try (Weft weft = Weft.create();
             TileMatrix a = TileMatrix.fromColumnMajor(data, n, n, 256);     // tile-major copy, off-heap
             TileMatrix b = TileMatrix.fromColumnMajor(rhs, n, k, 256)) {
            Cholesky.factor(weft, a);                    // A = L*L^T in place: one task per tile kernel (OpenBLAS)
            Cholesky.solve(weft, a, b);                  // two tiled triangular solves; X replaces B
            b.copyTo(rhs, n);
        }

        double[] ax = Dense.multiply(original, n, n, false, rhs, n, k, false);
        assertTrue(Dense.relativeMaxDiff(ax, b0) < 1e-12);
    }
}
