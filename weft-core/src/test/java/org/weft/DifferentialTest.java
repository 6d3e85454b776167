package org.weft;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.weft.data.DoubleSlice;
import org.weft.data.Matrix;
import org.weft.data.View;
import org.weft.data.Views;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random regions against sequential execution: the central correctness property of Weft. Each seed builds a
 * plan of at least 200 tasks with random modes (IN, OUT, INOUT, COMMUTATIVE, CONCURRENT, REDUCE, weak
 * accesses) over random overlapping views of one array and one matrix, some tasks opening nested regions
 * whose children touch parts of what the parent declared, some waiting on earlier tasks' results. The same
 * plan runs once on a plain loop and once on Weft with 1, 2 and 8 workers; the data must be identical.
 *
 * <p>Every effect is exact integer arithmetic (values stay far below 2^53) and the effects of commutative,
 * concurrent and reduce accesses commute, so any schedule that respects the dependencies gives the same
 * bits as the sequential run, and any missed dependency shows up as a difference.
 */
class DifferentialTest {
    private static final long P = 1_000_003;

    @Property(tries = 25, seed = "20261125", shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void randomRegionsMatchSequentialExecution(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int workerChoice) {
        int workers = new int[]{1, 2, 8}[workerChoice];
        Plan plan = Plan.random(seed);
        State expected = new State();
        plan.runSequentially(expected);
        State actual = new State();
        try (Weft weft = Weft.builder().workers(workers).throttle(64).build()) {
            weft.region(r -> plan.spawnAll(r, actual));
        }
        String where = "seed " + seed + ", " + workers + " workers";
        assertArrayEquals(expected.array, actual.array, "array differs: " + where);
        assertArrayEquals(expected.matrix(), actual.matrix(), "matrix differs: " + where);
        assertArrayEquals(expected.acc, actual.acc, "reduction accumulator differs: " + where);
        assertEquals(expected.results, actual.results, "waited-for results differ: " + where);
    }

    /** The data a plan works on; views are rebuilt per state so the two runs share nothing. */
    static final class State {
        final double[] array = new double[64];
        /** The matrix lives in native memory, so its history goes through the tree index, the array's through the dense one. */
        final MemorySegment matrixMemory = Arena.ofAuto().allocate(13 * 10 * Double.BYTES, 8);
        final long[] acc = new long[8];
        final List<Long> results = new ArrayList<>();
        final Matrix m = Matrix.wrap(matrixMemory, 12, 10, 13);

        State() {
            for (int i = 0; i < array.length; i++) array[i] = i;
            for (int i = 0; i < 130; i++) matrixMemory.setAtIndex(ValueLayout.JAVA_DOUBLE, i, 1000 + i);
        }

        double[] matrix() {
            return matrixMemory.toArray(ValueLayout.JAVA_DOUBLE);
        }

        double get(boolean inArray, int e) {
            return inArray ? array[e] : matrixMemory.getAtIndex(ValueLayout.JAVA_DOUBLE, e);
        }

        void set(boolean inArray, int e, double v) {
            if (inArray) array[e] = v;
            else matrixMemory.setAtIndex(ValueLayout.JAVA_DOUBLE, e, v);
        }
    }

    /** A view recipe: which storage, which shape; turned into a View and an element list per state. */
    record Shape(int kind, int a, int b, int c, int d) {
        View view(State s) {
            return switch (kind) {
                case 0 -> Views.range(s.array, a, b);
                case 1 -> Views.strided(s.array, a, a + (b - 1) * c + 1, c);     // b elements from a, c apart
                case 2 -> s.m.block(a, b, c, d);
                case 3 -> s.m.row(a);
                case 4 -> s.m.col(a);
                case 5 -> s.m.lower(a == 1);
                case 6 -> s.m.upper(a == 1);
                case 7 -> s.m.diagonal();
                default -> throw new IllegalStateException();
            };
        }

        /** Indices into the base array, in a canonical order. */
        int[] elements(State s) {
            View v = view(s);
            if (v instanceof DoubleSlice d) {
                int[] out = new int[d.length()];
                for (int i = 0; i < out.length; i++) out[i] = d.index(i);
                return out;
            }
            List<Integer> idx = new ArrayList<>();
            for (int j = 0; j < s.m.cols(); j++)
                for (int i = 0; i < s.m.rows(); i++) {
                    boolean in = switch (v) {
                        case Matrix b -> i >= (b.offset() % 13) && i < (b.offset() % 13) + b.rows()
                                && j >= b.offset() / 13 && j < b.offset() / 13 + b.cols();
                        case org.weft.data.Triangle t -> t.contains(i, j);
                        case org.weft.data.Diagonal dg -> i == j;
                        default -> throw new IllegalStateException();
                    };
                    if (in) idx.add(i + 13 * j);
                }
            return idx.stream().mapToInt(Integer::intValue).toArray();
        }

        boolean inArray() {
            return kind <= 1;
        }

        /** A smaller shape inside this one, for a child of a nested region. */
        Shape inside(Random rnd) {
            return switch (kind) {
                case 0 -> {
                    int lo = a + rnd.nextInt(b - a), hi = lo + 1 + rnd.nextInt(b - lo);
                    yield new Shape(0, lo, hi, 0, 0);
                }
                case 2 -> {
                    int i0 = a + rnd.nextInt(c), j0 = b + rnd.nextInt(d);
                    yield new Shape(2, i0, j0, 1 + rnd.nextInt(a + c - i0), 1 + rnd.nextInt(b + d - j0));
                }
                default -> this;
            };
        }

        static Shape random(Random rnd) {
            int kind = rnd.nextInt(10);
            return switch (kind) {
                case 0, 8 -> {
                    int lo = rnd.nextInt(64), hi = lo + 1 + rnd.nextInt(Math.min(24, 64 - lo));
                    yield new Shape(0, lo, hi, 0, 0);
                }
                case 1 -> {
                    int stride = 1 + rnd.nextInt(5), start = rnd.nextInt(64);
                    int count = 1 + rnd.nextInt(Math.max(1, Math.min(10, (63 - start) / stride + 1)));
                    yield new Shape(1, start, count, stride, 0);
                }
                case 2, 9 -> {
                    int i0 = rnd.nextInt(12), j0 = rnd.nextInt(10);
                    yield new Shape(2, i0, j0, 1 + rnd.nextInt(Math.min(5, 12 - i0)), 1 + rnd.nextInt(Math.min(5, 10 - j0)));
                }
                case 3 -> new Shape(3, rnd.nextInt(12), 0, 0, 0);
                case 4 -> new Shape(4, rnd.nextInt(10), 0, 0, 0);
                case 5, 6 -> new Shape(kind, rnd.nextInt(2), 0, 0, 0);
                default -> new Shape(7, 0, 0, 0, 0);
            };
        }
    }

    record Acc(Mode mode, boolean weak, Shape shape) {
    }

    /** One task of the plan: accesses, optional nested children, optional wait on an earlier task. */
    record Step(int id, List<Acc> accesses, List<Step> children, int waitFor, boolean reduce) {

        /** The task's effect on state {@code s}: reads first, then writes, in access order. */
        void effect(State s) {
            long sum = id;
            for (Acc a : accesses)
                if (a.mode == Mode.IN || a.mode == Mode.INOUT)
                    for (int e : a.shape.elements(s)) sum = (sum + (long) s.get(a.shape.inArray(), e)) % P;
            for (Acc a : accesses) {
                boolean arr = a.shape.inArray();
                int[] els = a.shape.elements(s);
                switch (a.mode) {
                    case INOUT -> { for (int e : els) s.set(arr, e, (s.get(arr, e) * 31 + sum + id) % P); }
                    case OUT -> { for (int k = 0; k < els.length; k++) s.set(arr, els[k], (id * 7L + k + sum) % P); }
                    case COMMUTATIVE -> { for (int e : els) s.set(arr, e, (s.get(arr, e) + id) % P); }
                    case CONCURRENT -> {
                        synchronized (arr ? s.array : s.matrixMemory) {
                            for (int e : els) s.set(arr, e, (s.get(arr, e) + 3L * id) % P);
                        }
                    }
                    default -> { }
                }
            }
        }

        void reduceInto(long[] target) {
            for (int k = 0; k < target.length; k++) target[k] += (long) id * (k + 1);
        }

        Access[] accessList(State s) {
            Access[] out = new Access[accesses.size()];
            for (int i = 0; i < out.length; i++) {
                Acc a = accesses.get(i);
                View v = a.shape.view(s);
                out[i] = a.weak ? switch (a.mode) {
                    case IN -> Access.weakIn(v);
                    case OUT -> Access.weakOut(v);
                    default -> Access.weakInOut(v);
                } : new Access(a.mode, v, false, null);
            }
            return out;
        }
    }

    static final class Plan {
        final List<Step> steps = new ArrayList<>();
        static final Reduction<long[]> SUM = Reduction.longSum();

        static Plan random(long seed) {
            Random rnd = new Random(seed);
            Plan p = new Plan();
            int n = 200 + rnd.nextInt(60);
            int[] nextId = {1};
            for (int i = 0; i < n; i++) p.steps.add(p.randomStep(rnd, nextId, true, i));
            return p;
        }

        private Step randomStep(Random rnd, int[] nextId, boolean top, int index) {
            int id = nextId[0]++;
            if (top && rnd.nextInt(12) == 0) return new Step(id, List.of(), List.of(), -1, true);
            boolean nest = top && rnd.nextInt(8) == 0;
            int k = 1 + rnd.nextInt(3);
            List<Acc> accs = new ArrayList<>();
            Mode[] modes = {Mode.IN, Mode.IN, Mode.INOUT, Mode.INOUT, Mode.OUT, Mode.COMMUTATIVE, Mode.CONCURRENT};
            for (int j = 0; j < k; j++) {
                Mode m = modes[rnd.nextInt(modes.length)];
                boolean weak = nest && (m == Mode.IN || m == Mode.INOUT || m == Mode.OUT) && rnd.nextBoolean();
                if (nest && (m == Mode.COMMUTATIVE || m == Mode.CONCURRENT || m == Mode.OUT)) m = Mode.INOUT;
                accs.add(new Acc(m, weak, Shape.random(rnd)));
            }
            List<Step> children = new ArrayList<>();
            if (nest) {
                int c = 1 + rnd.nextInt(4);
                for (int j = 0; j < c; j++) {
                    int cid = nextId[0]++;
                    List<Acc> cacc = new ArrayList<>();
                    for (Acc pa : accs) {
                        if (rnd.nextInt(3) == 0) continue;
                        Mode cm = pa.mode == Mode.IN ? Mode.IN : (rnd.nextBoolean() ? Mode.INOUT : Mode.IN);
                        cacc.add(new Acc(cm, false, pa.shape.inside(rnd)));
                    }
                    if (cacc.isEmpty()) cacc.add(new Acc(Mode.IN, false, accs.getFirst().shape));
                    children.add(new Step(cid, cacc, List.of(), -1, false));
                }
            }
            int waitFor = top && index > 0 && rnd.nextInt(15) == 0 ? rnd.nextInt(index) : -1;
            return new Step(id, accs, children, waitFor, false);
        }

        void runSequentially(State s) {
            for (Step st : steps) {
                if (st.reduce) st.reduceInto(s.acc);
                else if (!st.children.isEmpty()) for (Step c : st.children) c.effect(s);
                else st.effect(s);
                if (st.waitFor >= 0) s.results.add((long) steps.get(st.waitFor).id);
            }
        }

        void spawnAll(Region r, State s) {
            List<Task<Long>> tasks = new ArrayList<>();
            for (Step st : steps) {
                Task<Long> t;
                if (st.reduce) {
                    t = r.spawn((long[] partial) -> {
                        st.reduceInto(partial);
                        return (long) st.id;
                    }, Access.reduce(SUM, s.acc));
                } else if (!st.children.isEmpty()) {
                    Weft weft = r.runtime();
                    t = r.spawn(() -> {
                        weft.region(inner -> {
                            for (Step c : st.children) inner.spawn(() -> c.effect(s), c.accessList(s));
                        });
                        return (long) st.id;
                    }, st.accessList(s));
                } else {
                    t = r.spawn(() -> {
                        st.effect(s);
                        return (long) st.id;
                    }, st.accessList(s));
                }
                tasks.add(t);
                if (st.waitFor >= 0) s.results.add(tasks.get(st.waitFor).get());
            }
        }
    }

    @Property(tries = 10, seed = "7")
    void planShapesAreValidViews(@ForAll long seed) {
        Plan p = Plan.random(seed);
        State s = new State();
        for (Step st : p.steps)
            for (Acc a : st.accesses) assertEquals(null, Views.violation(a.shape.view(s)), Arrays.toString(a.shape.elements(s)));
    }
}
