package org.weft.opencl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.weft.Task;
import org.weft.Weft;
import org.weft.data.DoubleSlice;
import org.weft.data.SegmentSlice;
import org.weft.data.Views;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.memory.MemoryStats;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.val;

/**
 * The core's random-placement differential test with OpenCL devices among the spaces: random regions of tasks that
 * read (return a checksum), overwrite or update random overlapping ranges and strided views of two arrays, each placed
 * at random on the host, a heap mirror, an off-heap space or one of two OpenCL spaces on the same device (one with
 * the device's own copy path, through mapped buffers on a host-unified device like PoCL's; one always through native
 * staging memory and rectangular or per-run commands; each with its own context and queue; on the first, a task is at
 * random a kernel or a Java body on the buffer itself, mapped while it runs), with a few prefetches, moves and
 * copies between the arrays in between; writers are atomic at random (on a device, what kernels write is saved on
 * the device); renaming on or off; several regions, one array shared across them and read back only now and then, so device-current bytes cross region boundaries. A task on a device does its work
 * in an OpenCL kernel with the same exact integer arithmetic as the Java body (values stay far below 2^53; {@code
 * fmod} and {@code long} arithmetic are exact), so the arrays after each region and what every reading task returned
 * must equal a plain sequential run bit for bit: any missed copy, stale replica, lost write or body that returned
 * before its kernel ended shows. Skipped, with the reason printed, without an OpenCL device that computes in double
 * precision.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClPlacementDifferentialTest {
    private static final long P = 1_000_003;
    private static final int N = 96;
    private static final int SEEDS = 32;

    /** The three operations of the Java bodies, over element {@code i} = {@code a[off + i * stride]}. */
    static final String SOURCE = """
            #define P 1000003L
            /* s = (s * 7 + v[i] + k) % P over the view, in order, as Java's double arithmetic does it: one work item. */
            __kernel void checksum(__global const double* a, long off, long stride, int n, long k, __global double* out) {
                if (get_global_id(0) != 0) return;
                double s = 0;
                for (int i = 0; i < n; i++) s = fmod(s * 7 + a[off + i * stride] + (double) k, (double) P);
                out[0] = s;
            }
            /* v[i] = (k * 1000 + i) % P, in long arithmetic as Java does it. */
            __kernel void overwrite(__global double* a, long off, long stride, int n, long k) {
                int i = get_global_id(0);
                if (i < n) a[off + i * stride] = (double) ((k * 1000 + i) % P);
            }
            /* v[i] = (v[i] * 3 + k) % P, in double arithmetic as Java does it. */
            __kernel void update(__global double* a, long off, long stride, int n, long k) {
                int i = get_global_id(0);
                if (i < n) a[off + i * stride] = fmod(a[off + i * stride] * 3 + (double) k, (double) P);
            }
            """;

    /** kind: 0 read, 1 overwrite, 2 update, 3 prefetch, 4 move, 5 copy from {@code array}'s view to the other array's view {@code (from2, to2, stride2)}. */
    private record Op(int array, int from, int to, int stride, int kind, int place, long k, boolean atomic,
                      int from2, int to2, int stride2, boolean mappedBody) {
        DoubleSlice view(double[][] arrays) {
            return Views.strided(arrays[array], from, to, stride);
        }

        DoubleSlice target(double[][] arrays) {
            return Views.strided(arrays[1 - array], from2, to2, stride2);
        }
    }

    /** The device's own copy path (mapped on a host-unified device); and always staged, on a context and queue of its own. */
    static ClSpace mapping, staging;
    static ClSpace stagingOwner;
    static String skipReason;

    @BeforeAll
    static void openDevices() {
        Optional<String> why = OpenCl.unavailableReason();
        if (why.isPresent()) skipReason = "no OpenCL: " + why.get();
        else {
            ClDevice d = OpenCl.get().devices().stream().filter(ClDevice::doublePrecision).findFirst().orElse(null);
            if (d == null) skipReason = "no OpenCL device computes in double precision";
            else {
                mapping = ClSpace.open(d, "cl-a", 1L << 30);          // maps on a host-unified device (PoCL)
                stagingOwner = ClSpace.open(d, "cl-staged-owner", 1L << 30);
                staging = new ClSpace(stagingOwner.context(), false, "cl-staged", 1L << 30, false);
                System.out.println("OpenCL placement differential test on " + d);
            }
        }
        if (skipReason != null) System.out.println("OpenCL placement differential test skipped: " + skipReason);
    }

    @BeforeEach
    void needDevice() {
        assumeTrue(skipReason == null, () -> skipReason);
    }

    @AfterAll
    static void closeDevices() {
        if (mapping != null) mapping.close();
        if (staging != null) staging.close();
        if (stagingOwner != null) stagingOwner.close();
    }

    // ---- the task bodies: Java on host, mirror and off-heap views; a kernel on a device view ----

    /** The view's elements as doubles, on whichever host-addressable storage the task was handed. */
    static double get(Object v, int i) {
        return v instanceof DoubleSlice d ? d.get(i) : ((SegmentSlice) v).getDouble(i);
    }

    static void set(Object v, int i, double x) {
        if (v instanceof DoubleSlice d) d.set(i, x);
        else ((SegmentSlice) v).setDouble(i, x);
    }

    static int length(Object v) {
        return v instanceof DoubleSlice d ? d.length() : (int) ((SegmentSlice) v).count();
    }

    static double read(Object v, Long k) {
        if (v instanceof ClView c) {
            ClSpace s = c.space();
            try (ClBuffer result = s.context().allocate(8)) {
                s.kernel(SOURCE, "checksum").arg(0, c).arg(1, c.offset()).arg(2, c.stride()).arg(3, c.count())
                        .arg(4, k.longValue()).arg(5, result).run(1);
                double[] r = new double[1];
                result.readNow(0, MemorySegment.ofArray(r));
                return r[0];
            }
        }
        double s = 0;
        for (int i = 0; i < length(v); i++) s = (s * 7 + get(v, i) + k) % P;
        return s;
    }

    static void overwrite(Object v, Long k) {
        if (v instanceof ClView c) {
            c.space().kernel(SOURCE, "overwrite").arg(0, c).arg(1, c.offset()).arg(2, c.stride()).arg(3, c.count())
                    .arg(4, k.longValue()).run(c.count());
            return;
        }
        for (int i = 0; i < length(v); i++) set(v, i, (k * 1000 + i) % P);
    }

    static void update(Object v, Long k) {
        if (v instanceof ClView c) {
            c.space().kernel(SOURCE, "update").arg(0, c).arg(1, c.offset()).arg(2, c.stride()).arg(3, c.count())
                    .arg(4, k.longValue()).run(c.count());
            return;
        }
        for (int i = 0; i < length(v); i++) set(v, i, (get(v, i) * 3 + k) % P);
    }

    /** The same bodies for a parameter that takes memory: on a host-unified device, the buffer itself, mapped. */
    static double readMapped(SegmentSlice v, Long k) {
        return read(v, k);
    }

    static void overwriteMapped(SegmentSlice v, Long k) {
        overwrite(v, k);
    }

    static void updateMapped(SegmentSlice v, Long k) {
        update(v, k);
    }

    // ---- the plan, the sequential run, the runtime's run ----

    static Stream<Arguments> seeds() {
        Random r = new Random(20261203);
        return Stream.generate(() -> Arguments.of(r.nextLong(), 1 + r.nextInt(3))).limit(SEEDS);
    }

    private static final int HOST = 0;

    /** Host, a heap mirror, off-heap memory, and the OpenCL spaces twice as often as each of those. */
    static MemorySpace[] spaces() {
        return new MemorySpace[]{MemorySpaces.host(), MemorySpaces.heapMirror("mirror"), MemorySpaces.offHeap("off-heap"),
                mapping, mapping, staging, staging};
    }

    static List<List<Op>> plan(Random rnd, int regions, boolean hostOnly, MemorySpace[] spaces) {
        List<List<Op>> plan = new ArrayList<>();
        for (int g = 0; g < regions; g++) {
            List<Op> ops = new ArrayList<>();
            for (int t = 0, n = 20 + rnd.nextInt(60); t < n; t++) {
                int array = rnd.nextInt(2);
                int place = hostOnly && array == 0 ? HOST : rnd.nextInt(spaces.length);
                int dice = rnd.nextInt(20);
                int kind = dice < 6 ? 0 : dice < 11 ? 1 : dice < 17 ? 2 : dice == 17 ? 3 : dice == 18 ? 4 : 5;
                if (kind == 5) {          // a copy between the two arrays, of as many elements, any strides
                    int s1 = 1 + rnd.nextInt(3), s2 = 1 + rnd.nextInt(3);
                    int len = 1 + rnd.nextInt(Math.min((N - 1) / s1, (N - 1) / s2) + 1);
                    int f1 = rnd.nextInt(N - (len - 1) * s1), f2 = rnd.nextInt(N - (len - 1) * s2);
                    ops.add(new Op(array, f1, f1 + (len - 1) * s1 + 1, s1, kind, HOST, 0, false,
                            f2, f2 + (len - 1) * s2 + 1, s2, false));
                    continue;
                }
                int from = rnd.nextInt(N), to = from + 1 + rnd.nextInt(N - from);
                int stride = 1 + (rnd.nextInt(3) == 0 ? rnd.nextInt(3) : 0);
                boolean mappedBody = kind <= 2 && spaces[place] == mapping && mapping.device().hostUnifiedMemory() && rnd.nextBoolean();
                ops.add(new Op(array, from, to, stride, kind, place, rnd.nextInt(1000),
                        rnd.nextBoolean(), 0, 0, 0, mappedBody));
            }
            plan.add(ops);
        }
        return plan;
    }

    /** Runs {@code ops} in order on the plain arrays, adding what each read returns to {@code reads}. */
    static void runSequentially(List<Op> ops, double[][] arrays, List<Double> reads) {
        for (Op o : ops) {
            DoubleSlice v = o.view(arrays);
            switch (o.kind) {
                case 0 -> reads.add(read(v, o.k));
                case 1 -> overwrite(v, o.k);
                case 2 -> update(v, o.k);
                case 5 -> {
                    DoubleSlice t = o.target(arrays);
                    for (int i = 0; i < v.length(); i++) t.set(i, v.get(i));
                }
                default -> {
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}, {1} workers")
    @MethodSource("seeds")
    void randomPlacementOnOpenClMatchesSequentialExecution(long seed, int workers) {
        Random rnd = new Random(seed);
        MemorySpace[] spaces = spaces();
        int regions = 1 + rnd.nextInt(4);
        boolean hostOnly = rnd.nextBoolean();          // the raw array stays on the host, where writers may be renamed
        List<List<Op>> plan = plan(rnd, regions, hostOnly, spaces);
        long renaming = rnd.nextBoolean() ? 0 : 64 + rnd.nextInt(2048);       // renaming off, or on with a random budget
        boolean[] readShared = new boolean[regions];         // read the shared array back after this region?
        for (int g = 0; g < regions; g++) readShared[g] = g == regions - 1 || rnd.nextInt(3) != 0;

        double[][] expected = {new double[N], new double[N]};
        for (int i = 0; i < N; i++) {
            expected[0][i] = i;
            expected[1][i] = 2 * i + 1;
        }
        double[][] actual = {expected[0].clone(), expected[1].clone()};
        List<Double> expectedReads = new ArrayList<>(), actualReads = new ArrayList<>();
        List<double[][]> expectedAfter = new ArrayList<>();
        for (List<Op> ops : plan) {
            runSequentially(ops, expected, expectedReads);
            expectedAfter.add(new double[][]{expected[0].clone(), expected[1].clone()});
        }

        String what = "seed " + seed + ", " + workers + " workers, renaming " + renaming + (hostOnly ? ", raw array on the host" : "");
        try (Weft weft = Weft.builder().workers(workers).renaming(renaming).build(); var shared = weft.share(actual[1])) {
            for (int g = 0; g < plan.size(); g++) {
                List<Op> ops = plan.get(g);
                List<Task<Double>> reads = weft.regionResult(r -> {
                    List<Task<Double>> ts = new ArrayList<>();
                    for (Op o : ops) {
                        DoubleSlice v = o.view(actual);
                        MemorySpace s = spaces[o.place];
                        if (o.mappedBody) {
                            switch (o.kind) {
                                case 0 -> ts.add(r.task(ClPlacementDifferentialTest::readMapped).on(s).spawn(in(v), val(o.k)));
                                case 1 -> (o.atomic ? r.task(ClPlacementDifferentialTest::overwriteMapped).atomic()
                                        : r.task(ClPlacementDifferentialTest::overwriteMapped)).on(s).spawn(out(v), val(o.k));
                                case 2 -> (o.atomic ? r.task(ClPlacementDifferentialTest::updateMapped).atomic()
                                        : r.task(ClPlacementDifferentialTest::updateMapped)).on(s).spawn(inOut(v), val(o.k));
                                default -> throw new IllegalStateException("only tasks have mapped bodies");
                            }
                            continue;
                        }
                        switch (o.kind) {
                            case 0 -> ts.add(r.task(ClPlacementDifferentialTest::read).on(s).spawn(in(v), val(o.k)));
                            case 1 -> (o.atomic ? r.task(ClPlacementDifferentialTest::overwrite).atomic()
                                    : r.task(ClPlacementDifferentialTest::overwrite)).on(s).spawn(out(v), val(o.k));
                            case 2 -> (o.atomic ? r.task(ClPlacementDifferentialTest::update).atomic()
                                    : r.task(ClPlacementDifferentialTest::update)).on(s).spawn(inOut(v), val(o.k));
                            case 3 -> r.prefetch(v, s);
                            case 4 -> r.move(v, s);
                            default -> r.copy(v, o.target(actual));
                        }
                    }
                    return ts;
                });
                for (Task<Double> t : reads) actualReads.add(t.get());
                assertArrayEquals(expectedAfter.get(g)[0], actual[0], "raw array after region " + g + ", " + what);
                if (readShared[g])
                    assertArrayEquals(expectedAfter.get(g)[1], shared.get(), "shared array after region " + g + ", " + what);
            }
            assertEquals(expectedReads, actualReads, "what the reading tasks returned, " + what);
            MemoryStats m = weft.memoryStats();
            long ops = plan.stream().mapToLong(List::size).sum();
            long onDevice = plan.stream().flatMap(List::stream).filter(o -> o.kind != 5 && spaces[o.place] instanceof ClSpace).count();
            MemorySpace host = MemorySpaces.host();
            System.out.printf("%s: %d regions, %d operations, %d on OpenCL; copies host->%s %d, back %d, host->%s %d, back %d; %d renames%n",
                    what, regions, ops, onDevice, mapping.name(), m.copies(host, mapping), m.copies(mapping, host),
                    staging.name(), m.copies(host, staging), m.copies(staging, host), m.renames());
        }
        assertEquals(0, mapping.liveBytes(), "every replica on " + mapping.name() + " was freed, " + what);
        assertEquals(0, staging.liveBytes(), "every replica on " + staging.name() + " was freed, " + what);
    }
}
