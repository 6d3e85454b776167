package org.weft.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Mode;
import org.weft.Shared;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.data.DoubleSlice;
import org.weft.data.Matrix;
import org.weft.data.SegmentSlice;
import org.weft.data.Views;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;

/**
 * The copies memory spaces must reach, exactly: counted per copy operation and per byte between the host and a
 * "device" (a heap mirror, which counts its copies as a device would, and an off-heap space for native presentation).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CopyCountTest {
    private static final MemorySpace HOST = MemorySpaces.host();

    static double sum(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s;
    }

    static void addOne(double[] a) {
        for (int i = 0; i < a.length; i++) a[i] += 1;
    }

    static void fill(double[] a) {
        for (int i = 0; i < a.length; i++) a[i] = 7;
    }

    static double[] data(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    @Test
    void aHostCurrentDatumReadOnTheDeviceIsCopiedInOnceAndNeverOut() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = data(100);
        try (Weft weft = Weft.builder().workers(2).build()) {
            double s = weft.regionResult(r -> r.task(CopyCountTest::sum).on(dev).spawn(in(a)).get());
            assertEquals(4950, s);
            MemoryStats m = weft.memoryStats();
            assertEquals(1, m.copies(HOST, dev));
            assertEquals(800, m.bytes(HOST, dev));
            assertEquals(0, m.copies(dev, HOST));
            assertEquals(0, m.allocatedBytes(dev), "a raw array's replicas are dropped at the end of its region");
        }
    }

    @Test
    void readersInOneSpaceShareOneCopy() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = data(100);
        try (Weft weft = Weft.builder().workers(2).build()) {
            double total = weft.regionResult(r -> {
                java.util.List<org.weft.Task<Double>> ts = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) ts.add(r.task(CopyCountTest::sum).on(dev).spawn(in(a)));
                double t = 0;
                for (org.weft.Task<Double> x : ts) t += x.get();
                return t;
            });
            assertEquals(8 * 4950, total);
            assertEquals(1, weft.memoryStats().copies(HOST, dev), "eight readers, one copy");
        }
    }

    @Test
    void anInputWhoseProducerIsDoneIsCopiedBeforeTheConsumersOtherPredecessorsFinish() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = data(10), b = data(10);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // three workers: the body watches the counters, one worker is held by b's writer, one is free for the copy
        try (Weft weft = Weft.builder().workers(3).inlineTinyTasks(false).build()) {
            double s = weft.regionResult(r -> {
                r.spawn((double[] x) -> org.weft.Sync.awaitManaged(release, "the test, once the prefetch is seen"), inOut(b));
                var t = r.task((double[] x, double[] y) -> sum(x) + sum(y)).on(dev).spawn(in(a), in(b));
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (weft.memoryStats().copies(HOST, dev) < 1 && System.nanoTime() < deadline) Thread.onSpinWait();
                long early = weft.memoryStats().copies(HOST, dev);
                release.countDown();
                assertEquals(1, early, "a's copy ran while b's writer was still blocked");
                return t.get();
            });
            assertEquals(90, s);
            assertEquals(2, weft.memoryStats().copies(HOST, dev));
        }
    }

    @Test
    void inOutOnTheHostCopiesNothing() {
        double[] a = data(10);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.spawn(CopyCountTest::addOne, inOut(a)));
            assertEquals(0, weft.memoryStats().copies());
            assertEquals(1, a[0]);
        }
    }

    @Test
    void inOutOnTheDeviceOfRawDataIsOneInAndOneOutAtRegionEnd() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = data(10);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a));
                r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a));      // still 1 + 1
            });
            MemoryStats m = weft.memoryStats();
            assertEquals(1, m.copies(HOST, dev));
            assertEquals(1, m.copies(dev, HOST));
            assertEquals(80, m.bytes(dev, HOST));
            assertArrayEquals(new double[]{2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, a);
        }
    }

    @Test
    void anOutOnTheDeviceIsNeverCopiedIn() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = data(10);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task(CopyCountTest::fill).on(dev).spawn(out(a)));
            MemoryStats m = weft.memoryStats();
            assertEquals(0, m.copies(HOST, dev));
            assertEquals(1, m.copies(dev, HOST));
            assertEquals(7, a[3]);
        }
    }

    @Test
    void aHostTaskAfterADeviceWriterWaitsForTheCopyAndSeesItCounted() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = data(4);
        AtomicLong seen = new AtomicLong(-1);
        try (Weft weft = Weft.builder().workers(2).build()) {
            double s = weft.regionResult(r -> {
                r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a));
                return r.spawn((double[] x) -> {
                    seen.set(weft.memoryStats().copies(dev, HOST));
                    return sum(x);
                }, in(a)).get();
            });
            assertEquals(10, s);
            assertEquals(1, seen.get(), "the copy home is counted before the reader runs");
            assertEquals(1, weft.memoryStats().copies(dev, HOST), "nothing left to write back at the end");
        }
    }

    @Test
    void aSharedStencilOverAHundredRegionsMovesInOnceAndOutOnceAtAcquire() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] u = data(64);
        double[] expected = u.clone();
        for (int k = 0; k < 100; k++) smooth(expected);
        try (Weft weft = Weft.builder().workers(2).build(); Shared<double[]> s = weft.share(u)) {
            for (int k = 0; k < 100; k++) weft.region(r -> r.task(CopyCountTest::smooth).on(dev).spawn(inOut(u)));
            MemoryStats before = weft.memoryStats();
            assertEquals(1, before.copies(HOST, dev));
            assertEquals(0, before.copies(dev, HOST));
            assertArrayEquals(expected, s.acquire(Mode.IN));
            s.release();
            assertEquals(1, weft.memoryStats().copies(dev, HOST));
            assertArrayEquals(expected, s.get(), "a second get copies nothing");
            assertEquals(1, weft.memoryStats().copies(dev, HOST));
        }
    }

    static void smooth(double[] u) {
        double prev = u[0];
        for (int i = 1; i < u.length - 1; i++) {
            double cur = u[i];
            u[i] = (prev + cur + u[i + 1]) / 3;
            prev = cur;
        }
    }

    @Test
    void aWriteAfterAcquireMakesTheHomeCurrentAgain() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] u = data(8);
        try (Weft weft = Weft.builder().workers(2).build(); Shared<double[]> s = weft.share(u)) {
            weft.region(r -> r.task(CopyCountTest::addOne).on(dev).spawn(inOut(u)));
            double[] h = s.acquire(Mode.INOUT);
            h[0] = 100;
            s.release();
            double total = weft.regionResult(r -> r.task(CopyCountTest::sum).on(dev).spawn(in(u)).get());
            assertEquals(100 + (2 + 3 + 4 + 5 + 6 + 7 + 8), total);
            assertEquals(2, weft.memoryStats().copies(HOST, dev));
        }
    }

    static void negate(DoubleSlice s) {
        for (int i = 0; i < s.length(); i++) s.set(i, -s.get(i));
    }

    static void negateSegment(SegmentSlice s) {
        for (long i = 0; i < s.count(); i++) s.setDouble(i, -s.getDouble(i));
    }

    @Test
    void overlappingViewsWrittenInDifferentSpacesCopyOnlyTheirOwnBytes() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = data(100);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.task(CopyCountTest::negate).on(dev).spawn(inOut(Views.strided(a, 0, 100, 2)));     // evens on the device
                r.spawn(CopyCountTest::negate, inOut(Views.strided(a, 1, 100, 2)));                   // odds on the host
            });
            for (int i = 0; i < 100; i++) assertTrue(a[i] == -i, "element " + i + " is " + a[i]);
            MemoryStats m = weft.memoryStats();
            assertEquals(50 * 8, m.bytes(HOST, dev), "only the even elements go to the device");
            assertEquals(50 * 8, m.bytes(dev, HOST), "and only they come back: the odd ones written on the host stay");
        }
    }

    static void setTriangle(org.weft.data.Triangle t, double v) {
        for (int j = 0; j < t.matrix().cols(); j++)
            for (int i = 0; i < t.matrix().rows(); i++) if (t.contains(i, j)) t.set(i, j, v);
    }

    @Test
    void trianglesAndRowsWrittenInThreeSpacesComeBackExactly() {
        MemorySpace mirror = MemorySpaces.heapMirror("mirror"), off = MemorySpaces.offHeap("off-heap");
        int n = 8;
        double[] m = new double[n * n];
        Matrix whole = Matrix.wrap(m, n, n);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.task(CopyCountTest::setTriangle).on(mirror).spawn(out(whole.lower(false)), org.weft.Access.val(1.0));   // strictly below
                r.spawn(CopyCountTest::setTriangle, out(whole.upper(true)), org.weft.Access.val(2.0));                  // diagonal and above
                r.task((Matrix row) -> { for (int j = 0; j < row.cols(); j++) row.set(0, j, row.get(0, j) + 10); })
                        .on(off).spawn(inOut(whole.row(5)));                                                            // after both
            });
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++)
                    assertEquals((i > j ? 1 : 2) + (i == 5 ? 10 : 0), m[i + n * j], "m(" + i + ", " + j + ")");
            MemoryStats s = weft.memoryStats();
            long strictLower = 8L * n * (n - 1) / 2;
            assertEquals(0, s.bytes(HOST, mirror), "an OUT is never copied in");
            assertEquals(strictLower, s.bytes(mirror, HOST), "only the strict lower triangle comes back from the mirror");
            assertEquals(8L * n, s.bytes(HOST, off), "the row goes to off-heap: its own 8 elements, one per column");
            assertEquals(8L * n, s.bytes(off, HOST));
            assertEquals(2, s.copies(mirror, HOST), "row 5's five lower elements come home for the off-heap task (through the host), the rest at the end");
            assertEquals(1, s.copies(off, HOST));
        }
    }

    @Test
    void offHeapTasksReceiveSegmentsAndMatricesOverTheirReplicas() {
        MemorySpace off = MemorySpaces.offHeap("off-heap");
        int n = 8;
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) m[i] = i;
        double[] v = data(16);
        Matrix whole = Matrix.wrap(m, n, n);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                for (int t = 0; t < 4; t++) {
                    Matrix tile = whole.tile(t / 2, t % 2, 4);
                    r.task((Matrix x) -> {
                        assertTrue(x.segment() != null, "the tile is presented over native memory");
                        for (int j = 0; j < x.cols(); j++) for (int i = 0; i < x.rows(); i++) x.set(i, j, x.get(i, j) * 2);
                    }).on(off).spawn(inOut(tile));
                }
                r.task(CopyCountTest::negateSegment).on(off).spawn(inOut(Views.range(v, 4, 12)));
            });
            for (int i = 0; i < m.length; i++) assertEquals(2.0 * i, m[i]);
            for (int i = 0; i < 16; i++) assertTrue(v[i] == (i >= 4 && i < 12 ? -i : i), "element " + i + " is " + v[i]);
            MemoryStats s = weft.memoryStats();
            assertEquals(5, s.copies(HOST, off), "one copy per task");
            assertEquals(2, s.copies(off, HOST), "at region end each root comes home in one copy of its written runs");
            assertEquals((m.length + 8) * 8L, s.bytes(off, HOST));
        }
    }

    @Test
    void aDeviceTaskThatFailsLeavesTheRegionsOtherDataWrittenBack() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        double[] a = data(4), b = data(4);
        try (Weft weft = Weft.builder().workers(2).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a));
                r.task((double[] x) -> {
                    x[0] = 99;
                    throw new IllegalStateException("boom");
                }).on(dev).spawn(inOut(b));
            }));
            assertArrayEquals(new double[]{1, 2, 3, 4}, a, "committed work comes home");
            assertEquals(99, b[0], "a failed task that is not atomic keeps what it wrote");
            weft.region(r -> r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a)));
            assertArrayEquals(new double[]{2, 3, 4, 5}, a, "the runtime is usable afterwards");
        }
    }

    @Test
    void placementErrorsNameTheTaskAndTheArgument() {
        MemorySpace dev = MemorySpaces.heapMirror("device");
        MemorySpace off = MemorySpaces.offHeap("off-heap");
        double[] a = data(4);
        try (Weft weft = Weft.builder().workers(2).build()) {
            IllegalArgumentException closure = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task(() -> a[0]++).on(dev).spawn(inOut(a))));
            assertTrue(closure.getMessage().contains("closure"), closure.getMessage());
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task(CopyCountTest::addOne).on(off).spawn(inOut(a))));
            assertTrue(type.getMessage().contains("argument 1") && type.getMessage().contains("double[]"), type.getMessage());
            IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task(CopyCountTest::addOne).on(dev).spawn(org.weft.Access.commutative(a))));
            assertTrue(mode.getMessage().contains("COMMUTATIVE"), mode.getMessage());
            Exception nested = assertThrows(Exception.class, () -> weft.region(r -> r.task((double[] x) -> weft.region(q -> { })).on(dev).spawn(inOut(a))));
            assertTrue(String.valueOf(nested.getCause()).contains("nested region") || nested.getMessage().contains("nested region"), nested.toString());
            weft.region(r -> r.task(CopyCountTest::addOne).on(dev).spawn(inOut(a)));
            assertEquals(1, a[0], "nothing was run or registered by the refused spawns");
        }
    }
}
