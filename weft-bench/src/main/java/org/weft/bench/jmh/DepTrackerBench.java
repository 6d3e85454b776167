package org.weft.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.weft.Mode;
import org.weft.data.View;
import org.weft.data.Views;
import org.weft.deps.AccessRec;
import org.weft.deps.DepTracker;
import org.weft.deps.GraphNode;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link DepTracker#register}, the interval map every spawn goes through, on three access patterns. Each op
 * registers the accesses of one new task (a {@link BenchNode}) and so includes the edges it adds; nodes never
 * finish, as when the spawning thread runs far ahead of the workers.
 *
 * <ul>
 *   <li>{@link #wholeObject}: one storage always accessed whole (the identity fast path, no map), the mode
 *       alternating IN and INOUT so both the reader and the writer rules run.</li>
 *   <li>{@link #wavefrontCell}: the wavefront's accesses, 1-element spans marching over a
 *       {@code grid × grid} {@code long[]}: IN (i-1,j), IN (i,j-1), INOUT (i,j) per op; a new tracker when
 *       the grid is done, as a new region would start.</li>
 *   <li>{@link #randomRanges}: seeded random ranges of 1 to {@code maxSpan} elements over one array with
 *       random modes (IN, OUT, INOUT, COMMUTATIVE, CONCURRENT), so segments split and merge.</li>
 * </ul>
 * (JMH subclasses benchmark and state classes, so they cannot be final.)
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DepTrackerBench {
    private static final DepTracker.CombineFactory NO_REDUCTIONS = g -> {
        throw new IllegalStateException("these benchmarks open no reductions");
    };

    private static AccessRec access(View v, Mode m) {
        return new AccessRec(v, m, false, null, -1, v);
    }

    /** One whole object, its IN and INOUT access records. */
    @State(Scope.Thread)
    public static class Whole {
        DepTracker tracker;
        AccessRec in, inOut;
        long seq;

        @Setup(Level.Iteration)
        public void setUp() {
            Object datum = new Object();
            tracker = new DepTracker(NO_REDUCTIONS);
            in = access(Views.whole(datum), Mode.IN);
            inOut = access(Views.whole(datum), Mode.INOUT);
            seq = 0;
        }
    }

    @Benchmark
    public GraphNode wholeObject(Whole s) {
        BenchNode t = new BenchNode(++s.seq);
        s.tracker.register(t, (s.seq & 1) == 0 ? s.inOut : s.in);
        return t;
    }

    /** The wavefront grid and the next cell. */
    @State(Scope.Thread)
    public static class March {
        @Param("1000")
        public int grid;
        long[] cells;
        DepTracker tracker;
        int next;
        long seq;

        @Setup(Level.Iteration)
        public void setUp() {
            cells = new long[grid * grid];
            restart();
        }

        void restart() {
            tracker = new DepTracker(NO_REDUCTIONS);
            next = 0;
        }
    }

    @Benchmark
    public GraphNode wavefrontCell(March s) {
        if (s.next == s.cells.length) s.restart();
        int n = s.grid, k = s.next++;
        long[] c = s.cells;
        BenchNode t = new BenchNode(++s.seq);
        if (k >= n) s.tracker.register(t, access(Views.range(c, k - n, k - n + 1), Mode.IN));
        if (k % n != 0) s.tracker.register(t, access(Views.range(c, k - 1, k), Mode.IN));
        s.tracker.register(t, access(Views.range(c, k, k + 1), Mode.INOUT));
        return t;
    }

    /** A seeded plan of random accesses, replayed in a loop. */
    @State(Scope.Thread)
    public static class RandomPlan {
        private static final int PLAN = 1 << 16;
        private static final Mode[] MODES = {Mode.IN, Mode.OUT, Mode.INOUT, Mode.COMMUTATIVE, Mode.CONCURRENT};

        @Param("65536")
        public int length;
        @Param("64")
        public int maxSpan;
        long[] data;
        int[] from, to;
        Mode[] modes;
        DepTracker tracker;
        int next;
        long seq;

        @Setup(Level.Iteration)
        public void setUp() {
            SplittableRandom rnd = new SplittableRandom(0x5EEDL);
            data = new long[length];
            from = new int[PLAN];
            to = new int[PLAN];
            modes = new Mode[PLAN];
            for (int i = 0; i < PLAN; i++) {
                int len = 1 + rnd.nextInt(maxSpan);
                from[i] = rnd.nextInt(length - len + 1);
                to[i] = from[i] + len;
                modes[i] = MODES[rnd.nextInt(MODES.length)];
            }
            tracker = new DepTracker(NO_REDUCTIONS);
            next = 0;
            seq = 0;
        }
    }

    @Benchmark
    public GraphNode randomRanges(RandomPlan s) {
        int p = s.next++ & (RandomPlan.PLAN - 1);
        BenchNode t = new BenchNode(++s.seq);
        s.tracker.register(t, access(Views.range(s.data, s.from[p], s.to[p]), s.modes[p]));
        return t;
    }
}
