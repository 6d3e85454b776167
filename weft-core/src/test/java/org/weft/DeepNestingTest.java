package org.weft;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.inOut;

/**
 * Deep nesting and stack overflows (issue 9, item 4). A chain of nested regions thousands deep completes: a worker
 * stacks a bounded number of waiting frames and then blocks instead of helping, so the nest spreads over threads
 * (it used to hang at 700 levels on one worker, when a {@link StackOverflowError} in the runtime's own code
 * vanished into the pool and left a task RUNNING). A stack overflow anywhere, in user code or in the runtime's
 * code called from deep user recursion, ends as a failure of the region, and the runtime stays usable.
 */
class DeepNestingTest {

    private static void nest(Weft weft, long[] cell, int levels) {
        if (levels == 0) {
            cell[0]++;
            return;
        }
        weft.region(r -> r.spawn((long[] c) -> nest(weft, c, levels - 1), inOut(cell)));
    }

    @ParameterizedTest(name = "{1} levels on {0} workers")
    @CsvSource({"1, 1000", "2, 1000", "1, 4000", "2, 4000"})
    void thousandsOfNestedLevelsComplete(int workers, int levels) {
        Watchdog.within(120, levels + " nested levels", () -> {
            long[] cell = {0};
            try (Weft weft = Weft.builder().workers(workers).build()) {
                nest(weft, cell, levels);
                assertEquals(1, cell[0]);
                nest(weft, cell, 3);                    // and the runtime works afterwards
                assertEquals(2, cell[0]);
            }
        });
    }

    private static int recurse(int n) {
        return n == Integer.MIN_VALUE ? 0 : 1 + recurse(n + 1);
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2})
    void aStackOverflowInATaskFailsTheRegionAndTheRuntimeStaysUsable(int workers) {
        Watchdog.within(60, "a task overflowing its stack", () -> {
            try (Weft weft = Weft.builder().workers(workers).build()) {
                TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> r.spawn(() -> recurse(0))));
                assertInstanceOf(StackOverflowError.class, e.getCause());
                long[] x = {0};
                weft.region(r -> r.spawn((long[] a) -> { a[0] = 3; }, inOut(x)));
                assertEquals(3, x[0]);
            }
        });
    }

    /**
     * A task recurses in plain Java and opens a nested region with a task at every level, until the stack
     * overflows: the overflow strikes wherever it does, in the task's frames or in the runtime's code for
     * region, spawn, run or wait, with different amounts of stack per level so that it strikes at different
     * points. Each time the outer region fails with the overflow (it never hangs), and the runtime works after.
     */
    @ParameterizedTest(name = "{0} plain frames between levels")
    @ValueSource(ints = {0, 1, 3, 7, 16})
    void aStackOverflowInTheRuntimesOwnCodeFailsTheRegion(int padding) {
        Watchdog.within(120, "deep recursion through the runtime", () -> {
            try (Weft weft = Weft.builder().workers(2).build()) {
                AtomicInteger deepest = new AtomicInteger();
                Throwable e = assertThrows(Throwable.class, () -> weft.region(r -> r.spawn(() -> {
                    PADDING.set(padding);
                    dive(weft, 0, padding, deepest);
                })));
                assertTrue(causes(e, StackOverflowError.class), "the region must fail because of the overflow: " + e);
                long[] x = {0};
                for (int i = 0; i < 3; i++) weft.region(r -> r.spawn((long[] a) -> { a[0]++; }, inOut(x)));
                assertEquals(3, x[0]);
            }
        });
    }

    private static void dive(Weft weft, int depth, int padding, AtomicInteger deepest) {
        if (padding > 0) {                     // plain frames between two regions shift where the overflow strikes
            dive(weft, depth, padding - 1, deepest);
            return;
        }
        weft.region(r -> r.spawn(() -> deepest.accumulateAndGet(depth, Math::max)));
        dive(weft, depth + 1, PADDING.get(), deepest);
    }

    private static final ThreadLocal<Integer> PADDING = ThreadLocal.withInitial(() -> 0);

    private static boolean causes(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
            for (Throwable s : t.getSuppressed()) if (causes(s, type)) return true;
        }
        return false;
    }
}
