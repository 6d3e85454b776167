package org.weft.bench;

import org.weft.Shared;
import org.weft.Weft;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.memory.MemoryStats;
import org.weft.opencl.ClBuffer;
import org.weft.opencl.ClEvent;
import org.weft.opencl.ClKernel;
import org.weft.opencl.ClSpace;
import org.weft.opencl.ClView;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.weft.Access.inOut;

/**
 * {@code weft bench stencil}: an iterative 1-D 3-point stencil (red-black smoothing, in place) over {@code n}
 * doubles, one sweep per region for {@code regions} regions, on an OpenCL device, in four variants measured in the
 * same run: Weft with the array {@linkplain Weft#share shared} (its replica stays on the device: 1 copy in, 1 out),
 * Weft with the raw array (its replica lives for one region: a copy in and out per region, what Dagger.jl's datadeps
 * regions do), a hand-written FFM OpenCL loop with the same kernel (write once, every launch enqueued, read once),
 * the same loop waiting for the device after each sweep (as a task body must before it returns), and the same
 * sweeps in Java on the host as the reference. Every variant's result must equal the host's bit for
 * bit, and the Weft variants' copy counts must be the expected ones; otherwise the command fails.
 *
 * <p>Without an OpenCL device computing in double precision it prints one line saying why and returns 3.
 * Single-threaded driver; not for concurrent use.
 */
public final class StencilRun {
    public static final String USAGE = """
            usage: weft bench stencil [--n N] [--regions R] [--reps K] [--device I] [--workers W]
              An iterative 1-D 3-point stencil (red-black, in place) on an OpenCL device, one sweep per region:
              Weft with a shared array, Weft with the raw array, a hand-written FFM OpenCL loop (enqueueing every
              sweep, or finishing after each), and Java on the host, in the same run; prints copies and bytes moved, and the median and minimum times.
              --n N          doubles in the array (default 2097152 = 2^21, 16 MiB)
              --regions R    regions, one sweep (two kernel launches) each (default 100)
              --reps K       timed repetitions per variant, after one warm-up (default 5)
              --device I     the OpenCL device (index in the platform list; default: the first with fp64)
              --workers W    Weft worker threads (default 2)
            """;

    static final String SOURCE = """
            /* One colour of a red-black 3-point smoothing: phase 0 updates the odd interior points, phase 1 the even ones. */
            __kernel void redBlack(__global double* u, long off, int n, int phase) {
                int i = 2 * get_global_id(0) + (phase == 0 ? 1 : 2);
                if (i < n - 1) u[off + i] = (u[off + i - 1] + u[off + i] + u[off + i + 1]) / 3.0;
            }
            """;

    private record Options(int n, int regions, int reps, int device, int workers) {
    }

    private StencilRun() {
    }

    /** Runs the benchmark with {@code args} (those after {@code stencil}); returns the process exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
            out.print(USAGE);
            return 0;
        }
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("weft bench stencil: " + e.getMessage() + " (see 'weft bench stencil --help')");
            return 2;
        }
        BenchDevice.Pick pick = BenchDevice.pick("weft bench stencil", o.device, err);
        if (pick.device() == null) return pick.exitCode();
        try (ClSpace space = ClSpace.open(pick.device())) {
            return measure(o, space, BenchMain.commandLine(withCommand(args)), out, err);
        } catch (RuntimeException e) {
            err.println("weft bench stencil: " + e);
            return 1;
        }
    }

    private static Options parse(String[] args) {
        int n = 1 << 21, regions = 100, reps = 5, device = -1, workers = 2;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value, or is unknown");
            int v;
            try {
                v = Integer.parseInt(args[++i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + " takes an integer, not '" + args[i] + "'");
            }
            switch (a) {
                case "--n" -> n = atLeast(a, v, 3);
                case "--regions" -> regions = atLeast(a, v, 1);
                case "--reps" -> reps = atLeast(a, v, 1);
                case "--device" -> device = atLeast(a, v, 0);
                case "--workers" -> workers = atLeast(a, v, 1);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new Options(n, regions, reps, device, workers);
    }

    private static int atLeast(String option, int v, int min) {
        if (v < min) throw new IllegalArgumentException(option + " must be at least " + min + ", not " + v);
        return v;
    }

    /** {@code args} after the benchmark's own name, for {@link BenchMain#commandLine}. */
    private static String[] withCommand(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "stencil";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** The task body: both colours of one sweep over {@code u}, finished before it returns. */
    static void sweep(ClView u) {
        ClKernel k = u.space().kernel(SOURCE, "redBlack");
        launch(k, u.buffer(), u.offset(), u.count());
        u.space().context().finish();
    }

    /** Enqueues both colours of one sweep over {@code n} elements of {@code b} from element {@code off}; does not wait. */
    static void launch(ClKernel k, ClBuffer b, long off, int n) {
        long half = Math.max(1, (n - 1) / 2);
        k.arg(0, b).arg(1, off).arg(2, n);
        try (ClEvent odd = k.arg(3, 0).enqueue(new long[]{half}, null);
             ClEvent even = k.arg(3, 1).enqueue(new long[]{half}, null)) {
            // released at once: the in-order queue orders them, the caller finishes
        }
    }

    /** The same sweep in Java, in the same order of operations as the kernel. */
    static void sweepOnHost(double[] u) {
        for (int phase = 0; phase < 2; phase++)
            for (int i = phase == 0 ? 1 : 2; i < u.length - 1; i += 2) u[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
    }

    static double[] initial(int n) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) u[i] = (i * 7919L) % 1009;
        return u;
    }

    private interface Variant {
        /** One run from {@code u} (in place); returns the copies and bytes moved as {inCopies, inBytes, outCopies, outBytes}. */
        long[] run(double[] u);
    }

    private static final class Result {
        final String name, expected;
        final long[] moved;
        final double[] ms;
        final boolean sameResult, copiesAsExpected;

        Result(String name, String expected, long[] moved, double[] ms, boolean sameResult, boolean copiesAsExpected) {
            this.name = name;
            this.expected = expected;
            this.moved = moved;
            this.ms = ms;
            this.sameResult = sameResult;
            this.copiesAsExpected = copiesAsExpected;
        }
    }

    private static int measure(Options o, ClSpace space, String command, PrintStream out, PrintStream err) {
        int n = o.n, regions = o.regions;
        MemorySpace host = MemorySpaces.host();
        long bytes = 8L * n;
        out.println("# weft bench stencil: " + n + " doubles (" + (bytes >> 20) + " MiB), " + regions + " regions, "
                + o.reps + " timed reps after 1 warm-up, " + o.workers + " workers");
        out.println("# device: " + space.device());
        out.println("# command: " + command);

        double[] reference = initial(n);
        Variant java = u -> {
            for (int k = 0; k < regions; k++) sweepOnHost(u);
            return new long[4];
        };
        Variant shared = u -> {
            try (Weft weft = Weft.builder().workers(o.workers).build()) {
                try (Shared<double[]> s = weft.share(u)) {
                    for (int k = 0; k < regions; k++) weft.region(r -> r.task(StencilRun::sweep).on(space).spawn(inOut(u)));
                    s.get();
                }
                return moved(weft.memoryStats(), host, space);
            }
        };
        Variant raw = u -> {
            try (Weft weft = Weft.builder().workers(o.workers).build()) {
                for (int k = 0; k < regions; k++) weft.region(r -> r.task(StencilRun::sweep).on(space).spawn(inOut(u)));
                return moved(weft.memoryStats(), host, space);
            }
        };
        Variant hand = u -> {
            ClKernel k = space.kernel(SOURCE, "redBlack");
            try (ClBuffer b = space.context().allocate(bytes)) {
                MemorySegment h = MemorySegment.ofArray(u);
                b.writeNow(0, h);
                for (int i = 0; i < regions; i++) launch(k, b, 0, n);
                b.readNow(0, h);                 // blocking, after every launch on the in-order queue
            }
            return new long[]{1, bytes, 1, bytes};
        };
        Variant handSync = u -> {
            ClKernel k = space.kernel(SOURCE, "redBlack");
            try (ClBuffer b = space.context().allocate(bytes)) {
                MemorySegment h = MemorySegment.ofArray(u);
                b.writeNow(0, h);
                for (int i = 0; i < regions; i++) {
                    launch(k, b, 0, n);
                    space.context().finish();    // as a task body does before it returns
                }
                b.readNow(0, h);
            }
            return new long[]{1, bytes, 1, bytes};
        };

        List<Result> results = new ArrayList<>();
        String[][] plan = {
                {"Java on the host (reference)", "0 / 0"},
                {"Weft, shared array (lazy)", "1 / 1"},
                {"Weft, raw array per region (eager)", regions + " / " + regions},
                {"hand-written FFM OpenCL loop", "1 / 1"},
                {"hand-written, finish after each sweep", "1 / 1"}};
        Variant[] variants = {java, shared, raw, hand, handSync};
        double[] expectedResult = null;
        long[][] expectedMoves = {{0, 0, 0, 0}, {1, bytes, 1, bytes}, {regions, regions * bytes, regions, regions * bytes}, {1, bytes, 1, bytes},
                {1, bytes, 1, bytes}};
        int count = variants.length;
        double[][] ms = new double[count][o.reps];
        long[][] moved = new long[count][];
        boolean[] same = new boolean[count], copies = new boolean[count];
        Arrays.fill(same, true);
        Arrays.fill(copies, true);
        // One warm-up of each variant, then the timed reps round-robin over the variants, so that the load of the
        // machine (PoCL shares the cores with everything else) falls on all of them alike.
        for (int rep = -1; rep < o.reps; rep++) {
            for (int v = 0; v < count; v++) {
                double[] u = reference.clone();
                long t0 = System.nanoTime();
                long[] m = variants[v].run(u);
                long t1 = System.nanoTime();
                if (rep >= 0) ms[v][rep] = (t1 - t0) / 1e6;
                if (expectedResult == null) expectedResult = u;
                else same[v] &= Arrays.equals(expectedResult, u);
                copies[v] &= Arrays.equals(expectedMoves[v], m);
                moved[v] = m;
            }
            out.println("# " + (rep < 0 ? "warm-up" : "rep " + (rep + 1)) + " done");
        }
        for (int v = 0; v < count; v++) results.add(new Result(plan[v][0], plan[v][1], moved[v], ms[v], same[v], copies[v]));

        String[] header = {"variant", "copies in / out (expected)", "copies in / out", "MiB in / out", "median ms", "min ms", "same result"};
        List<String[]> rows = new ArrayList<>();
        boolean ok = true;
        for (Result r : results) {
            double[] sorted = r.ms.clone();
            Arrays.sort(sorted);
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            rows.add(new String[]{r.name, r.expected, r.moved[0] + " / " + r.moved[2] + (r.copiesAsExpected ? "" : " (UNEXPECTED)"),
                    mib(r.moved[1]) + " / " + mib(r.moved[3]), String.format("%.1f", median), String.format("%.1f", sorted[0]),
                    r.sameResult ? "yes" : "NO"});
            ok &= r.sameResult && r.copiesAsExpected;
        }
        out.println();
        out.print(TextTable.markdown(header, rows, 1));
        out.println();
        out.println("Bytes for the Weft variants are weft.memoryStats() (host to device / device to host); for the hand-written loop "
                + "and the host, by construction. Times include the copies; each Weft run includes building a Weft runtime.");
        if (!ok) err.println("weft bench stencil: a variant's result or copy count differs from what was expected (see the table)");
        return ok ? 0 : 1;
    }

    private static long[] moved(MemoryStats m, MemorySpace host, MemorySpace dev) {
        return new long[]{m.copies(host, dev), m.bytes(host, dev), m.copies(dev, host), m.bytes(dev, host)};
    }

    private static String mib(long bytes) {
        double v = bytes / (1024.0 * 1024.0);
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v);
    }
}
