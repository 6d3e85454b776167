package org.weft.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Sync;
import org.weft.Task;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.data.DoubleSlice;
import org.weft.data.Views;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.out;

/**
 * Renaming: a writer that would wait for earlier readers writes a fresh version instead, installed after them; the
 * budget bounds the bytes of fresh versions, and without budget the writer waits as it always did.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RenamingTest {

    static void fillWith(double[] a, double v) {
        java.util.Arrays.fill(a, v);
    }

    @Test
    void aRenamedWriterOvertakesAnEarlierReaderWhichStillSeesTheOldValue() {
        double[] a = {1, 2, 3};
        CountDownLatch written = new CountDownLatch(1);
        try (Weft weft = Weft.builder().workers(2).renaming(1 << 20).inlineTinyTasks(false).build()) {
            double[] seen = weft.regionResult(r -> {
                Task<Double> early = r.spawn((double[] x) -> {
                    Sync.awaitManaged(written, "the renamed writer, which must not wait for this reader");
                    return CopyCountTest.sum(x);
                }, in(a));
                r.spawn((double[] x) -> {
                    fillWith(x, 7);
                    written.countDown();
                }, out(a));
                Task<Double> late = r.spawn(CopyCountTest::sum, in(a));
                return new double[]{early.get(), late.get()};
            });
            assertArrayEquals(new double[]{6, 21}, seen, "the earlier reader saw the old value, the later one the new");
            assertArrayEquals(new double[]{7, 7, 7}, a);
            assertEquals(1, weft.memoryStats().renames());
        }
    }

    @Test
    void slicesAndStridedViewsAreRenamedIntoContiguousBuffersAndInstalledExactly() {
        double[] a = CopyCountTest.data(10);
        CountDownLatch written = new CountDownLatch(1);
        try (Weft weft = Weft.builder().workers(2).renaming(1 << 20).inlineTinyTasks(false).build()) {
            weft.region(r -> {
                r.spawn((double[] x) -> Sync.awaitManaged(written, "the renamed writer"), in(a));
                r.spawn((DoubleSlice s) -> {
                    for (int i = 0; i < s.length(); i++) s.set(i, -1 - i);
                    written.countDown();
                }, out(Views.strided(a, 1, 10, 3)));
            });
            assertArrayEquals(new double[]{0, -1, 2, 3, -2, 5, 6, -3, 8, 9}, a);
            assertEquals(1, weft.memoryStats().renames());
        }
    }

    @Test
    void withoutBudgetTheWriterWaitsAndNothingIsRenamed() {
        double[] a = {1, 2, 3};
        try (Weft weft = Weft.builder().workers(2).renaming(8).build()) {
            double[] seen = weft.regionResult(r -> {
                Task<Double> early = r.spawn(CopyCountTest::sum, in(a));
                r.spawn((double[] x) -> fillWith(x, 7), out(a));
                Task<Double> late = r.spawn(CopyCountTest::sum, in(a));
                return new double[]{early.get(), late.get()};
            });
            assertArrayEquals(new double[]{6, 21}, seen);
            assertEquals(0, weft.memoryStats().renames(), "24 bytes do not fit a budget of 8");
        }
    }

    @Test
    void theBudgetHoldsOverTenThousandRenamesAndEveryReaderSeesItsValue() {
        int n = 10_000;
        double[] a = new double[4];
        long budget = 5 * 32;
        CountDownLatch gate = new CountDownLatch(1);
        try (Weft weft = Weft.builder().workers(2).renaming(budget).throttle(1_000_000).inlineTinyTasks(false).build()) {
            List<Task<Double>> reads = weft.regionResult(r -> {
                List<Task<Double>> ts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ts.add(r.spawn((double[] x) -> {
                        Sync.awaitManaged(gate, "the end of the spawns");
                        return x[0];
                    }, in(a)));
                    double v = i + 1;
                    r.spawn((double[] x) -> fillWith(x, v), out(a));
                }
                gate.countDown();
                return ts;
            });
            for (int i = 0; i < n; i++) assertEquals(i, reads.get(i).get(), "reader " + i);
            assertEquals(n, a[3]);
            MemoryStats m = weft.memoryStats();
            assertTrue(m.renames() >= 5, "the first writers overtake their gated readers: " + m);
            assertTrue(m.renamedBytesPeak() <= budget, "fresh versions never held more than the budget: " + m);
        }
    }

    @Test
    void aRenamedWriterThatFailsLeavesTheDataAsItWas() {
        double[] a = {1, 2, 3};
        CountDownLatch started = new CountDownLatch(1);
        try (Weft weft = Weft.builder().workers(2).renaming(1 << 20).inlineTinyTasks(false).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                r.spawn((double[] x) -> Sync.awaitManaged(started, "the writer"), in(a));
                r.spawn((double[] x) -> {
                    fillWith(x, 9);
                    started.countDown();
                    throw new IllegalStateException("after writing its fresh version");
                }, out(a));
            }));
            assertArrayEquals(new double[]{1, 2, 3}, a);
            weft.region(r -> r.spawn((double[] x) -> fillWith(x, 4), out(a)));
            assertArrayEquals(new double[]{4, 4, 4}, a, "the budget came back and the runtime is usable");
        }
    }
}
