package org.weft.bench;

import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.linalg.Cholesky;
import org.weft.linalg.LU;
import org.weft.linalg.Matrices;
import org.weft.linalg.QR;
import org.weft.linalg.Residuals;
import org.weft.linalg.TileMatrix;
import org.weft.linalg.kernel.Kernels;
import org.weft.linalg.kernel.Kernels.Diag;
import org.weft.linalg.kernel.Kernels.Op;
import org.weft.linalg.kernel.Kernels.Side;
import org.weft.linalg.kernel.Kernels.Uplo;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.memory.MemoryStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.SequencedMap;
import java.util.function.Consumer;

/**
 * Weft's side of {@code weft bench linalg}: the tile kernels called from Java, timed as {@code blas_peak
 * kernels} times them in C, and the tiled factorizations on a Weft runtime, timed as the C anchors time
 * theirs (the factorization only, on tile-major storage prepared beforehand, a fresh copy per rep). Each rep
 * becomes one RESULT line; the last measured rep of each factorization is checked by its residual.
 */
final class WeftLinalg {
    /** Each kernel rep runs for at least this long, as in blas_peak. */
    private static final long KERNEL_REP_NANOS = 250_000_000L;
    static final String RT = "weft";
    /** The benchmark's warm-up of a factorization lasts at least one rep and this long, within {@link #MAX_WARMUP_REPS}. */
    static final long WARMUP_NANOS = 6_000_000_000L;
    static final int MAX_WARMUP_REPS = 20;
    /** Largest residual accepted, as the C anchors accept. */
    static final double RESIDUAL_LIMIT = 1e-12;

    private WeftLinalg() {
    }

    /** The four Cholesky tile kernels at {@code nb}, {@code reps} reps each, after one unprinted warm-up rep. */
    static void kernels(int nb, int reps, Consumer<ResultLine> emit) {
        try (TileMatrix spd = Matrices.spd(nb, nb, 7); TileMatrix l = spd.copy(); TileMatrix w = TileMatrix.allocate(nb, nb, nb);
             TileMatrix x = Matrices.uniform(nb, nb, nb, 4); TileMatrix y = Matrices.uniform(nb, nb, nb, 5); TileMatrix z = Matrices.uniform(nb, nb, nb, 6)) {
            Kernels.potrf(Uplo.LOWER, l.tile(0, 0));
            Matrix mw = w.tile(0, 0), ml = l.tile(0, 0), mx = x.tile(0, 0), my = y.tile(0, 0), mz = z.tile(0, 0);
            double n3 = (double) nb * nb * nb;
            String[] names = {"potrf", "trsm", "syrk", "gemm"};
            double[] flops = {n3 / 3, n3, n3, 2 * n3};
            for (int kind = 0; kind < 4; kind++)
                for (int rep = -1; rep < reps; rep++) {
                    long iterations = 0, busy = 0, start = System.nanoTime();
                    ForeignCpu.Sample noise = ForeignCpu.sample();
                    do {
                        if (kind < 2) w.copyFrom(kind == 0 ? spd : x);
                        long s = System.nanoTime();
                        switch (kind) {
                            case 0 -> Kernels.potrf(Uplo.LOWER, mw);
                            case 1 -> Kernels.trsm(Side.RIGHT, Uplo.LOWER, Op.TRANS, Diag.NON_UNIT, 1.0, ml, mw);
                            case 2 -> Kernels.syrk(Uplo.LOWER, Op.NO_TRANS, -1.0, mx, 1.0, mz);
                            default -> Kernels.gemm(Op.NO_TRANS, Op.TRANS, -1.0, mx, my, 1.0, mz);
                        }
                        busy += System.nanoTime() - s;
                        iterations++;
                    } while (System.nanoTime() - start < KERNEL_REP_NANOS);
                    double foreign = ForeignCpu.since(noise);
                    if (rep < 0) continue;
                    SequencedMap<String, String> kv = new LinkedHashMap<>();
                    kv.put("rt", "weft-ffm");
                    kv.put("nb", Integer.toString(nb));
                    kv.put("threads", "1");
                    kv.put("rep", Integer.toString(rep));
                    kv.put("time_us", format("%.2f", busy / 1e3 / iterations));
                    kv.put("gflops", format("%.2f", flops[kind] * iterations / busy));
                    kv.put("foreign", format("%.2f", foreign));
                    emit.accept(new ResultLine("kernel", names[kind], kv));
                }
        }
    }

    /** The result of one factorization rep: it can tell its residual, and frees what it holds on close. */
    private interface Factored extends AutoCloseable {
        double residual(Weft weft, TileMatrix original);

        @Override
        default void close() {
        }
    }

    /** The three factorizations: their input matrices, flop counts and runs. */
    enum Factorization {
        CHOL("chol") {
            TileMatrix input(int n, int nb) { return Matrices.spd(n, nb, 12345); }
            double flops(int n) { return Cholesky.flops(n); }
            Factored factor(Weft weft, TileMatrix w, int ib) {
                Cholesky.factor(weft, w);
                return (rt, a) -> Residuals.cholesky(rt, a, w);
            }
        },
        QRF("qr") {
            TileMatrix input(int n, int nb) { return Matrices.uniform(n, n, nb, 4242); }
            double flops(int n) { return QR.flops(n, n); }
            Factored factor(Weft weft, TileMatrix w, int ib) {
                QR qr = QR.factor(weft, w, ib, null);
                return new Factored() {
                    public double residual(Weft rt, TileMatrix a) { return Residuals.qr(rt, a, qr); }
                    public void close() { qr.close(); }
                };
            }
        },
        LUF("lu") {
            TileMatrix input(int n, int nb) { return Matrices.diagonallyDominant(n, nb, 4242); }
            double flops(int n) { return LU.flops(n); }
            Factored factor(Weft weft, TileMatrix w, int ib) {
                LU.factor(weft, w);
                return (rt, a) -> Residuals.lu(rt, a, w);
            }
        };

        final String bench;

        Factorization(String bench) {
            this.bench = bench;
        }

        abstract TileMatrix input(int n, int nb);
        abstract double flops(int n);
        abstract Factored factor(Weft weft, TileMatrix w, int ib);
    }

    /**
     * {@code reps} measured reps of {@code f} at {@code n, nb} on {@code weft} after unprinted warm-up reps;
     * returns false (after emitting a {@code status=FAIL} line) if the residual check failed.
     *
     * <p>Warm-up: at least one rep, and more until {@code warmupNanos} have passed ({@link #WARMUP_NANOS} in
     * the benchmark; at most
     * {@link #MAX_WARMUP_REPS}), so that the JIT has compiled the runtime's and the kernels' Java paths and
     * gone quiet: compiler threads share the cores with the workers until then. The C programs need none.
     */
    static boolean factorization(Factorization f, Weft weft, int n, int nb, int ib, int reps, long warmupNanos, Consumer<ResultLine> emit) {
        try (TileMatrix a = f.input(n, nb); TileMatrix w = TileMatrix.allocate(n, n, nb)) {
            long warmupStart = System.nanoTime();
            int warmup = 0;
            do {
                w.copyFrom(a);
                f.factor(weft, w, ib).close();
                warmup++;
            } while (warmup < MAX_WARMUP_REPS && System.nanoTime() - warmupStart < warmupNanos);
            for (int rep = 0; rep < reps; rep++) {
                w.copyFrom(a);
                System.gc();
                boolean check = rep == reps - 1;   // the last: compiling the check's code must not overlap a measured rep
                ForeignCpu.Sample noise = ForeignCpu.sample();
                long start = System.nanoTime();
                double seconds, residual = Double.NaN, foreign;
                try (Factored done = f.factor(weft, w, ib)) {
                    seconds = (System.nanoTime() - start) / 1e9;
                    foreign = ForeignCpu.since(noise);
                    if (check) residual = done.residual(weft, a);
                }
                SequencedMap<String, String> kv = new LinkedHashMap<>();
                kv.put("rt", RT);
                kv.put("n", Integer.toString(n));
                kv.put("nb", Integer.toString(nb));
                if (f == Factorization.QRF) kv.put("ib", Integer.toString(ib));
                kv.put("threads", Integer.toString(weft.workers()));
                kv.put("rep", Integer.toString(rep));
                if (check && !(residual < RESIDUAL_LIMIT)) {
                    kv.put("status", "FAIL");
                    kv.put("residual", format("%.2e", residual));
                    emit.accept(new ResultLine(f.bench, RT, kv));
                    return false;
                }
                kv.put("time_s", format("%.4f", seconds));
                kv.put("gflops", format("%.2f", f.flops(n) / seconds / 1e9));
                kv.put("residual", check ? format("%.2e", residual) : "unchecked");
                kv.put("foreign", format("%.2f", foreign));
                emit.accept(new ResultLine(f.bench, RT, kv));
            }
            return true;
        }
    }

    /** Where the matrix of a Cholesky lives in the {@code storage} section, and where its tasks run. */
    enum Storage {
        /** Native {@link TileMatrix}: kernels use the tiles in place, on the host. */
        NATIVE("native"),
        /** Heap {@link TileMatrix} placed in an off-heap space: tiles copied to native replicas once per version. */
        HEAP_OFF_HEAP("heap-offheap"),
        /** Heap {@link TileMatrix} on the host: every kernel call stages its tiles through native scratch. */
        HEAP_STAGED("heap-staged");

        final String variant;

        Storage(String variant) {
            this.variant = variant;
        }

        TileMatrix allocate(int n, int nb, MemorySpace offHeap) {
            return switch (this) {
                case NATIVE -> TileMatrix.allocate(n, n, nb);
                case HEAP_OFF_HEAP -> TileMatrix.allocateOnHeap(n, n, nb, offHeap);
                case HEAP_STAGED -> TileMatrix.allocateOnHeap(n, n, nb);
            };
        }
    }

    /** The bench name of the {@code storage} section's lines. */
    static final String STORAGE_BENCH = "chol-storage";

    /**
     * The same tiled Cholesky of one SPD matrix at {@code n, nb} on the three {@link Storage}s, interleaved: each round
     * runs every storage once, in an order that rotates from round to round, so that drifts of the machine (clock,
     * other load) fall on all three alike; after warm-up rounds ({@code warmupNanos}, as {@link #factorization}),
     * {@code reps} measured rounds, one RESULT line per storage and round ({@code chol-storage <storage> rt=weft}),
     * the last round checked by its residual ({@code order}: the line's place in its round). The heap-through-off-heap lines also carry the copies the round made
     * between the host and the space ({@code copies_in}, {@code copies_out}, {@code mib_in}, {@code mib_out}); the
     * staged lines, how many tiles kernel calls staged ({@code staged}). Returns false (after a {@code status=FAIL}
     * line) if a residual check failed.
     *
     * @param offHeap the space heap matrices are placed in; one per runtime (a runtime refuses two of one name)
     */
    static boolean choleskyStorage(Weft weft, MemorySpace offHeap, int n, int nb, int reps, long warmupNanos, Consumer<ResultLine> emit) {
        Storage[] all = Storage.values();
        TileMatrix[] work = new TileMatrix[all.length];
        try (TileMatrix a = Factorization.CHOL.input(n, nb)) {
            for (int s = 0; s < all.length; s++) work[s] = all[s].allocate(n, nb, offHeap);
            long warmupStart = System.nanoTime();
            int round = 0;
            do {
                for (int s = 0; s < all.length; s++) {
                    work[s].copyFrom(a);
                    Cholesky.factor(weft, work[s]);
                }
                round++;
            } while (round < MAX_WARMUP_REPS && System.nanoTime() - warmupStart < warmupNanos);
            for (int rep = 0; rep < reps; rep++) {
                List<SequencedMap<String, String>> lines = new ArrayList<>();
                for (int s = 0; s < all.length; s++) lines.add(null);
                for (int o = 0; o < all.length; o++) {
                    int s = (rep + o) % all.length;
                    TileMatrix w = work[s];
                    w.copyFrom(a);
                    System.gc();
                    MemoryStats before = weft.memoryStats();
                    long staged = Kernels.stagedMatrices();
                    ForeignCpu.Sample noise = ForeignCpu.sample();
                    long start = System.nanoTime();
                    Cholesky.factor(weft, w);
                    double seconds = (System.nanoTime() - start) / 1e9, foreign = ForeignCpu.since(noise);
                    long stagedNow = Kernels.stagedMatrices() - staged;
                    MemoryStats after = weft.memoryStats();
                    SequencedMap<String, String> kv = new LinkedHashMap<>();
                    kv.put("rt", RT);
                    kv.put("n", Integer.toString(n));
                    kv.put("nb", Integer.toString(nb));
                    kv.put("threads", Integer.toString(weft.workers()));
                    kv.put("rep", Integer.toString(rep));
                    kv.put("order", Integer.toString(o));
                    kv.put("time_s", format("%.4f", seconds));
                    kv.put("gflops", format("%.2f", Cholesky.flops(n) / seconds / 1e9));
                    kv.put("residual", "unchecked");
                    kv.put("foreign", format("%.2f", foreign));
                    if (all[s] == Storage.HEAP_OFF_HEAP) {
                        MemorySpace host = MemorySpaces.host();
                        kv.put("copies_in", Long.toString(after.copies(host, offHeap) - before.copies(host, offHeap)));
                        kv.put("copies_out", Long.toString(after.copies(offHeap, host) - before.copies(offHeap, host)));
                        kv.put("mib_in", format("%.1f", (after.bytes(host, offHeap) - before.bytes(host, offHeap)) / 1048576.0));
                        kv.put("mib_out", format("%.1f", (after.bytes(offHeap, host) - before.bytes(offHeap, host)) / 1048576.0));
                    }
                    if (all[s] == Storage.HEAP_STAGED) kv.put("staged", Long.toString(stagedNow));
                    lines.set(s, kv);
                }
                boolean ok = true;
                if (rep == reps - 1)   // the last round, checked after all three are timed: the check's code compiles outside them
                    for (int s = 0; s < all.length; s++) {
                        double residual = Residuals.cholesky(weft, a, work[s]);
                        lines.get(s).put("residual", format("%.2e", residual));
                        if (!(residual < RESIDUAL_LIMIT)) {
                            lines.get(s).put("status", "FAIL");
                            ok = false;
                        }
                    }
                for (int s = 0; s < all.length; s++) emit.accept(new ResultLine(STORAGE_BENCH, all[s].variant, lines.get(s)));
                if (!ok) return false;
            }
            return true;
        } finally {
            for (TileMatrix w : work) if (w != null) w.close();
        }
    }

    private static String format(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }
}
