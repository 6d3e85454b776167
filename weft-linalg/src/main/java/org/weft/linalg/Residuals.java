package org.weft.linalg;

import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.linalg.kernel.Kernels;
import org.weft.linalg.kernel.Kernels.Op;

import java.util.SplittableRandom;

import static org.weft.Access.in;
import static org.weft.Access.inOut;

/**
 * How far a factorization is from the matrix it factored: relative residuals in the Frobenius norm, computed
 * with the same tiled kernels on Weft (so checking costs about as much as factoring). A backward-stable
 * factorization gives a few times {@code n * eps}; LAPACK's tests accept up to {@code 30 * n * eps}.
 */
public final class Residuals {
    private Residuals() {
    }

    /**
     * {@code ||A - L * L^T||_F / ||A||_F} for {@code l} from {@link Cholesky#factor} of {@code a}, reading
     * the lower triangles only (the upper ones are taken as their mirror images, as the factorization does).
     */
    public static double cholesky(Weft weft, TileMatrix a, TileMatrix l) {
        sameShape(a, l);
        int nt = a.rowTiles();
        Matrix[] lower = new Matrix[nt];
        try (TileMatrix w = a.copy(); TileMatrix diag = TileMatrix.allocate(a.nb() * nt, a.nb(), a.nb())) {
            for (int k = 0; k < nt; k++) lower[k] = masked(l.tile(k, k), diag.tile(k, 0), false, false);
            weft.region(r -> {
                for (int i = 0; i < nt; i++)
                    for (int j = 0; j <= i; j++)
                        for (int k = 0; k <= j; k++) {
                            Matrix lik = k == i ? lower[k] : l.tile(i, k), ljk = k == j ? lower[k] : l.tile(j, k);
                            r.spawn(Residuals::subtractProduct, in(lik), in(ljk), inOut(w.tile(i, j)), Op.TRANS);
                        }
            });
            return symmetricLowerNorm(w) / symmetricLowerNorm(a);
        }
    }

    /** {@code ||A - L * U||_F / ||A||_F} for {@code lu} from {@link LU#factor} of {@code a}. */
    public static double lu(Weft weft, TileMatrix a, TileMatrix lu) {
        sameShape(a, lu);
        int nt = a.rowTiles();
        Matrix[] lower = new Matrix[nt], upper = new Matrix[nt];
        try (TileMatrix w = a.copy(); TileMatrix diag = TileMatrix.allocate(a.nb() * nt, 2 * a.nb(), a.nb())) {
            for (int k = 0; k < nt; k++) {
                lower[k] = masked(lu.tile(k, k), diag.tile(k, 0), false, true);
                upper[k] = masked(lu.tile(k, k), diag.tile(k, 1), true, false);
            }
            weft.region(r -> {
                for (int i = 0; i < nt; i++)
                    for (int j = 0; j < nt; j++)
                        for (int k = 0; k <= Math.min(i, j); k++) {
                            Matrix lik = k == i ? lower[k] : lu.tile(i, k), ukj = k == j ? upper[k] : lu.tile(k, j);
                            r.spawn(Residuals::subtractProduct, in(lik), in(ukj), inOut(w.tile(i, j)), Op.NO_TRANS);
                        }
            });
            return norm(w) / norm(a);
        }
    }

    /**
     * {@code ||Q^T * A - R||_F / ||A||_F} for {@code qr} from {@link QR#factor} of {@code a}: applies the
     * computed Q^T to a copy of A and compares it with the computed R (zero below the diagonal). Since Q is
     * orthogonal this equals {@code ||A - Q * R||_F / ||A||_F}.
     */
    public static double qr(Weft weft, TileMatrix a, QR qr) {
        TileMatrix f = qr.factored();
        sameShape(a, f);
        try (TileMatrix w = f.copy()) {   // stored and placed as the factored matrix, which Q's tasks need
            w.copyFrom(a);
            qr.applyQTranspose(weft, w);
            double s = 0;
            for (int j = 0; j < a.cols(); j++)
                for (int i = 0; i < a.rows(); i++) {
                    double d = w.get(i, j) - (i <= j ? f.get(i, j) : 0);
                    s += d * d;
                }
            return Math.sqrt(s) / norm(a);
        }
    }

    /**
     * A randomized check of {@code C = A * B} (Freivalds): {@code ||C x - A (B x)|| / (||A||_F ||B||_F ||x||)}
     * for a random vector {@code x}. {@code O(n^2)} instead of the product's {@code O(n^3)}; a wrong tile
     * of C shows with probability 1.
     */
    public static double product(TileMatrix a, TileMatrix b, TileMatrix c, long seed) {
        if (a.cols() != b.rows() || c.rows() != a.rows() || c.cols() != b.cols())
            throw new IllegalArgumentException("C (" + c.rows() + " x " + c.cols() + ") is not the product of A (" + a.rows() + " x " + a.cols()
                    + ") and B (" + b.rows() + " x " + b.cols() + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[b.cols()];
        for (int i = 0; i < x.length; i++) x[i] = 2 * rnd.nextDouble() - 1;
        double[] cx = multiply(c, x), abx = multiply(a, multiply(b, x));
        double d = 0, nx = 0;
        for (int i = 0; i < cx.length; i++) d += (cx[i] - abx[i]) * (cx[i] - abx[i]);
        for (double v : x) nx += v * v;
        return Math.sqrt(d) / (norm(a) * norm(b) * Math.sqrt(nx));
    }

    /** The Frobenius norm of a tiled matrix. */
    public static double norm(TileMatrix a) {
        double s = 0;
        for (int j = 0; j < a.colTiles(); j++)
            for (int i = 0; i < a.rowTiles(); i++) {
                double f = Matrices.frobenius(a.tile(i, j));
                s += f * f;
            }
        return Math.sqrt(s);
    }

    private static void subtractProduct(Matrix x, Matrix y, Matrix w, Op opY) {
        Kernels.gemm(Op.NO_TRANS, opY, -1.0, x, y, 1.0, w);
    }

    /** Copies {@code tile} into {@code into} keeping its lower ({@code upper == false}) or upper triangle, zero elsewhere. */
    private static Matrix masked(Matrix tile, Matrix into, boolean upper, boolean unitDiagonal) {
        Matrix m = into.block(0, 0, tile.rows(), tile.cols());
        for (int j = 0; j < tile.cols(); j++)
            for (int i = 0; i < tile.rows(); i++) {
                boolean keep = upper ? i <= j : i >= j;
                double v = !keep ? 0 : i == j && unitDiagonal ? 1 : tile.get(i, j);
                m.set(i, j, v);
            }
        return m;
    }

    /** The Frobenius norm of the symmetric matrix whose lower triangle {@code a} holds. */
    private static double symmetricLowerNorm(TileMatrix a) {
        double s = 0;
        for (int j = 0; j < a.cols(); j++)
            for (int i = j; i < a.rows(); i++) {
                double v = a.get(i, j);
                s += (i == j ? 1 : 2) * v * v;
            }
        return Math.sqrt(s);
    }

    private static double[] multiply(TileMatrix a, double[] x) {
        double[] y = new double[a.rows()];
        for (int tj = 0; tj < a.colTiles(); tj++)
            for (int ti = 0; ti < a.rowTiles(); ti++) {
                Matrix t = a.tile(ti, tj);
                int i0 = ti * a.mb(), j0 = tj * a.nb();
                for (int j = 0; j < t.cols(); j++) {
                    double xj = x[j0 + j];
                    for (int i = 0; i < t.rows(); i++) y[i0 + i] += t.get(i, j) * xj;
                }
            }
        return y;
    }

    private static void sameShape(TileMatrix a, TileMatrix f) {
        if (a.rows() != f.rows() || a.cols() != f.cols() || a.mb() != f.mb() || a.nb() != f.nb())
            throw new IllegalArgumentException("the factored matrix (" + f + ") does not match the original (" + a + ")");
    }
}
