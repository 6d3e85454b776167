package org.weft.memory;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import org.weft.Task;
import org.weft.Weft;
import org.weft.coherence.Coherence;
import org.weft.data.DoubleSlice;
import org.weft.data.SegmentSlice;
import org.weft.data.Views;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.val;

/**
 * Random regions with random placement against sequential execution: tasks read, overwrite or update random
 * overlapping ranges and strided views of two arrays, each placed at random on the host, one of two heap mirrors, an
 * off-heap space, a mirror that reports its copies later on a thread of its own or an off-heap space smaller than the
 * arrays (so each task there gets a window of them), some of them atomic, with renaming on or off, over several regions, one of the arrays shared
 * across them; one mirror holds one array at a time, so its replicas are evicted. The arrays after each region and what
 * every reading task returned must equal a plain sequential run: any missed copy, stale replica or lost write shows.
 * Values are exact integers far below 2^53.
 */
class PlacementDifferentialTest {
    private static final long P = 1_000_003;
    private static final int N = 96;
    /** Index of the space smaller than an array, and its capacity: a task there works on a window. */
    private static final int WINDOWED = 5;
    private static final long WINDOW_CAPACITY = 512;

    private record Op(int array, int from, int to, int stride, int kind, int place, long k, boolean atomic) {
    }

    /** The view's elements as doubles, on whichever storage the task was handed. */
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
        double s = 0;
        for (int i = 0; i < length(v); i++) s = (s * 7 + get(v, i) + k) % P;
        return s;
    }

    static void overwrite(Object v, Long k) {
        for (int i = 0; i < length(v); i++) set(v, i, (k * 1000 + i) % P);
    }

    static void update(Object v, Long k) {
        for (int i = 0; i < length(v); i++) set(v, i, (get(v, i) * 3 + k) % P);
    }

    @Property(tries = 30, seed = "20261203", shrinking = ShrinkingMode.OFF)
    void randomPlacementMatchesSequentialExecution(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int workers) {
        Random rnd = new Random(seed);
        int regions = 1 + rnd.nextInt(4);
        boolean hostOnly = rnd.nextBoolean();          // the raw array stays on the host, where writers may be renamed
        List<List<Op>> plan = new ArrayList<>();
        for (int g = 0; g < regions; g++) {
            List<Op> ops = new ArrayList<>();
            for (int t = 0, n = 20 + rnd.nextInt(60); t < n; t++) {
                int from = rnd.nextInt(N), to = from + 1 + rnd.nextInt(N - from);
                int array = rnd.nextInt(2);
                int place = hostOnly && array == 0 ? 0 : rnd.nextInt(6);
                if (place == WINDOWED && 8L * (to - from) + Coherence.WINDOW_ALIGNMENT > WINDOW_CAPACITY) place = 3;   // would not fit
                ops.add(new Op(array, from, to, 1 + (rnd.nextInt(3) == 0 ? rnd.nextInt(3) : 0), rnd.nextInt(3),
                        place, rnd.nextInt(1000), rnd.nextBoolean()));
            }
            plan.add(ops);
        }
        double[][] expected = {new double[N], new double[N]};
        for (int i = 0; i < N; i++) {
            expected[0][i] = i;
            expected[1][i] = 2 * i + 1;
        }
        double[][] actual = {expected[0].clone(), expected[1].clone()};
        List<Double> expectedReads = new ArrayList<>(), actualReads = new ArrayList<>();
        List<double[][]> expectedAfter = new ArrayList<>();
        for (List<Op> ops : plan) {
            for (Op o : ops) {
                DoubleSlice v = Views.strided(expected[o.array], o.from, o.to, o.stride);
                if (o.kind == 0) expectedReads.add(read(v, o.k));
                else if (o.kind == 1) overwrite(v, o.k);
                else update(v, o.k);
            }
            expectedAfter.add(new double[][]{expected[0].clone(), expected[1].clone()});
        }
        // mirror-b holds one array's replica at a time: its replicas are evicted (written home first) as tasks alternate
        // "later" reports every copy on a thread of its own, as a device driver's callback would
        AsyncLandingTest.Later later = new AsyncLandingTest.Later("later");
        // "windowed" is smaller than either array: each task there gets a window of the bytes it touches
        MemorySpace[] spaces = {MemorySpaces.host(), MemorySpaces.heapMirror("mirror-a"),
                new EvictionTest.Small(MemorySpaces.heapMirror("mirror-b"), 8L * N + 8), MemorySpaces.offHeap("off-heap"), later,
                new EvictionTest.Small(MemorySpaces.offHeap("windowed"), WINDOW_CAPACITY)};
        long renaming = rnd.nextBoolean() ? 0 : 64 + rnd.nextInt(2048);       // renaming off, or on with a random budget
        try (later; Weft weft = Weft.builder().workers(workers).renaming(renaming).build(); var shared = weft.share(actual[1])) {
            for (int g = 0; g < plan.size(); g++) {
                List<Op> ops = plan.get(g);
                List<Task<Double>> reads = weft.regionResult(r -> {
                    List<Task<Double>> ts = new ArrayList<>();
                    for (Op o : ops) {
                        DoubleSlice v = Views.strided(actual[o.array], o.from, o.to, o.stride);
                        MemorySpace s = spaces[o.place];
                        if (o.kind == 0) ts.add(r.task(PlacementDifferentialTest::read).on(s).spawn(in(v), val(o.k)));
                        else if (o.kind == 1) (o.atomic ? r.task(PlacementDifferentialTest::overwrite).atomic() : r.task(PlacementDifferentialTest::overwrite)).on(s).spawn(out(v), val(o.k));
                        else (o.atomic ? r.task(PlacementDifferentialTest::update).atomic() : r.task(PlacementDifferentialTest::update)).on(s).spawn(inOut(v), val(o.k));
                    }
                    return ts;
                });
                for (Task<Double> t : reads) actualReads.add(t.get());
                assertArrayEquals(expectedAfter.get(g)[0], actual[0], "raw array after region " + g + ", seed " + seed);
                assertArrayEquals(expectedAfter.get(g)[1], shared.get(), "shared array after region " + g + ", seed " + seed);
            }
            assertEquals(expectedReads, actualReads, "what the reading tasks returned, seed " + seed);
        }
    }
}
