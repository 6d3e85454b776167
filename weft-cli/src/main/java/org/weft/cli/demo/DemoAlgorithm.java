package org.weft.cli.demo;

import org.weft.Weft;
import org.weft.linalg.Cholesky;
import org.weft.linalg.Gemm;
import org.weft.linalg.Matrices;
import org.weft.linalg.Residuals;
import org.weft.linalg.TileMatrix;
import org.weft.linalg.kernel.Kernels.Op;

import java.util.concurrent.atomic.LongAdder;

/**
 * The algorithms {@code weft demo} runs: each makes its random input, factors (or multiplies) it on a Weft
 * runtime with a progress counter, and checks the result by a relative residual that a backward-stable
 * computation keeps far below {@code 30 * N * eps} (the LAPACK test suite's threshold).
 */
public enum DemoAlgorithm {
    CHOLESKY("tiled Cholesky factorization A = L*L^T of a random SPD matrix", "||A - L*L^T||_F / ||A||_F", 3, "factorization") {
        @Override
        public Problem prepare(int n, int nb, long seed) {
            return new Problem(Matrices.spd(n, nb, seed));
        }

        @Override
        public long tasks(int tiles) {
            return Cholesky.taskCount(tiles);
        }

        @Override
        public double flops(int n) {
            return Cholesky.flops(n);
        }

        @Override
        public void compute(Weft weft, Problem p, int ib, LongAdder progress) {
            Cholesky.factor(weft, p.work, progress);
        }

        @Override
        public double check(Weft weft, Problem p) {
            return Residuals.cholesky(weft, p.original, p.work);
        }
    },
    LU("tiled LU factorization A = L*U without pivoting of a random diagonally dominant matrix", "||A - L*U||_F / ||A||_F", 3, "factorization") {
        @Override
        public Problem prepare(int n, int nb, long seed) {
            return new Problem(Matrices.diagonallyDominant(n, nb, seed));
        }

        @Override
        public long tasks(int tiles) {
            return org.weft.linalg.LU.taskCount(tiles);
        }

        @Override
        public double flops(int n) {
            return org.weft.linalg.LU.flops(n);
        }

        @Override
        public void compute(Weft weft, Problem p, int ib, LongAdder progress) {
            org.weft.linalg.LU.factor(weft, p.work, progress);
        }

        @Override
        public double check(Weft weft, Problem p) {
            return Residuals.lu(weft, p.original, p.work);
        }
    },
    QR("tiled QR factorization A = Q*R (PLASMA's tile algorithm) of a random matrix", "||Q^T*A - R||_F / ||A||_F", 4, "factorization") {
        @Override
        public Problem prepare(int n, int nb, long seed) {
            return new Problem(Matrices.uniform(n, n, nb, seed));
        }

        @Override
        public long tasks(int tiles) {
            return org.weft.linalg.QR.taskCount(tiles, tiles);
        }

        @Override
        public double flops(int n) {
            return org.weft.linalg.QR.flops(n, n);
        }

        @Override
        public void compute(Weft weft, Problem p, int ib, LongAdder progress) {
            p.qr = org.weft.linalg.QR.factor(weft, p.work, ib, progress);
        }

        @Override
        public double check(Weft weft, Problem p) {
            return Residuals.qr(weft, p.original, p.qr);
        }
    },
    GEMM("tiled matrix product C = A*B of two random matrices", "||C*x - A*(B*x)|| / (||A||_F ||B||_F ||x||), x random", 4, "product") {
        @Override
        public Problem prepare(int n, int nb, long seed) {
            Problem p = new Problem(Matrices.uniform(n, n, nb, seed));
            try {
                p.b = Matrices.uniform(n, n, nb, seed + 1);
                p.c = TileMatrix.allocate(n, n, nb);
            } catch (Throwable t) {
                p.close();
                throw t;
            }
            return p;
        }

        @Override
        public long tasks(int tiles) {
            return Gemm.taskCount(tiles, tiles, tiles);
        }

        @Override
        public double flops(int n) {
            return Gemm.flops(n, n, n);
        }

        @Override
        public void compute(Weft weft, Problem p, int ib, LongAdder progress) {
            Gemm.multiply(weft, Op.NO_TRANS, Op.NO_TRANS, 1.0, p.original, p.b, 0.0, p.c, progress);
        }

        @Override
        public double check(Weft weft, Problem p) {
            return Residuals.product(p.original, p.b, p.c, 7);
        }
    };

    /** A sentence for the header line. */
    public final String description;
    /** What {@link #check} measures. */
    public final String residualFormula;
    /** What is timed: "factorization" or "product". */
    public final String computation;
    /** How many matrices of order N are held at once, the check's copy included (tile padding aside). */
    private final int matrices;

    DemoAlgorithm(String description, String residualFormula, int matrices, String computation) {
        this.description = description;
        this.residualFormula = residualFormula;
        this.matrices = matrices;
        this.computation = computation;
    }

    /** The memory a run of order {@code n} in tiles of {@code nb} needs for its matrices, in bytes (an estimate from above). */
    public long bytesNeeded(int n, int nb) {
        long padded = (long) ((n + nb - 1) / nb) * nb;
        return matrices * padded * padded * Double.BYTES;
    }

    /** The input of order {@code n} in tiles of {@code nb}, with a copy kept to check against. */
    public abstract Problem prepare(int n, int nb, long seed);

    /** Kernel tasks for {@code tiles x tiles} tiles. */
    public abstract long tasks(int tiles);

    /** The conventional flop count at order {@code n}. */
    public abstract double flops(int n);

    /** Runs on {@code weft}, counting finished tasks in {@code progress}; {@code ib} is QR's inner block size. */
    public abstract void compute(Weft weft, Problem p, int ib, LongAdder progress);

    /** The relative residual of the result. */
    public abstract double check(Weft weft, Problem p);

    /** The matrices of one run; closing frees their native memory. */
    public static final class Problem implements AutoCloseable {
        final TileMatrix original;
        final TileMatrix work;
        TileMatrix b, c;
        org.weft.linalg.QR qr;

        /** Takes over {@code input}, freeing it if its copy cannot be made. */
        Problem(TileMatrix input) {
            this.original = input;
            try {
                this.work = input.copy();
            } catch (Throwable t) {
                input.close();
                throw t;
            }
        }

        /** The number of tile rows. */
        public int tiles() {
            return original.rowTiles();
        }

        @Override
        public void close() {
            original.close();
            work.close();
            if (b != null) b.close();
            if (c != null) c.close();
            if (qr != null) qr.close();
        }
    }
}
