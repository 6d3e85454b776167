package org.weft.infer;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.weft.Region;
import org.weft.Task;
import org.weft.Weft;
import org.weft.data.DoubleSlice;
import org.weft.data.Matrix;
import org.weft.infer.UnannotatedDifferentialTest.State;
import org.weft.infer.UnannotatedDifferentialTest.Step;
import org.weft.infer.examples.Kernels;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Closures spawned without access lists give the results of sequential execution: each captured slice, block or
 * array gets the mode inferred from the closure's body. The plans are those of {@link UnannotatedDifferentialTest};
 * each step becomes a closure that captures its data as local variables and calls the kernel.
 */
class ClosureDifferentialTest {

    @Test
    void twoHundredCapturedIncrementsCountToTwoHundredTimesTheirLoop() {
        long[] x = {0};
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                for (int t = 0; t < 200; t++)
                    r.spawn(() -> {
                        for (int k = 0; k < 100_000; k++) x[0] = x[0] + 1;
                    });
            });
        }
        assertEquals(20_000_000L, x[0]);
    }

    /**
     * A concurrent map synchronizes its own structure, not the arrays it holds: closures that update an array through
     * a captured concurrent map are ordered like closures that update it directly.
     */
    @Test
    void incrementsThroughACapturedConcurrentMapAreOrdered() {
        java.util.concurrent.ConcurrentHashMap<String, long[]> m = new java.util.concurrent.ConcurrentHashMap<>();
        m.put("x", new long[1]);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                for (int t = 0; t < 200; t++)
                    r.spawn(() -> {
                        long[] x = m.get("x");
                        for (int k = 0; k < 100_000; k++) x[0] = x[0] + 1;
                    });
            });
        }
        assertEquals(20_000_000L, m.get("x")[0]);
    }

    @Property(tries = 20, seed = "20261203", shrinking = ShrinkingMode.OFF)
    void closuresWithoutAccessListsMatchSequentialExecution(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int workerChoice) {
        int workers = new int[]{1, 2, 8}[workerChoice];
        List<Step> plan = UnannotatedDifferentialTest.plan(seed);
        State sequential = new State();
        for (Step s : plan) {
            Double d = s.run(sequential);
            if (d != null) sequential.results.add(d);
        }
        State closures = new State();
        try (Weft weft = Weft.builder().workers(workers).throttle(32).build()) {
            List<Task<Double>> tasks = new ArrayList<>();
            weft.region(r -> {
                for (Step step : plan) {
                    Task<Double> t = spawn(r, step, closures);
                    if (t != null) tasks.add(t);
                }
            });
            for (Task<Double> t : tasks) closures.results.add(t.get());
        }
        String where = "seed " + seed + ", " + workers + " workers";
        assertArrayEquals(sequential.array, closures.array, "array: " + where);
        assertArrayEquals(sequential.matrix, closures.matrix, "matrix: " + where);
        assertArrayEquals(sequential.aux, closures.aux, "aux: " + where);
        assertArrayEquals(sequential.acc, closures.acc, "acc: " + where);
        assertEquals(sequential.results, closures.results, "returned values: " + where);
    }

    /** The step as a closure capturing its data; the task if it has a result. */
    private static Task<Double> spawn(Region r, Step step, State s) {
        DoubleSlice x = step.x(s), y = step.y(s);
        Matrix a = step.a(s), b = step.b(s);
        double[] aux = s.aux, acc = s.acc;
        double scalar = step.scalar();
        switch (step.kernel()) {
            case 0 -> r.spawn(() -> Kernels.axpy(scalar, x, y));
            case 1 -> {
                return r.spawn(() -> Kernels.dot(x, y));
            }
            case 2 -> r.spawn(() -> Kernels.copy(x, y));
            case 3 -> r.spawn(() -> Kernels.scale(x, scalar));
            case 4 -> r.spawn(() -> Kernels.fill(aux, scalar));
            case 5 -> r.spawn(() -> Kernels.sumInto(x, acc));
            case 6 -> r.spawn(() -> Kernels.addAux(aux, y));
            case 7 -> r.spawn(() -> Kernels.blockAdd(a, b));
            case 8 -> r.spawn(() -> Kernels.blockScale(a, scalar));
            case 9 -> {
                return r.spawn(() -> Kernels.blockSum(a));
            }
            default -> r.spawn(() -> Kernels.twiceInto(x, y));
        }
        return null;
    }
}
