package org.weft.infer;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import org.weft.Region;
import org.weft.Task;
import org.weft.Weft;
import org.weft.data.DoubleSlice;
import org.weft.data.Matrix;
import org.weft.data.Views;
import org.weft.infer.examples.Kernels;

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
 * Regions whose tasks are unannotated give the results of the annotated ones and of sequential execution.
 * Each seed builds a plan of at least 150 spawns of the example kernels ({@link Kernels}) by method
 * reference, over random, often overlapping, slices of one array, blocks of one matrix, and two small
 * arrays. The plan runs three times: one by one on a plain loop; on Weft with raw arguments, whose modes
 * come from inference (precomputed at build time, or analysed at the first spawn); and on Weft with every
 * argument wrapped in its true mode. The data and the returned values must be identical; any dependency
 * that inference missed shows up as a difference (the arithmetic is exact, see {@link Kernels#P}).
 */
class UnannotatedDifferentialTest {

    @Property(tries = 20, seed = "20261126", shrinking = ShrinkingMode.OFF)
    void unannotatedRegionsMatchAnnotatedAndSequentialOnes(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int workerChoice) {
        int workers = new int[]{1, 2, 8}[workerChoice];
        List<Step> plan = plan(seed);
        State sequential = new State();
        for (Step s : plan) {
            Double d = s.run(sequential);
            if (d != null) sequential.results.add(d);
        }
        State raw = new State(), annotated = new State();
        try (Weft weft = Weft.builder().workers(workers).throttle(32).build()) {
            runOn(weft, plan, raw, false);
            runOn(weft, plan, annotated, true);
        }
        String where = "seed " + seed + ", " + workers + " workers";
        for (State s : List.of(raw, annotated)) {
            String which = (s == raw ? "unannotated" : "annotated") + ", " + where;
            assertArrayEquals(sequential.array, s.array, "array: " + which);
            assertArrayEquals(sequential.matrix, s.matrix, "matrix: " + which);
            assertArrayEquals(sequential.aux, s.aux, "aux: " + which);
            assertArrayEquals(sequential.acc, s.acc, "acc: " + which);
            assertEquals(sequential.results, s.results, "returned values: " + which);
        }
    }

    private static void runOn(Weft weft, List<Step> plan, State s, boolean annotated) {
        List<Task<Double>> tasks = new ArrayList<>();
        weft.region(r -> {
            for (Step step : plan) {
                Task<Double> t = step.spawn(r, s, annotated);
                if (t != null) tasks.add(t);
            }
        });
        for (Task<Double> t : tasks) s.results.add(t.get());
    }

    /** The data one run works on. */
    static final class State {
        final double[] array = new double[64], aux = new double[8], acc = new double[1], matrix = new double[12 * 10];
        final Matrix m = Matrix.wrap(matrix, 12, 10);
        final List<Double> results = new ArrayList<>();

        State() {
            for (int i = 0; i < array.length; i++) array[i] = i + 1;
            for (int i = 0; i < matrix.length; i++) matrix[i] = 1000 + i;
            for (int i = 0; i < aux.length; i++) aux[i] = 7 * i;
        }
    }

    /** One spawn: which kernel, on which slices or blocks, with which scalar. */
    record Step(int kernel, int lo1, int lo2, int len, int i0, int j0, int i1, int j1, int rows, int cols, double scalar) {

        DoubleSlice x(State s) {
            return Views.range(s.array, lo1, lo1 + len);
        }

        DoubleSlice y(State s) {
            return Views.range(s.array, lo2, lo2 + len);
        }

        Matrix a(State s) {
            return s.m.block(i0, j0, rows, cols);
        }

        Matrix b(State s) {
            return s.m.block(i1, j1, rows, cols);
        }

        /** Runs the kernel directly; returns its result, or null for a kernel without one. */
        Double run(State s) {
            switch (kernel) {
                case 0 -> Kernels.axpy(scalar, x(s), y(s));
                case 1 -> {
                    return Kernels.dot(x(s), y(s));
                }
                case 2 -> Kernels.copy(x(s), y(s));
                case 3 -> Kernels.scale(x(s), scalar);
                case 4 -> Kernels.fill(s.aux, scalar);
                case 5 -> Kernels.sumInto(x(s), s.acc);
                case 6 -> Kernels.addAux(s.aux, y(s));
                case 7 -> Kernels.blockAdd(a(s), b(s));
                case 8 -> Kernels.blockScale(a(s), scalar);
                case 9 -> {
                    return Kernels.blockSum(a(s));
                }
                default -> Kernels.twiceInto(x(s), y(s));
            }
            return null;
        }

        /** Spawns the kernel with raw arguments, or with each wrapped in its true mode; the task if it has a result. */
        Task<Double> spawn(Region r, State s, boolean annotated) {
            switch (kernel) {
                case 0 -> {
                    if (annotated) r.spawn(Kernels::axpy, val(scalar), in(x(s)), inOut(y(s)));
                    else r.spawn(Kernels::axpy, scalar, x(s), y(s));
                }
                case 1 -> {
                    return annotated ? r.spawn(Kernels::dot, in(x(s)), in(y(s))) : r.spawn(Kernels::dot, x(s), y(s));
                }
                case 2 -> {
                    if (annotated) r.spawn(Kernels::copy, in(x(s)), inOut(y(s)));
                    else r.spawn(Kernels::copy, x(s), y(s));
                }
                case 3 -> {
                    if (annotated) r.spawn(Kernels::scale, inOut(x(s)), val(scalar));
                    else r.spawn(Kernels::scale, x(s), scalar);
                }
                case 4 -> {
                    if (annotated) r.spawn(Kernels::fill, out(s.aux), val(scalar));
                    else r.spawn(Kernels::fill, s.aux, scalar);
                }
                case 5 -> {
                    if (annotated) r.spawn(Kernels::sumInto, in(x(s)), inOut(s.acc));
                    else r.spawn(Kernels::sumInto, x(s), s.acc);
                }
                case 6 -> {
                    if (annotated) r.spawn(Kernels::addAux, in(s.aux), inOut(y(s)));
                    else r.spawn(Kernels::addAux, s.aux, y(s));
                }
                case 7 -> {
                    if (annotated) r.spawn(Kernels::blockAdd, in(a(s)), inOut(b(s)));
                    else r.spawn(Kernels::blockAdd, a(s), b(s));
                }
                case 8 -> {
                    if (annotated) r.spawn(Kernels::blockScale, inOut(a(s)), val(scalar));
                    else r.spawn(Kernels::blockScale, a(s), scalar);
                }
                case 9 -> {
                    return annotated ? r.spawn(Kernels::blockSum, in(a(s))) : r.spawn(Kernels::blockSum, a(s));
                }
                default -> {
                    if (annotated) r.spawn(Kernels::twiceInto, in(x(s)), inOut(y(s)));
                    else r.spawn(Kernels::twiceInto, x(s), y(s));
                }
            }
            return null;
        }
    }

    static List<Step> plan(long seed) {
        Random rnd = new Random(seed);
        List<Step> steps = new ArrayList<>();
        int n = 150 + rnd.nextInt(50);
        for (int k = 0; k < n; k++) {
            int len = 1 + rnd.nextInt(16);
            int rows = 1 + rnd.nextInt(5), cols = 1 + rnd.nextInt(5);
            steps.add(new Step(rnd.nextInt(11), rnd.nextInt(64 - len + 1), rnd.nextInt(64 - len + 1), len,
                    rnd.nextInt(12 - rows + 1), rnd.nextInt(10 - cols + 1), rnd.nextInt(12 - rows + 1), rnd.nextInt(10 - cols + 1),
                    rows, cols, 1 + rnd.nextInt(9)));
        }
        return steps;
    }
}
