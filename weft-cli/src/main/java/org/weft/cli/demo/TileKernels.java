package org.weft.cli.demo;

import org.weft.data.Matrix;

/**
 * The four tile kernels of a lower Cholesky factorization, in plain Java, on column-major {@link Matrix}
 * tiles backed by {@code double[]}: {@link #potrf}, {@link #trsm}, {@link #syrk} and {@link #gemm}, with the
 * meaning of the LAPACK/BLAS routines of the same names for {@code uplo = 'L'}.
 *
 * <p><b>How they are fast enough.</b> Every kernel is a sequence of one operation, "subtract a linear
 * combination of columns from a column" ({@link #subtractCombination}), whose innermost loop runs down
 * columns, i.e. over consecutive elements, so the JIT vectorizes it. The combination is unrolled four
 * columns at a time: each pass loads and stores the target column once per eight flops instead of once
 * per two. Edge tiles need no special case: every kernel takes its sizes from its arguments, and tiles
 * need not be square where the algorithm allows it.
 *
 * <p>Only the lower triangle of a diagonal tile is read or written; its strict upper triangle is left as
 * it was, as LAPACK does. Kernels check shapes and throw {@link IllegalArgumentException} on a mismatch.
 */
public final class TileKernels {
    private TileKernels() {
    }

    /**
     * Cholesky factorization of the lower triangle of the square tile {@code a}, in place:
     * {@code a = L * L^T}, {@code L} lower triangular with a positive diagonal.
     *
     * @throws ArithmeticException if {@code a} is not positive definite (a pivot is not positive)
     */
    public static void potrf(Matrix a) {
        int n = a.cols();
        requireShape(a.rows() == n, "potrf needs a square tile, not ", a);
        double[] x = storage(a);
        int o = offset(a), ld = a.ld();
        for (int j = 0; j < n; j++) {
            int diag = o + j + j * ld;
            subtractCombination(x, diag, n - j, x, o + j, ld, x, o + j, ld, j);
            double pivot = x[diag];
            if (!(pivot > 0))
                throw new ArithmeticException("potrf: the tile is not positive definite (pivot " + pivot + " in column " + j + ")");
            double d = Math.sqrt(pivot);
            x[diag] = d;
            double inv = 1 / d;
            for (int i = diag + 1, end = diag + n - j; i < end; i++) x[i] *= inv;
        }
    }

    /**
     * Triangular solve from the right with the transpose of a lower triangular tile, in place:
     * {@code b = b * L^-T}, where {@code L} is the lower triangle of the square tile {@code l}.
     */
    public static void trsm(Matrix l, Matrix b) {
        int n = l.cols(), m = b.rows();
        requireShape(l.rows() == n, "trsm needs a square triangular tile, not ", l);
        requireShape(b.cols() == n, "trsm: the tile to solve must have " + n + " columns, not ", b);
        double[] lx = storage(l), bx = storage(b);
        int lo = offset(l), ldl = l.ld(), bo = offset(b), ldb = b.ld();
        for (int j = 0; j < n; j++) {
            int col = bo + j * ldb;
            subtractCombination(bx, col, m, bx, bo, ldb, lx, lo + j, ldl, j);
            double inv = 1 / lx[lo + j + j * ldl];
            for (int i = col; i < col + m; i++) bx[i] *= inv;
        }
    }

    /** Symmetric rank-k update of the lower triangle of the square tile {@code c}: {@code c -= a * a^T}. */
    public static void syrk(Matrix a, Matrix c) {
        int n = c.cols(), k = a.cols();
        requireShape(c.rows() == n, "syrk needs a square tile to update, not ", c);
        requireShape(a.rows() == n, "syrk: the factor must have " + n + " rows, not ", a);
        double[] ax = storage(a), cx = storage(c);
        int ao = offset(a), lda = a.ld(), co = offset(c), ldc = c.ld();
        for (int j = 0; j < n; j++)
            subtractCombination(cx, co + j + j * ldc, n - j, ax, ao + j, lda, ax, ao + j, lda, k);
    }

    /** General update {@code c -= a * b^T}, with {@code c} of m x n, {@code a} of m x k and {@code b} of n x k. */
    public static void gemm(Matrix a, Matrix b, Matrix c) {
        int m = c.rows(), n = c.cols(), k = a.cols();
        requireShape(a.rows() == m, "gemm: the left factor must have " + m + " rows, not ", a);
        requireShape(b.rows() == n && b.cols() == k, "gemm: the right factor must be " + n + " x " + k + ", not ", b);
        double[] ax = storage(a), bx = storage(b), cx = storage(c);
        int ao = offset(a), lda = a.ld(), bo = offset(b), ldb = b.ld(), co = offset(c), ldc = c.ld();
        int j = 0;
        for (; j + 2 <= n; j += 2)
            subtractCombinations(cx, co + j * ldc, co + (j + 1) * ldc, m, ax, ao, lda, bx, bo + j, ldb, k);
        if (j < n) subtractCombination(cx, co + j * ldc, m, ax, ao, lda, bx, bo + j, ldb, k);
    }

    /**
     * {@code y[yo + i] -= sum over l < k of w[wo + l * ldw] * x[xo + l * ldx + i]} for {@code i < len}: subtracts
     * from a column of {@code len} elements the combination of {@code k} columns of {@code x} (ld {@code ldx})
     * with the weights read along a row of {@code w} (ld {@code ldw}). The caller guarantees that the target
     * column is none of the source columns.
     */
    private static void subtractCombination(double[] y, int yo, int len, double[] x, int xo, int ldx,
                                            double[] w, int wo, int ldw, int k) {
        int l = 0;
        for (; l + 4 <= k; l += 4) {
            double w0 = w[wo + l * ldw], w1 = w[wo + (l + 1) * ldw], w2 = w[wo + (l + 2) * ldw], w3 = w[wo + (l + 3) * ldw];
            int x0 = xo + l * ldx, x1 = x0 + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
            for (int i = 0; i < len; i++)
                y[yo + i] -= w0 * x[x0 + i] + w1 * x[x1 + i] + w2 * x[x2 + i] + w3 * x[x3 + i];
        }
        for (; l < k; l++) {
            double wl = w[wo + l * ldw];
            int xl = xo + l * ldx;
            for (int i = 0; i < len; i++) y[yo + i] -= wl * x[xl + i];
        }
    }

    /**
     * {@link #subtractCombination} for two target columns at once, {@code y0} with the weights of row {@code wo}
     * of {@code w} and {@code y1} with those of the next row: each source element loaded serves four flops
     * instead of two, which makes {@link #gemm} about a fifth faster.
     */
    private static void subtractCombinations(double[] y, int y0, int y1, int len, double[] x, int xo, int ldx,
                                             double[] w, int wo, int ldw, int k) {
        int l = 0;
        for (; l + 4 <= k; l += 4) {
            int w0 = wo + l * ldw, w1 = w0 + ldw, w2 = w1 + ldw, w3 = w2 + ldw;
            double u0 = w[w0], u1 = w[w1], u2 = w[w2], u3 = w[w3];
            double v0 = w[w0 + 1], v1 = w[w1 + 1], v2 = w[w2 + 1], v3 = w[w3 + 1];
            int x0 = xo + l * ldx, x1 = x0 + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
            for (int i = 0; i < len; i++) {
                double a0 = x[x0 + i], a1 = x[x1 + i], a2 = x[x2 + i], a3 = x[x3 + i];
                y[y0 + i] -= u0 * a0 + u1 * a1 + u2 * a2 + u3 * a3;
                y[y1 + i] -= v0 * a0 + v1 * a1 + v2 * a2 + v3 * a3;
            }
        }
        for (; l < k; l++) {
            double u = w[wo + l * ldw], v = w[wo + 1 + l * ldw];
            int xl = xo + l * ldx;
            for (int i = 0; i < len; i++) {
                double a = x[xl + i];
                y[y0 + i] -= u * a;
                y[y1 + i] -= v * a;
            }
        }
    }

    private static double[] storage(Matrix m) {
        double[] a = m.array();
        if (a == null) throw new IllegalArgumentException("the tile kernels need tiles backed by a double[], not a memory segment: " + m);
        return a;
    }

    private static int offset(Matrix m) {
        return Math.toIntExact(m.offset());
    }

    private static void requireShape(boolean ok, String message, Matrix m) {
        if (!ok) throw new IllegalArgumentException(message + m.rows() + " x " + m.cols());
    }
}
