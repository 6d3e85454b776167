package org.weft.linalg.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.weft.data.Matrix;
import org.weft.linalg.NativeLibraryException;
import org.weft.linalg.kernel.Kernels.Diag;
import org.weft.linalg.kernel.Kernels.Op;
import org.weft.linalg.kernel.Kernels.Side;
import org.weft.linalg.kernel.Kernels.Uplo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kernel against plain Java arithmetic, on heap views (staged) and native views (in place). */
class KernelsTest {
    private static final double TOL = 1e-12;

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 2 * r.nextDouble() - 1;
        return a;
    }

    /** A native copy of a column-major array, as a view with leading dimension ld. */
    private static Matrix nativeCopy(Arena arena, double[] a, int rows, int cols, int ld) {
        MemorySegment s = arena.allocate(JAVA_DOUBLE, (long) ld * cols);
        for (int j = 0; j < cols; j++) MemorySegment.copy(a, j * rows, s, JAVA_DOUBLE, (long) j * ld * 8, rows);
        return Matrix.wrap(s, rows, cols, ld);
    }

    private static double[] toArray(Matrix m) {
        double[] a = new double[m.rows() * m.cols()];
        for (int j = 0; j < m.cols(); j++) for (int i = 0; i < m.rows(); i++) a[i + j * m.rows()] = m.get(i, j);
        return a;
    }

    @Test
    void gemmMatchesJavaOnHeapAndNativeWithAllTransposes() {
        int m = 7, n = 5, k = 6;
        for (Op oa : Op.values())
            for (Op ob : Op.values()) {
                boolean ta = oa == Op.TRANS, tb = ob == Op.TRANS;
                int ra = ta ? k : m, ca = ta ? m : k, rb = tb ? n : k, cb = tb ? k : n;
                double[] a = random(ra * ca, 1), b = random(rb * cb, 2), c = random(m * n, 3);
                double[] want = c.clone();
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++) {
                        double s = 0;
                        for (int l = 0; l < k; l++)
                            s += (ta ? a[l + i * ra] : a[i + l * ra]) * (tb ? b[j + l * rb] : b[l + j * rb]);
                        want[i + j * m] = 2 * s + 0.5 * c[i + j * m];
                    }
                double[] heapC = c.clone();
                Kernels.gemm(oa, ob, 2, Matrix.wrap(a, ra, ca), Matrix.wrap(b, rb, cb), 0.5, Matrix.wrap(heapC, m, n));
                assertArrayEquals(want, heapC, TOL, oa + " " + ob + " heap");
                try (Arena arena = Arena.ofConfined()) {
                    Matrix nc = nativeCopy(arena, c, m, n, m + 3);
                    Kernels.gemm(oa, ob, 2, nativeCopy(arena, a, ra, ca, ra), nativeCopy(arena, b, rb, cb, rb + 1), 0.5, nc);
                    assertArrayEquals(want, toArray(nc), TOL, oa + " " + ob + " native");
                }
            }
    }

    @Test
    void heapBlockWritesOnlyItsOwnElements() {
        double[] big = random(10 * 10, 4);
        double[] before = big.clone();
        Matrix whole = Matrix.wrap(big, 10, 10);
        Matrix block = whole.block(2, 3, 4, 5);
        double[] a = random(4 * 4, 5);
        Kernels.gemm(Op.NO_TRANS, Op.NO_TRANS, 1, Matrix.wrap(a, 4, 4), Matrix.wrap(random(4 * 5, 6), 4, 5), 0, block);
        for (int j = 0; j < 10; j++)
            for (int i = 0; i < 10; i++) {
                boolean inside = i >= 2 && i < 6 && j >= 3 && j < 8;
                if (!inside) assertEquals(before[i + j * 10], big[i + j * 10], "element (" + i + ", " + j + ") outside the block changed");
            }
    }

    @Test
    void potrfFactorsAndReportsTheFailingMinor() {
        int n = 6;
        double[] g = random(n * n, 7), a = new double[n * n];
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            double s = 0;
            for (int l = 0; l < n; l++) s += g[i + l * n] * g[j + l * n];
            a[i + j * n] = s + (i == j ? n : 0);
        }
        double[] l = a.clone();
        assertEquals(0, Kernels.potrf(Uplo.LOWER, Matrix.wrap(l, n, n)));
        for (int j = 0; j < n; j++) for (int i = j; i < n; i++) {
            double s = 0;
            for (int p = 0; p <= j; p++) s += l[i + p * n] * l[j + p * n];
            assertEquals(a[i + j * n], s, 1e-10);
        }
        double[] bad = a.clone();
        bad[3 + 3 * n] = -100;
        assertEquals(4, Kernels.potrf(Uplo.LOWER, Matrix.wrap(bad, n, n)));
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {40, 512})   // 512: OpenBLAS's blocked potrf, not only its unblocked base
    void failedFactorizationsRestoreTheirInputOnHeapAndNativeViews(int n) {
        double[] a = random(n * n, 15);
        for (int i = 0; i < n; i++) a[i + i * n] = i == 33 ? -5 : n;   // not positive definite at order 34
        for (int j = 0; j < n; j++) for (int i = 0; i < j; i++) a[i + j * n] = Double.NaN;   // potrf must not touch the upper triangle
        double[] heap = a.clone();
        assertEquals(34, Kernels.potrfOrRestore(Uplo.LOWER, Matrix.wrap(heap, n, n)));
        assertArrayEquals(a, heap, 0.0);
        try (Arena arena = Arena.ofConfined()) {
            Matrix m = nativeCopy(arena, a, n, n, n + 2);
            assertEquals(34, Kernels.potrfOrRestore(Uplo.LOWER, m));
            assertArrayEquals(a, toArray(m), 0.0);
            double[] singular = random(n * n, 16);
            for (int i = 0; i < n; i++) singular[i + i * n] += n;
            singular[20 + 20 * n] = 0;
            for (int i = 0; i < n; i++) if (i != 20) { singular[i + 20 * n] = 0; singular[20 + i * n] = 0; }
            Matrix s = nativeCopy(arena, singular, n, n, n);
            assertEquals(21, Kernels.getrfNoPivotOrRestore(s));
            assertArrayEquals(singular, toArray(s), 0.0);
        }
    }

    @Test
    void trsmSolvesEachSideAndTriangle() {
        int n = 5, m = 4;
        for (Side side : Side.values())
            for (Uplo uplo : Uplo.values())
                for (Op op : Op.values())
                    for (Diag diag : Diag.values()) {
                        int order = side == Side.LEFT ? n : m;
                        double[] t = random(order * order, 8);
                        for (int i = 0; i < order; i++) t[i + i * order] += 4;
                        double[] b = random(n * m, 9), x = b.clone();
                        Kernels.trsm(side, uplo, op, diag, 1.5, Matrix.wrap(t, order, order), Matrix.wrap(x, n, m));
                        double[] tri = new double[order * order];
                        for (int j = 0; j < order; j++) for (int i = 0; i < order; i++) {
                            boolean in = uplo == Uplo.LOWER ? i >= j : i <= j;
                            double v = i == j && diag == Diag.UNIT ? 1 : in ? t[i + j * order] : 0;
                            if (op == Op.TRANS) tri[j + i * order] = v; else tri[i + j * order] = v;
                        }
                        double[] back = side == Side.LEFT ? multiply(tri, order, x, n, m) : multiply(x, n, tri, m, m);
                        for (int i = 0; i < back.length; i++)
                            assertEquals(1.5 * b[i], back[i], 1e-10, side + " " + uplo + " " + op + " " + diag);
                    }
    }

    private static double[] multiply(double[] a, int ra, double[] b, int rb, int cb) {
        double[] c = new double[ra * cb];
        for (int j = 0; j < cb; j++) for (int l = 0; l < rb; l++) for (int i = 0; i < ra; i++) c[i + j * ra] += a[i + l * ra] * b[l + j * rb];
        return c;
    }

    @Test
    void syrkUpdatesOnlyItsTriangle() {
        int n = 5, k = 3;
        double[] a = random(n * k, 10), c = random(n * n, 11), got = c.clone();
        Kernels.syrk(Uplo.LOWER, Op.NO_TRANS, -1, Matrix.wrap(a, n, k), 1, Matrix.wrap(got, n, n));
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            double s = 0;
            for (int l = 0; l < k; l++) s += a[i + l * n] * a[j + l * n];
            assertEquals(i >= j ? c[i + j * n] - s : c[i + j * n], got[i + j * n], TOL);
        }
    }

    @Test
    void luWithoutPivotingRecursesCorrectlyPastTheBaseCase() {
        int n = 53;
        double[] a = random(n * n, 12);
        for (int i = 0; i < n; i++) a[i + i * n] += n;
        double[] lu = a.clone();
        assertEquals(0, Kernels.getrfNoPivot(Matrix.wrap(lu, n, n)));
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            double s = 0;
            for (int p = 0; p <= Math.min(i, j); p++) s += (p == i ? 1 : lu[i + p * n]) * lu[p + j * n];
            assertEquals(a[i + j * n], s, 1e-10, "(" + i + ", " + j + ")");
        }
        double[] singular = a.clone();
        for (int i = 0; i < n; i++) singular[i + 30 * n] = singular[i + 29 * n];   // two equal columns
        for (int j = 0; j < n; j++) singular[30 + j * n] = singular[29 + j * n];   // and rows: pivot 31 becomes 0
        int info = Kernels.getrfNoPivot(Matrix.wrap(singular, n, n));
        assertEquals(31, info);
    }

    @Test
    void qrTileKernelsReproduceTheMatrix() {
        // geqrt on the top tile, tpqrt folding the bottom tile in: [A1; A2] = Q [R; 0]; check R^T R = A^T A.
        int n = 8, ib = 3;
        double[] a1 = random(n * n, 13), a2 = random(n * n, 14);
        double[] r = a1.clone(), v2 = a2.clone(), t1 = new double[ib * n], t2 = new double[ib * n];
        Kernels.geqrt(Matrix.wrap(r, n, n), Matrix.wrap(t1, ib, n));
        Kernels.tpqrt(Matrix.wrap(r, n, n), Matrix.wrap(v2, n, n), Matrix.wrap(t2, ib, n));
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            double ata = 0, rtr = 0;
            for (int p = 0; p < n; p++) ata += a1[p + i * n] * a1[p + j * n] + a2[p + i * n] * a2[p + j * n];
            for (int p = 0; p <= Math.min(i, j); p++) rtr += r[p + i * n] * r[p + j * n];
            assertEquals(ata, rtr, 1e-10);
        }
        // Applying Q^T of both steps to [A1; A2] itself gives [R; 0].
        double[] c1 = a1.clone(), c2 = a2.clone();
        Kernels.gemqrt(Side.LEFT, Op.TRANS, Matrix.wrap(r, n, n), Matrix.wrap(t1, ib, n), Matrix.wrap(c1, n, n));
        Kernels.tpmqrt(Side.LEFT, Op.TRANS, Matrix.wrap(v2, n, n), Matrix.wrap(t2, ib, n), Matrix.wrap(c1, n, n), Matrix.wrap(c2, n, n));
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) {
            assertEquals(i <= j ? r[i + j * n] : 0, c1[i + j * n], 1e-10);
            assertEquals(0, c2[i + j * n], 1e-10);
        }
    }

    @Test
    void shapeMismatchesAreRejectedBeforeNativeCode() {
        Matrix a = Matrix.wrap(new double[12], 3, 4), b = Matrix.wrap(new double[12], 3, 4), c = Matrix.wrap(new double[9], 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.gemm(Op.NO_TRANS, Op.NO_TRANS, 1, a, b, 0, c));
        assertTrue(e.getMessage().startsWith("gemm: op(B) is 3 x 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kernels.potrf(Uplo.LOWER, a));
        assertThrows(IllegalArgumentException.class, () -> Kernels.geqrt(c, Matrix.wrap(new double[12], 4, 3)));
    }

    @Test
    void aMissingLibraryNamesThePackageToInstall() {
        NativeLibraryException e = assertThrows(NativeLibraryException.class, () -> new OpenBlas("libweft-no-such-blas.so.0"));
        assertTrue(e.getMessage().contains("apt-get install libopenblas0-pthread"), e.getMessage());
        assertTrue(e.getMessage().contains("libweft-no-such-blas.so.0"), e.getMessage());
    }

    @Test
    void openBlasConfigNamesTheLibrary() {
        assertTrue(Kernels.openBlasConfig().contains("OpenBLAS"), Kernels.openBlasConfig());
    }
}
