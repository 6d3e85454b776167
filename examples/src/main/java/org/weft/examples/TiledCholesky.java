package org.weft.examples;

// --- README: TiledCholesky
import org.weft.Weft;
import org.weft.linalg.Cholesky;
import org.weft.linalg.TileMatrix;
// --- end

/** The README's tiled linear algebra example: factor an SPD matrix and solve with it, on OpenBLAS tile kernels. */
public final class TiledCholesky {
    private TiledCholesky() {
    }

    /** Solves {@code A X = B} for the {@code n x n} SPD matrix {@code data} and the {@code n x k} {@code rhs}, both column-major; X replaces rhs. */
    public static void solve(double[] data, double[] rhs, int n, int k) {
        // --- README: TiledCholesky
        try (Weft weft = Weft.create();
             TileMatrix a = TileMatrix.fromColumnMajor(data, n, n, 256);     // tile-major copy, off-heap
             TileMatrix b = TileMatrix.fromColumnMajor(rhs, n, k, 256)) {
            Cholesky.factor(weft, a);                    // A = L*L^T in place: one task per tile kernel (OpenBLAS)
            Cholesky.solve(weft, a, b);                  // two tiled triangular solves; X replaces B
            b.copyTo(rhs, n);
        }
        // --- end
    }
}
