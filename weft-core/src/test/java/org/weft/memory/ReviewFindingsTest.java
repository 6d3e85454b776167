package org.weft.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Reduction;
import org.weft.Shared;
import org.weft.Sync;
import org.weft.Task;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.data.DoubleSlice;
import org.weft.data.Views;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.concurrent;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;
import static org.weft.Access.reduce;
import static org.weft.Access.weakInOut;

/** Defects a review of the memory-space work found, each as the program that showed it. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReviewFindingsTest {

    static void fill(DoubleSlice s, double v) {
        for (int i = 0; i < s.length(); i++) s.set(i, v);
    }

    @Test
    void aNestedRegionDoesNotDropADirectoryItsParentRegionStillUses() {
        MemorySpace mirror = MemorySpaces.heapMirror("mirror");
        double[] a = new double[100];
        CountDownLatch nestedDone = new CountDownLatch(1);
        try (Weft weft = Weft.builder().workers(2).inlineTinyTasks(false).build()) {
            weft.region(r -> {
                r.spawn((DoubleSlice half) -> {
                    weft.region(inner -> inner.task((DoubleSlice x) -> fill(x, 2)).on(mirror).spawn(inOut(half)));
                    nestedDone.countDown();
                }, inOut(Views.range(a, 50, 100)));
                r.task((DoubleSlice x) -> {
                    Sync.awaitManaged(nestedDone, "the nested region's end");
                    fill(x, 1);
                }).on(mirror).spawn(inOut(Views.range(a, 0, 50)));
            });
        }
        for (int i = 0; i < 100; i++) assertEquals(i < 50 ? 1 : 2, a[i], "element " + i);
    }

    /**
     * Two top-level regions at once read one raw array on a device, over and over. The last region to release the
     * array's directory used to forget it only after leaving the lock, so the other region could take the directory
     * in between and then have its replicas freed under it (its task finding no directory).
     */
    @Test
    void concurrentRegionsReadingOneArrayOnADeviceNeverLoseItsDirectory() throws Exception {
        MemorySpace mirror = MemorySpaces.heapMirror("mirror");
        double[] a = new double[64];
        for (int i = 0; i < a.length; i++) a[i] = i;
        double expected = 63 * 64 / 2.0;
        try (Weft weft = Weft.builder().workers(2).build()) {
            java.util.List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            CyclicBarrier start = new CyclicBarrier(2);
            Thread[] threads = new Thread[2];
            for (int k = 0; k < threads.length; k++) {
                threads[k] = new Thread(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                        for (int round = 0; round < 500; round++) {
                            @SuppressWarnings("unchecked")
                            Task<Double>[] sum = new Task[1];
                            weft.region(r -> sum[0] = r.task((DoubleSlice x) -> {
                                double t = 0;
                                for (int i = 0; i < x.length(); i++) t += x.get(i);
                                return t;
                            }).on(mirror).spawn(in(Views.range(a, 0, a.length))));
                            assertEquals(expected, sum[0].get(), "round " + round);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "region-" + k);
                threads[k].start();
            }
            for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(50));
            for (Thread t : threads) assertTrue(!t.isAlive(), t.getName() + " is still running its regions");
            assertEquals(java.util.List.of(), failures);
        }
    }

    @Test
    void aWeakAccessKeepsThePlanSoALaterHostReaderGetsItsCopy() {
        MemorySpace mirror = MemorySpaces.heapMirror("mirror");
        double[] a = new double[100];
        try (Weft weft = Weft.builder().workers(2).build()) {
            double s = weft.regionResult(r -> {
                r.task((DoubleSlice x) -> fill(x, 1)).on(mirror).spawn(inOut(Views.range(a, 0, 50)));
                r.task((DoubleSlice x) -> fill(x, 1)).on(mirror).spawn(inOut(Views.range(a, 50, 100)));
                r.spawn((double[] x) -> { }, weakInOut(a));                  // spawns no children this time
                return r.spawn(CopyCountTest::sum, in(a)).get();
            });
            assertEquals(100, s);
        }
    }

    @Test
    void concurrentTasksOnATrackedArrayStillRunTogether() {
        MemorySpace mirror = MemorySpaces.heapMirror("mirror");
        double[] a = new double[10];
        CyclicBarrier both = new CyclicBarrier(2);
        try (Weft weft = Weft.builder().workers(2).inlineTinyTasks(false).build()) {
            weft.region(r -> {
                r.task((double[] x) -> { x[0] = 1; }).on(mirror).spawn(inOut(a));          // the array is now tracked
                for (int k = 0; k < 2; k++)
                    r.spawn((double[] x) -> {
                        try {
                            both.await(20, TimeUnit.SECONDS);                 // both members at once, or a timeout
                        } catch (Exception e) {
                            throw new AssertionError("the concurrent members did not run together", e);
                        }
                    }, concurrent(a));
            });
            assertEquals(1, a[0]);
        }
    }

    static double scale(double[] x) {
        return x.length;
    }

    @Test
    void onAnyLeavesOutACandidateThatCannotTakeTheTask() {
        MemorySpace off = MemorySpaces.offHeap("off-heap");      // cannot hand a double[] to a double[] parameter
        double[] a = new double[8];
        try (Weft weft = Weft.builder().workers(2).build()) {
            for (int k = 0; k < 10; k++) {
                double got = weft.regionResult(r -> r.task(ReviewFindingsTest::scale).onAny(MemorySpaces.host(), off).spawn(in(a)).get());
                assertEquals(8.0, got);
            }
        }
    }

    @Test
    void anEmptyViewCanBePlaced() {
        MemorySpace mirror = MemorySpaces.heapMirror("mirror");
        double[] a = new double[4];
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task((DoubleSlice x) -> fill(x, 9)).on(mirror).spawn(out(Views.range(a, 2, 2))));
            assertEquals(0, weft.memoryStats().copies());
        }
    }

    @Test
    void aReduceOnASharedArrayIsRefusedAtSpawnAndLeavesNoTrace() {
        double[] a = new double[4], b = new double[1];
        try (Weft weft = Weft.builder().workers(2).build(); Shared<double[]> s = weft.share(a)) {
            double[] got = weft.regionResult(r -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> r.spawn((double[] x, double[] y) -> { }, inOut(b), reduce(Reduction.doubleSum(), a)));
                assertTrue(e.getMessage().contains("reduce(...) on an array whose current bytes memory spaces track"), e.getMessage());
                r.spawn((double[] y) -> { y[0] = 5; }, inOut(b));
                return b;
            });
            assertEquals(5, got[0], "the refused spawn registered nothing that could cancel the next task");
        }
    }

    /** A heap mirror whose copies to the device fail. */
    private record Failing(MemorySpace inner) implements MemorySpace {
        @Override public String name() { return "failing"; }
        @Override public boolean hostAddressable() { return true; }
        @Override public long capacity() { return Long.MAX_VALUE; }
        @Override public Replica allocate(Object root, long offset, long byteSize) { return inner.allocate(root, offset, byteSize); }
        @Override public void copy(Object home, Replica replica, boolean toReplica, ByteRuns runs, Landing done) { done.failed(new IllegalStateException("link down")); }
        @Override public boolean canPresent(Object datum, Class<?> type) { return inner.canPresent(datum, type); }
        @Override public Object present(Replica replica, Object datum, Class<?> type) { return inner.present(replica, datum, type); }
    }

    @Test
    void aTaskCancelledByAFailedCopyCarriesTheCopysFailure() {
        MemorySpace bad = new Failing(MemorySpaces.heapMirror("x"));
        double[] a = new double[4];
        try (Weft weft = Weft.builder().workers(2).build()) {
            Task<?>[] t = new Task<?>[1];
            assertThrows(RuntimeException.class, () -> weft.region(r -> { t[0] = r.task(CopyCountTest::sum).on(bad).spawn(in(a)); }));
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> t[0].get());
            assertNotNull(e.getCause(), e.getMessage());
            assertTrue(String.valueOf(e.getCause()).contains("link down"), String.valueOf(e.getCause()));
        }
    }
}
