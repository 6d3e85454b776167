package org.weft.bench;

import org.weft.Proc2;
import org.weft.Region;
import org.weft.Shared;
import org.weft.Weft;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.memory.MemoryStats;
import org.weft.opencl.ClSpace;
import org.weft.opencl.ClView;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.weft.Access.inOut;
import static org.weft.Access.val;

/**
 * {@code weft bench placement}: how good the runtime's automatic choice between the host and an OpenCL device is
 * ({@code r.task(javaFn).variant(device, kernelFn)}), on a sequence of tasks where both run time and data movement
 * matter. Each task iterates a polynomial {@code k} times on every element of one array, in place. The task classes
 * are every combination of three array sizes, three values of {@code k}, and three places the data are current
 * before the task: on the host only (a shared array), on the device only (a shared array that a device task left
 * there), or a raw array (current on the host, and what the task writes comes home when its region ends). The
 * sequence repeats every class {@code rounds} times in a fixed shuffled order; each task is its own region, timed
 * alone (its input copies, the task and, for raw arrays, the write-back), after an untimed region that puts its data
 * where its class says.
 *
 * <p>Four ways run the same sequence, round-robin per repetition, each on its own Weft runtime kept for the whole
 * run (so automatic placement calibrates in the warm-up and is measured once calibrated): always the Java body on the
 * host, always the kernel on the device, automatic with one function pair for all tasks (the runtime measures one
 * mean run time per function and space), and automatic with a distinct function pair per task class (a distinct
 * call site is a distinct function to the runtime, so each class is measured on its own). The oracle takes, for
 * every task, the cheaper of its median cost in the two fixed runs (transfer included). Every way's final arrays
 * must equal the host's bit for bit (the kernel disables floating-point contraction).
 *
 * <p>Without an OpenCL device computing in double precision it prints one line saying why and returns 3.
 * Single-threaded driver; not for concurrent use.
 */
public final class PlacementRun {
    public static final String USAGE = """
            usage: weft bench placement [--n N] [--k K] [--rounds R] [--reps K] [--device I] [--workers W]
              Automatic placement between the host (a Java body) and an OpenCL device (a kernel) on a sequence of
              one-task regions over arrays of three sizes, three amounts of work per element, with their data
              current on the host, on the device, or raw host arrays; compares always-host, always-device, automatic
              (one function pair; one pair per task class) and the per-task oracle from the two fixed runs: times,
              bytes moved, and how often automatic placement chose what the oracle chose.
              --n N          doubles in the largest array; the others have N/16 and N/256 (default 524288 = 2^19, 4 MiB)
              --k K          polynomial iterations per element in the heaviest tasks; the others do 1 and K/8 (default 64)
              --rounds R     times each task class appears in the sequence (default 3)
              --reps K       timed repetitions per way, after enough warm-ups to calibrate (default 3)
              --device I     the OpenCL device (index in the platform list; default: the first with fp64)
              --workers W    Weft worker threads (default 2)
            """;

    static final String SOURCE = """
            #pragma OPENCL FP_CONTRACT OFF
            /*
             * x <- (x*x + x/2 + 1/4) / 2, k times, on each element: the same operations in the same order as polyOnHost.
             * Each work-item takes 8 consecutive elements, in one double8 when the view is contiguous.
             */
            __kernel void poly(__global double* a, long off, long stride, int n, int k) {
                int i0 = 8 * get_global_id(0);
                if (i0 >= n) return;
                if (stride == 1 && i0 + 8 <= n) {
                    double8 x = vload8(0, a + off + i0);
                    for (int j = 0; j < k; j++) {
                        double8 y = x * x;
                        double8 z = 0.5 * x;
                        y = y + z;
                        y = y + 0.25;
                        x = y * 0.5;
                    }
                    vstore8(x, 0, a + off + i0);
                    return;
                }
                for (int i = i0; i < n && i < i0 + 8; i++) {
                    double x = a[off + i * stride];
                    for (int j = 0; j < k; j++) {
                        double y = x * x;
                        double z = 0.5 * x;
                        y = y + z;
                        y = y + 0.25;
                        x = y * 0.5;
                    }
                    a[off + i * stride] = x;
                }
            }
            """;

    /** Where a task's data are current before it runs. */
    enum Where {
        HOST("host"), DEVICE("device"), RAW("raw (host)");

        final String label;

        Where(String label) {
            this.label = label;
        }
    }

    /** A task class: array size, iterations per element, where its data are. */
    record Kind(int size, int k, Where where) {
    }

    record Options(int n, int k, int rounds, int reps, int device, int workers) {
    }

    /** The space the last task body ran in: 0 the host, 1 the device (one task runs at a time). */
    private static volatile int ranOn = -1;

    private PlacementRun() {
    }

    /** The Java body: {@code k} iterations of the polynomial on every element of {@code x}. */
    static void polyHost(double[] x, int k) {
        ranOn = 0;
        polyOnHost(x, k);
    }

    static void polyOnHost(double[] x, int k) {
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            for (int j = 0; j < k; j++) {
                double y = v * v;
                double z = 0.5 * v;
                y = y + z;
                y = y + 0.25;
                v = y * 0.5;
            }
            x[i] = v;
        }
    }

    /** The device body: the same iterations in a kernel, finished before it returns. */
    static void polyDevice(ClView x, int k) {
        ranOn = 1;
        x.space().kernel(SOURCE, "poly").arg(0, x).arg(1, x.offset()).arg(2, x.stride()).arg(3, x.count()).arg(4, k).run((x.count() + 7) / 8);
    }

    private static final Proc2<double[], Integer> HOST_FN = PlacementRun::polyHost;
    private static final Proc2<ClView, Integer> DEVICE_FN = PlacementRun::polyDevice;

    /**
     * One function pair per task class: each method reference below is its own call site, hence its own class and
     * its own function to the runtime, whose run times it measures separately (at most 27 classes).
     */
    private static final List<Proc2<double[], Integer>> HOST_FNS = List.of(
            PlacementRun::polyHost, PlacementRun::polyHost, PlacementRun::polyHost,
            PlacementRun::polyHost, PlacementRun::polyHost, PlacementRun::polyHost,
            PlacementRun::polyHost, PlacementRun::polyHost, PlacementRun::polyHost,
            PlacementRun::polyHost, PlacementRun::polyHost, PlacementRun::polyHost,
            PlacementRun::polyHost, PlacementRun::polyHost, PlacementRun::polyHost,
            PlacementRun::polyHost, PlacementRun::polyHost, PlacementRun::polyHost,
            PlacementRun::polyHost, PlacementRun::polyHost, PlacementRun::polyHost,
            PlacementRun::polyHost, PlacementRun::polyHost, PlacementRun::polyHost,
            PlacementRun::polyHost, PlacementRun::polyHost, PlacementRun::polyHost);
    private static final List<Proc2<ClView, Integer>> DEVICE_FNS = List.of(
            PlacementRun::polyDevice, PlacementRun::polyDevice, PlacementRun::polyDevice,
            PlacementRun::polyDevice, PlacementRun::polyDevice, PlacementRun::polyDevice,
            PlacementRun::polyDevice, PlacementRun::polyDevice, PlacementRun::polyDevice,
            PlacementRun::polyDevice, PlacementRun::polyDevice, PlacementRun::polyDevice,
            PlacementRun::polyDevice, PlacementRun::polyDevice, PlacementRun::polyDevice,
            PlacementRun::polyDevice, PlacementRun::polyDevice, PlacementRun::polyDevice,
            PlacementRun::polyDevice, PlacementRun::polyDevice, PlacementRun::polyDevice,
            PlacementRun::polyDevice, PlacementRun::polyDevice, PlacementRun::polyDevice,
            PlacementRun::polyDevice, PlacementRun::polyDevice, PlacementRun::polyDevice);

    /** Runs the benchmark with {@code args} (those after {@code placement}); returns the process exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
            out.print(USAGE);
            return 0;
        }
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("weft bench placement: " + e.getMessage() + " (see 'weft bench placement --help')");
            return 2;
        }
        BenchDevice.Pick pick = BenchDevice.pick("weft bench placement", o.device, err);
        if (pick.device() == null) return pick.exitCode();
        try (ClSpace space = ClSpace.open(pick.device())) {
            return measure(o, space, BenchMain.commandLine(withCommand(args)), out, err);
        } catch (RuntimeException e) {
            err.println("weft bench placement: " + e);
            return 1;
        }
    }

    static Options parse(String[] args) {
        int n = 1 << 19, k = 64, rounds = 3, reps = 3, device = -1, workers = 2;
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
                case "--n" -> n = atLeast(a, v, 256);
                case "--k" -> k = atLeast(a, v, 1);
                case "--rounds" -> rounds = atLeast(a, v, 1);
                case "--reps" -> reps = atLeast(a, v, 1);
                case "--device" -> device = atLeast(a, v, 0);
                case "--workers" -> workers = atLeast(a, v, 1);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new Options(n, k, rounds, reps, device, workers);
    }

    private static int atLeast(String option, int v, int min) {
        if (v < min) throw new IllegalArgumentException(option + " must be at least " + min + ", not " + v);
        return v;
    }

    /** {@code args} after the benchmark's own name, for {@link BenchMain#commandLine}. */
    private static String[] withCommand(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "placement";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** The task classes for {@code o}: sizes N, N/16, N/256 and iterations 1, K/8, K (duplicates dropped). */
    static List<Kind> kinds(Options o) {
        TreeSet<Integer> sizes = new TreeSet<>(List.of(o.n, Math.max(1, o.n / 16), Math.max(1, o.n / 256)));
        TreeSet<Integer> ks = new TreeSet<>(List.of(1, Math.max(1, o.k / 8), o.k));
        List<Kind> kinds = new ArrayList<>();
        for (int size : sizes) for (int k : ks) for (Where w : Where.values()) kinds.add(new Kind(size, k, w));
        return kinds;
    }

    /** The task sequence: each class {@code rounds} times, in a shuffled order fixed by the seed. */
    static int[] sequence(int classes, int rounds) {
        int[] seq = new int[classes * rounds];
        for (int i = 0; i < seq.length; i++) seq[i] = i % classes;
        Random rnd = new Random(20261203);
        for (int i = seq.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = seq[i];
            seq[i] = seq[j];
            seq[j] = t;
        }
        return seq;
    }

    static double[] initial(int n, int seed) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = ((i * 7919L + seed * 104729L) % 1009) / 1009.0;
        return a;
    }

    /** Untimed runs of the sequence first: enough that every class ran 3 times in each space (the runtime's calibration). */
    static int warmUps(int rounds) {
        return (2 * 3 + rounds - 1) / rounds;
    }

    /** The ways to run the sequence. */
    private static final int HOST = 0, DEVICE = 1, AUTO = 2, AUTO_PER_CLASS = 3, WAYS = 4;
    private static final String[] WAY_NAMES = {"always host (Java body)", "always device (kernel)",
            "automatic, one function pair", "automatic, a pair per task class"};

    /** One run of the sequence: per task, nanoseconds, bytes host to device and back, and the space it ran in. */
    private record Trace(long[] nanos, long[] toDevice, long[] toHost, int[] ranOn, double[][] result) {
        long total() {
            return Arrays.stream(nanos).sum();
        }
    }

    private static Trace runOnce(int way, Weft weft, ClSpace space, List<Kind> kinds, int[] seq, double[][] initial) {
        MemorySpace host = MemorySpaces.host();
        int classes = kinds.size();
        double[][] a = new double[classes][];
        List<Shared<double[]>> shared = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            a[c] = initial[c].clone();
            if (kinds.get(c).where != Where.RAW) shared.add(weft.share(a[c]));
        }
        long[] nanos = new long[seq.length], toDev = new long[seq.length], toHost = new long[seq.length];
        int[] on = new int[seq.length];
        try {
            for (int j = 0; j < seq.length; j++) {
                int c = seq[j];
                Kind kind = kinds.get(c);
                double[] x = a[c];
                if (kind.where != Where.RAW) {        // untimed: the data current where the class says, and only there
                    MemorySpace where = kind.where == Where.HOST ? host : space;
                    weft.region(r -> r.move(x, where));
                }
                MemoryStats m0 = weft.memoryStats();
                ranOn = -1;
                long t0 = System.nanoTime();
                weft.region(r -> spawn(r, way, space, c, x, kind.k));
                long t1 = System.nanoTime();
                MemoryStats m1 = weft.memoryStats();
                nanos[j] = t1 - t0;
                toDev[j] = m1.bytes(host, space) - m0.bytes(host, space);
                toHost[j] = m1.bytes(space, host) - m0.bytes(space, host);
                on[j] = ranOn;
            }
            for (Shared<double[]> s : shared) s.get();
        } finally {
            for (Shared<double[]> s : shared) s.close();
        }
        return new Trace(nanos, toDev, toHost, on, a);
    }

    private static void spawn(Region r, int way, ClSpace space, int c, double[] x, int k) {
        switch (way) {
            case HOST -> r.task(HOST_FN).spawn(inOut(x), val(k));
            case DEVICE -> r.task(DEVICE_FN).on(space).spawn(inOut(x), val(k));
            case AUTO -> r.task(HOST_FN).variant(space, DEVICE_FN).spawn(inOut(x), val(k));
            default -> r.task(HOST_FNS.get(c)).variant(space, DEVICE_FNS.get(c)).spawn(inOut(x), val(k));
        }
    }

    private static int measure(Options o, ClSpace space, String command, PrintStream out, PrintStream err) {
        List<Kind> kinds = kinds(o);
        int classes = kinds.size();
        int[] seq = sequence(classes, o.rounds);
        int tasks = seq.length;
        double[][] initial = new double[classes][];
        for (int c = 0; c < classes; c++) initial[c] = initial(kinds.get(c).size, c);
        out.println("# weft bench placement: " + classes + " task classes (sizes " + new TreeSet<>(kinds.stream().map(Kind::size).toList())
                + " doubles, k " + new TreeSet<>(kinds.stream().map(Kind::k).toList()) + ", data on host / device / raw), "
                + tasks + " one-task regions per run, " + o.reps + " timed reps after " + warmUps(o.rounds) + " warm-up(s), " + o.workers + " workers");
        out.println("# device: " + space.device());
        out.println("# command: " + command);

        Weft[] weft = new Weft[WAYS];
        Trace[][] traces = new Trace[WAYS][o.reps];
        Trace[] warm = new Trace[WAYS];
        boolean[] same = new boolean[WAYS];
        Arrays.fill(same, true);
        try {
            for (int w = 0; w < WAYS; w++) weft[w] = Weft.builder().workers(o.workers).build();
            // Warm-ups (JIT, kernel build, and the automatic ways' calibration: 3 runs of each function in each space,
            // so that even a pair per class is calibrated), then the timed reps round-robin over the ways, so that the
            // load of the machine (PoCL shares the cores) falls on all of them alike.
            int warmUps = warmUps(o.rounds);
            for (int rep = -warmUps; rep < o.reps; rep++) {
                double[][] expected = null;
                for (int w = 0; w < WAYS; w++) {
                    Trace t = runOnce(w, weft[w], space, kinds, seq, initial);
                    if (rep >= 0) traces[w][rep] = t;
                    else if (rep == -warmUps) warm[w] = t;
                    if (expected == null) expected = t.result;
                    else for (int c = 0; c < classes; c++) same[w] &= Arrays.equals(expected[c], t.result[c]);
                }
                out.println("# " + (rep < 0 ? "warm-up " + (rep + warmUps + 1) : "rep " + (rep + 1)) + " done");
            }
        } finally {
            for (Weft w : weft) if (w != null) w.close();
        }

        // Per task: median cost in the two fixed runs; the oracle takes the cheaper one.
        double[] hostMs = new double[tasks], devMs = new double[tasks];
        int[] oracle = new int[tasks];
        double oracleMs = 0;
        long oracleToDev = 0, oracleToHost = 0;
        Trace lastHost = traces[HOST][o.reps - 1], lastDev = traces[DEVICE][o.reps - 1];
        for (int j = 0; j < tasks; j++) {
            hostMs[j] = median(perTask(traces[HOST], j));
            devMs[j] = median(perTask(traces[DEVICE], j));
            oracle[j] = devMs[j] < hostMs[j] ? 1 : 0;
            oracleMs += Math.min(hostMs[j], devMs[j]);
            Trace pick = oracle[j] == 1 ? lastDev : lastHost;
            oracleToDev += pick.toDevice[j];
            oracleToHost += pick.toHost[j];
        }

        String[] header = {"way", "tasks on host / device", "MiB to device / to host", "median total ms", "min total ms",
                "sum of per-task medians ms", "x oracle", "same choice as oracle", "same result"};
        List<String[]> rows = new ArrayList<>();
        boolean ok = true;
        for (int w = 0; w < WAYS; w++) {
            Trace[] ts = traces[w];
            double[] totals = Arrays.stream(ts).mapToDouble(t -> t.total() / 1e6).toArray();
            double perTaskSum = 0;
            for (int j = 0; j < tasks; j++) perTaskSum += median(perTask(ts, j));
            Trace last = ts[ts.length - 1];
            long onDev = Arrays.stream(last.ranOn).filter(v -> v == 1).count();
            double med = median(totals);
            rows.add(new String[]{WAY_NAMES[w], (tasks - onDev) + " / " + onDev,
                    mib(Arrays.stream(last.toDevice).sum()) + " / " + mib(Arrays.stream(last.toHost).sum()),
                    String.format("%.1f", med), String.format("%.1f", Arrays.stream(totals).min().orElse(0)),
                    String.format("%.1f", perTaskSum), String.format("%.2f", med / oracleMs),
                    agreement(ts, oracle), same[w] ? "yes" : "NO"});
            ok &= same[w];
        }
        long oracleOnDev = Arrays.stream(oracle).filter(v -> v == 1).count();
        rows.add(new String[]{"oracle (per task, cheaper fixed way)", (tasks - oracleOnDev) + " / " + oracleOnDev,
                mib(oracleToDev) + " / " + mib(oracleToHost), String.format("%.1f", oracleMs), "", String.format("%.1f", oracleMs),
                "1.00", "", ""});
        out.println();
        out.print(TextTable.markdown(header, rows, 1));
        out.println();
        out.println("Times are the one-task regions alone (input copies, the task, and for raw arrays the copy home), summed over the "
                + tasks + " tasks of a run; bytes are weft.memoryStats() over those regions, in the last timed rep. "
                + "\"same choice as oracle\" counts the tasks of every timed rep. In the first warm-up (calibration) run, the automatic ways "
                + "chose as the oracle for " + agreement(new Trace[]{warm[AUTO]}, oracle) + " and " + agreement(new Trace[]{warm[AUTO_PER_CLASS]}, oracle)
                + " of the tasks and took " + String.format("%.1f", warm[AUTO].total() / 1e6) + " and "
                + String.format("%.1f", warm[AUTO_PER_CLASS].total() / 1e6) + " ms.");

        // What the one-pair automatic way calibrated on: its first tasks ever, which decide its means until it runs elsewhere.
        StringBuilder cal = new StringBuilder("Calibration of the one-pair automatic way (its first tasks, first warm-up run):");
        for (int j = 0; j < Math.min(tasks, 6); j++) {
            Kind kind = kinds.get(seq[j]);
            cal.append(j == 0 ? " " : "; ").append(kind.size).append(" doubles, k ").append(kind.k).append(", data ").append(kind.where.label)
                    .append(": ").append(warm[AUTO].ranOn[j] == 1 ? "device" : "host").append(String.format(" %.3f ms", warm[AUTO].nanos[j] / 1e6));
        }
        out.println();
        out.println(cal.append('.'));

        // Per class: median cost of its tasks in each fixed way, the oracle's pick, and how often each automatic way took the device.
        String[] header2 = {"doubles", "k", "data", "host ms", "device ms", "oracle", "auto: on device", "auto per class: on device"};
        List<String[]> rows2 = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            Kind kind = kinds.get(c);
            List<Double> h = new ArrayList<>(), d = new ArrayList<>();
            int auto = 0, perClass = 0, count = 0;
            for (int j = 0; j < tasks; j++) {
                if (seq[j] != c) continue;
                for (int rep = 0; rep < o.reps; rep++) {
                    h.add(traces[HOST][rep].nanos[j] / 1e6);
                    d.add(traces[DEVICE][rep].nanos[j] / 1e6);
                    auto += traces[AUTO][rep].ranOn[j];
                    perClass += traces[AUTO_PER_CLASS][rep].ranOn[j];
                    count++;
                }
            }
            double hm = median(h.stream().mapToDouble(Double::doubleValue).toArray()), dm = median(d.stream().mapToDouble(Double::doubleValue).toArray());
            rows2.add(new String[]{String.valueOf(kind.size), String.valueOf(kind.k), kind.where.label, String.format("%.3f", hm),
                    String.format("%.3f", dm), dm < hm ? "device" : "host", auto + " / " + count, perClass + " / " + count});
        }
        out.println();
        out.print(TextTable.markdown(header2, rows2, 3));
        if (!ok) err.println("weft bench placement: a way's result differs from the host's (see the table)");
        return ok ? 0 : 1;
    }

    private static double[] perTask(Trace[] ts, int j) {
        double[] v = new double[ts.length];
        for (int i = 0; i < ts.length; i++) v[i] = ts[i].nanos[j] / 1e6;
        return v;
    }

    /** The fraction of tasks, over {@code ts}, that ran where the oracle would run them, as "a / b (p%)". */
    private static String agreement(Trace[] ts, int[] oracle) {
        int agree = 0, all = 0;
        for (Trace t : ts)
            for (int j = 0; j < oracle.length; j++) {
                all++;
                if (t.ranOn[j] == oracle[j]) agree++;
            }
        return agree + " / " + all + String.format(" (%.0f%%)", 100.0 * agree / all);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String mib(long bytes) {
        double v = bytes / (1024.0 * 1024.0);
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v);
    }
}
