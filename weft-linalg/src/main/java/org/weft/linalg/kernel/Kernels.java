package org.weft.linalg.kernel;

import org.weft.data.Matrix;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Dense kernels on {@link Matrix} views, run on the calling thread by the system's OpenBLAS: the level-3 BLAS
 * of the tiled algorithms (gemm, trsm, syrk), the LAPACK tile kernels (potrf; geqrt, gemqrt, tpqrt, tpmqrt
 * as in PLASMA's tiled QR), LU without pivoting, and whole-matrix LAPACK factorizations (potrf, getrf, geqrf)
 * that serve as references.
 *
 * <p>Shapes come from the views: each kernel checks them and throws {@link IllegalArgumentException} naming
 * the mismatch before any native code runs. Views over native memory are passed in place; views over the
 * heap are staged through native copies (see {@code NativeCall}), which costs a copy per call; a task placed in
 * an off-heap memory space receives its heap views over native replicas, which are passed in place. Failures that
 * LAPACK reports through {@code INFO > 0} (a non-positive pivot) are returned, not thrown, so that callers can
 * say which tile failed.
 *
 * <p>Thread-safe: every call works on its own arguments; callers order calls that share data.
 */
public final class Kernels {
    /** Which side the triangular or orthogonal matrix is applied from. */
    public enum Side {
        LEFT(141, 'L'), RIGHT(142, 'R');
        final int cblas;
        final char fortran;

        Side(int cblas, char fortran) {
            this.cblas = cblas;
            this.fortran = fortran;
        }
    }

    /** Which triangle of a matrix holds the data. */
    public enum Uplo {
        UPPER(121, 'U'), LOWER(122, 'L');
        final int cblas;
        final char fortran;

        Uplo(int cblas, char fortran) {
            this.cblas = cblas;
            this.fortran = fortran;
        }
    }

    /** Whether an operand is used as it is or transposed. */
    public enum Op {
        NO_TRANS(111, 'N'), TRANS(112, 'T');
        final int cblas;
        final char fortran;

        Op(int cblas, char fortran) {
            this.cblas = cblas;
            this.fortran = fortran;
        }
    }

    /** Whether a triangular matrix has a unit diagonal that is not stored. */
    public enum Diag {
        NON_UNIT(131), UNIT(132);
        final int cblas;

        Diag(int cblas) {
            this.cblas = cblas;
        }
    }

    private static final int COL_MAJOR = 102;
    /** Below this many columns, LU without pivoting runs its unblocked loop. */
    private static final int LU_BASE_COLUMNS = 16;

    private Kernels() {
    }

    /**
     * How many matrix arguments kernel calls have copied into native scratch since the process started: one per heap
     * matrix per call (see {@code NativeCall}); native matrices, and the tiles a task placed in an off-heap space
     * receives, are passed in place and not counted. For checking that a placement removed the staging; the count
     * is process-wide, so it is exact only while nothing else calls kernels.
     */
    public static long stagedMatrices() {
        return NativeCall.STAGED.sum();
    }

    /** The configuration string of the OpenBLAS in use; loads it, or throws its {@code NativeLibraryException}. */
    public static String openBlasConfig() {
        return OpenBlas.get().config;
    }

    /** {@code C = alpha * op(A) * op(B) + beta * C}. */
    public static void gemm(Op opA, Op opB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        int m = c.rows(), n = c.cols();
        int k = opA == Op.NO_TRANS ? a.cols() : a.rows();
        requireShape("gemm: op(A)", a, opA, m, k);
        requireShape("gemm: op(B)", b, opB, k, n);
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr pa = call.read(a), pb = call.read(b), pc = call.write(c);
            blas.dgemm.invokeExact(COL_MAJOR, opA.cblas, opB.cblas, m, n, k, alpha, pa.at(), pa.ld(), pb.at(), pb.ld(), beta, pc.at(), pc.ld());
        } catch (Throwable t) {
            throw rethrow("gemm", t);
        }
    }

    /** Solves {@code op(A) * X = alpha * B} ({@code LEFT}) or {@code X * op(A) = alpha * B}; X replaces B. */
    public static void trsm(Side side, Uplo uplo, Op opA, Diag diag, double alpha, Matrix a, Matrix b) {
        int order = side == Side.LEFT ? b.rows() : b.cols();
        requireSquare("trsm: A", a, order);
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr pa = call.read(a), pb = call.write(b);
            trsm(blas, side, uplo, opA, diag, b.rows(), b.cols(), alpha, pa.at(), pa.ld(), pb.at(), pb.ld());
        } catch (Throwable t) {
            throw rethrow("trsm", t);
        }
    }

    /** {@code C = alpha * op(A) * op(A)^T + beta * C} on the {@code uplo} triangle of C only. */
    public static void syrk(Uplo uplo, Op opA, double alpha, Matrix a, double beta, Matrix c) {
        int n = c.rows();
        requireSquare("syrk: C", c, n);
        int k = opA == Op.NO_TRANS ? a.cols() : a.rows();
        requireShape("syrk: op(A)", a, opA, n, k);
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr pa = call.read(a), pc = call.write(c, uplo);
            blas.dsyrk.invokeExact(COL_MAJOR, uplo.cblas, opA.cblas, n, k, alpha, pa.at(), pa.ld(), beta, pc.at(), pc.ld());
        } catch (Throwable t) {
            throw rethrow("syrk", t);
        }
    }

    /**
     * Cholesky factorization of the symmetric positive definite {@code a} in its {@code uplo} triangle (the
     * other is not referenced). Returns LAPACK's INFO: 0, or {@code q > 0} when the leading minor of order
     * {@code q} is not positive definite (the factorization then stopped, and {@code a} is partly overwritten).
     */
    public static int potrf(Uplo uplo, Matrix a) {
        return potrf(uplo, a, false);
    }

    /**
     * {@link #potrf}, except that on failure {@code a} is restored to what it held before the call, at the
     * cost of copying its {@code uplo} triangle (the only part potrf writes) before it.
     */
    public static int potrfOrRestore(Uplo uplo, Matrix a) {
        return potrf(uplo, a, true);
    }

    private static int potrf(Uplo uplo, Matrix a, boolean restore) {
        requireSquare("potrf: A", a, a.rows());
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            MemorySegment saved = restore ? call.backup(a, uplo) : null;   // potrf writes only its triangle
            NativeCall.Ptr pa = call.write(a, uplo);
            MemorySegment info = call.intOut();
            blas.dpotrf.invokeExact(call.chr(uplo.fortran), call.i32(a.rows()), pa.at(), call.i32(pa.ld()), info, 1L);
            int result = checkInfo("potrf", info.get(JAVA_INT, 0));
            if (result != 0 && restore) call.restoreAtClose(saved, a, uplo);
            return result;
        } catch (Throwable t) {
            throw rethrow("potrf", t);
        }
    }

    /**
     * QR factorization of the {@code m x n} tile {@code a} ({@code m >= n}) with compact WY blocks of
     * {@code ib = t.rows()} columns: R replaces the upper triangle, the Householder vectors the strict lower
     * part, and {@code t} ({@code ib x n}) receives the block reflectors' triangular factors (LAPACK dgeqrt).
     */
    public static void geqrt(Matrix a, Matrix t) {
        int m = a.rows(), n = a.cols(), ib = t.rows();
        if (m < n) throw new IllegalArgumentException("geqrt: A is " + dims(a) + "; needs rows >= columns");
        requireBlock("geqrt", ib, n);
        requireCols("geqrt: T", t, n);
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr pa = call.write(a), pt = call.write(t);
            MemorySegment info = call.intOut();
            blas.dgeqrt.invokeExact(call.i32(m), call.i32(n), call.i32(ib), pa.at(), call.i32(pa.ld()), pt.at(), call.i32(pt.ld()),
                    call.doubles((long) ib * n), info);
            checkInfo("geqrt", info.get(JAVA_INT, 0));
        } catch (Throwable t2) {
            throw rethrow("geqrt", t2);
        }
    }

    /**
     * Applies {@code Q} or {@code Q^T} of a {@link #geqrt} factorization, whose vectors are the strict lower
     * part of {@code v} ({@code m x k}, unit diagonal implied) and whose factors are {@code t}
     * ({@code ib x k}), to {@code c} from the {@code side} (LAPACK dgemqrt).
     */
    public static void gemqrt(Side side, Op op, Matrix v, Matrix t, Matrix c) {
        int k = t.cols(), ib = t.rows(), m = c.rows(), n = c.cols();
        int q = side == Side.LEFT ? m : n;
        if (v.rows() != q || v.cols() < k)
            throw new IllegalArgumentException("gemqrt: V is " + dims(v) + "; needs " + q + " rows and at least " + k + " columns");
        requireBlock("gemqrt", ib, k);
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr pv = call.read(v), pt = call.read(t), pc = call.write(c);
            MemorySegment info = call.intOut();
            blas.dgemqrt.invokeExact(call.chr(side.fortran), call.chr(op.fortran), call.i32(m), call.i32(n), call.i32(k), call.i32(ib),
                    pv.at(), call.i32(pv.ld()), pt.at(), call.i32(pt.ld()), pc.at(), call.i32(pc.ld()),
                    call.doubles((long) ib * (side == Side.LEFT ? n : m)), info, 1L, 1L);
            checkInfo("gemqrt", info.get(JAVA_INT, 0));
        } catch (Throwable t2) {
            throw rethrow("gemqrt", t2);
        }
    }

    /**
     * QR factorization of the triangle-over-square pair {@code [A; B]}: {@code a} is {@code n x n} upper
     * triangular (an R), {@code b} is {@code m x n}. The new R replaces the upper triangle of {@code a},
     * the Householder vectors replace {@code b}, and {@code t} ({@code ib x n}) receives the factors
     * (LAPACK dtpqrt with a rectangular B, as PLASMA's tsqrt).
     */
    public static void tpqrt(Matrix a, Matrix b, Matrix t) {
        int n = a.cols(), m = b.rows(), ib = t.rows();
        requireSquare("tpqrt: A", a, n);
        requireCols("tpqrt: B", b, n);
        requireCols("tpqrt: T", t, n);
        requireBlock("tpqrt", ib, n);
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            // dtpqrt reads and writes only the upper triangle of A (its R); the vectors below stay untouched.
            NativeCall.Ptr pa = call.write(a, Uplo.UPPER), pb = call.write(b), pt = call.write(t);
            MemorySegment info = call.intOut();
            blas.dtpqrt.invokeExact(call.i32(m), call.i32(n), call.i32(0), call.i32(ib), pa.at(), call.i32(pa.ld()), pb.at(), call.i32(pb.ld()),
                    pt.at(), call.i32(pt.ld()), call.doubles((long) ib * n), info);
            checkInfo("tpqrt", info.get(JAVA_INT, 0));
        } catch (Throwable t2) {
            throw rethrow("tpqrt", t2);
        }
    }

    /**
     * Applies the block reflector of a {@link #tpqrt} ({@code v}: its {@code m x k} vectors, {@code t}: its
     * factors) to the pair {@code [A; B]} from the left ({@code a} is {@code k x n}, {@code b} is
     * {@code m x n}) or from the right ({@code a} is {@code n x k}... see LAPACK dtpmqrt), as PLASMA's tsmqr.
     */
    public static void tpmqrt(Side side, Op op, Matrix v, Matrix t, Matrix a, Matrix b) {
        int k = t.cols(), ib = t.rows(), m = b.rows(), n = b.cols();
        requireBlock("tpmqrt", ib, k);
        int vRows = side == Side.LEFT ? m : n;
        if (v.rows() != vRows || v.cols() != k)
            throw new IllegalArgumentException("tpmqrt: V is " + dims(v) + "; needs " + vRows + " x " + k);
        if (side == Side.LEFT ? a.rows() != k || a.cols() != n : a.rows() != m || a.cols() != k)
            throw new IllegalArgumentException("tpmqrt: A is " + dims(a) + "; needs " + (side == Side.LEFT ? k + " x " + n : m + " x " + k));
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr pv = call.read(v), pt = call.read(t), pa = call.write(a), pb = call.write(b);
            MemorySegment info = call.intOut();
            blas.dtpmqrt.invokeExact(call.chr(side.fortran), call.chr(op.fortran), call.i32(m), call.i32(n), call.i32(k), call.i32(0), call.i32(ib),
                    pv.at(), call.i32(pv.ld()), pt.at(), call.i32(pt.ld()), pa.at(), call.i32(pa.ld()), pb.at(), call.i32(pb.ld()),
                    call.doubles((long) ib * (side == Side.LEFT ? n : m)), info, 1L, 1L);
            checkInfo("tpmqrt", info.get(JAVA_INT, 0));
        } catch (Throwable t2) {
            throw rethrow("tpmqrt", t2);
        }
    }

    /**
     * LU factorization without pivoting, {@code A = L * U} with L unit lower triangular, of the {@code m x n}
     * matrix {@code a} ({@code m >= n}) in place. Returns 0, or {@code q > 0} if the pivot in column {@code q}
     * (from 1) is zero or not finite; the factorization stopped there. Stable for diagonally dominant
     * matrices, which is what it is for.
     *
     * <p>Recursive on column halves (LAPACK's dgetrf2 without the pivot search): the left half is factored,
     * the top right block solved with its unit lower triangle (trsm), the bottom right updated (gemm) and
     * factored; below {@value #LU_BASE_COLUMNS} columns a plain loop does it. Nearly all flops are in trsm and gemm.
     */
    public static int getrfNoPivot(Matrix a) {
        return getrfNoPivot(a, false);
    }

    /** {@link #getrfNoPivot}, except that on failure {@code a} is restored to what it held before the call (at the cost of a copy). */
    public static int getrfNoPivotOrRestore(Matrix a) {
        return getrfNoPivot(a, true);
    }

    private static int getrfNoPivot(Matrix a, boolean restore) {
        if (a.rows() < a.cols()) throw new IllegalArgumentException("getrf (no pivoting): A is " + dims(a) + "; needs rows >= columns");
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            MemorySegment saved = restore ? call.backup(a, null) : null;
            NativeCall.Ptr pa = call.write(a);
            int info = luRecursive(blas, pa.at(), pa.ld(), a.rows(), a.cols());
            if (info != 0 && restore) call.restoreAtClose(saved, a, null);
            return info;
        } catch (Throwable t) {
            throw rethrow("getrf (no pivoting)", t);
        }
    }

    /** Whole-matrix LU with partial pivoting (LAPACK dgetrf); {@code ipiv} receives the 1-based pivot rows. Returns INFO. */
    public static int getrf(Matrix a, int[] ipiv) {
        int m = a.rows(), n = a.cols();
        if (ipiv.length < Math.min(m, n)) throw new IllegalArgumentException("getrf: ipiv has " + ipiv.length + " entries; needs " + Math.min(m, n));
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr pa = call.write(a);
            MemorySegment piv = call.ints(Math.min(m, n));
            MemorySegment info = call.intOut();
            blas.dgetrf.invokeExact(call.i32(m), call.i32(n), pa.at(), call.i32(pa.ld()), piv, info);
            MemorySegment.copy(piv, JAVA_INT, 0, ipiv, 0, Math.min(m, n));
            return checkInfo("getrf", info.get(JAVA_INT, 0));
        } catch (Throwable t) {
            throw rethrow("getrf", t);
        }
    }

    /** Whole-matrix QR (LAPACK dgeqrf): R in the upper triangle, vectors below, {@code tau} the scalars. */
    public static void geqrf(Matrix a, double[] tau) {
        int m = a.rows(), n = a.cols();
        if (tau.length < Math.min(m, n)) throw new IllegalArgumentException("geqrf: tau has " + tau.length + " entries; needs " + Math.min(m, n));
        OpenBlas blas = OpenBlas.get();
        try (NativeCall call = new NativeCall()) {
            NativeCall.Ptr pa = call.write(a);
            MemorySegment ptau = call.doubles(Math.min(m, n));
            MemorySegment query = call.doubles(1), info = call.intOut();
            blas.dgeqrf.invokeExact(call.i32(m), call.i32(n), pa.at(), call.i32(pa.ld()), ptau, query, call.i32(-1), info);
            int lwork = Math.max(1, (int) query.get(JAVA_DOUBLE, 0));
            blas.dgeqrf.invokeExact(call.i32(m), call.i32(n), pa.at(), call.i32(pa.ld()), ptau, call.doubles(lwork), call.i32(lwork), info);
            checkInfo("geqrf", info.get(JAVA_INT, 0));
            MemorySegment.copy(ptau, JAVA_DOUBLE, 0, tau, 0, Math.min(m, n));
        } catch (Throwable t) {
            throw rethrow("geqrf", t);
        }
    }

    private static void trsm(OpenBlas blas, Side side, Uplo uplo, Op op, Diag diag, int m, int n, double alpha,
                             MemorySegment a, int lda, MemorySegment b, int ldb) throws Throwable {
        blas.dtrsm.invokeExact(COL_MAJOR, side.cblas, uplo.cblas, op.cblas, diag.cblas, m, n, alpha, a, lda, b, ldb);
    }

    private static int luRecursive(OpenBlas blas, MemorySegment a, int lda, int m, int n) throws Throwable {
        if (n <= LU_BASE_COLUMNS) return luUnblocked(a, lda, m, n);
        int n1 = n / 2, n2 = n - n1;
        int info = luRecursive(blas, a, lda, m, n1);
        if (info != 0) return info;
        MemorySegment a12 = at(a, lda, 0, n1), a21 = at(a, lda, n1, 0), a22 = at(a, lda, n1, n1);
        trsm(blas, Side.LEFT, Uplo.LOWER, Op.NO_TRANS, Diag.UNIT, n1, n2, 1.0, a, lda, a12, lda);
        blas.dgemm.invokeExact(COL_MAJOR, Op.NO_TRANS.cblas, Op.NO_TRANS.cblas, m - n1, n2, n1, -1.0, a21, lda, a12, lda, 1.0, a22, lda);
        info = luRecursive(blas, a22, lda, m - n1, n2);
        return info == 0 ? 0 : info + n1;
    }

    private static int luUnblocked(MemorySegment a, int lda, int m, int n) {
        for (int k = 0; k < n; k++) {
            double pivot = a.getAtIndex(JAVA_DOUBLE, k + (long) k * lda);
            if (pivot == 0 || !Double.isFinite(pivot)) return k + 1;
            double inv = 1 / pivot;
            long col = (long) k * lda;
            for (int i = k + 1; i < m; i++) a.setAtIndex(JAVA_DOUBLE, i + col, a.getAtIndex(JAVA_DOUBLE, i + col) * inv);
            for (int j = k + 1; j < n; j++) {
                long cj = (long) j * lda;
                double akj = a.getAtIndex(JAVA_DOUBLE, k + cj);
                if (akj == 0) continue;
                for (int i = k + 1; i < m; i++)
                    a.setAtIndex(JAVA_DOUBLE, i + cj, a.getAtIndex(JAVA_DOUBLE, i + cj) - a.getAtIndex(JAVA_DOUBLE, i + col) * akj);
            }
        }
        return 0;
    }

    private static MemorySegment at(MemorySegment a, int lda, int i, int j) {
        return a.asSlice((i + (long) j * lda) * Double.BYTES);
    }

    private static int checkInfo(String kernel, int info) {
        if (info < 0) throw new IllegalArgumentException(kernel + ": LAPACK rejected argument " + (-info));
        return info;
    }

    private static RuntimeException rethrow(String kernel, Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(kernel + " failed: " + t, t);
    }

    private static void requireShape(String what, Matrix x, Op op, int rows, int cols) {
        int r = op == Op.NO_TRANS ? x.rows() : x.cols(), c = op == Op.NO_TRANS ? x.cols() : x.rows();
        if (r != rows || c != cols)
            throw new IllegalArgumentException(what + " is " + r + " x " + c + "; the other operands need " + rows + " x " + cols);
    }

    private static void requireSquare(String what, Matrix x, int order) {
        if (x.rows() != order || x.cols() != order)
            throw new IllegalArgumentException(what + " is " + dims(x) + "; needs " + order + " x " + order);
    }

    private static void requireCols(String what, Matrix x, int cols) {
        if (x.cols() != cols) throw new IllegalArgumentException(what + " is " + dims(x) + "; needs " + cols + " columns");
    }

    private static void requireBlock(String kernel, int ib, int n) {
        if (ib < 1 || ib > n) throw new IllegalArgumentException(kernel + ": block size (rows of T) " + ib + " must be in 1.." + n);
    }

    private static String dims(Matrix x) {
        return x.rows() + " x " + x.cols();
    }
}
