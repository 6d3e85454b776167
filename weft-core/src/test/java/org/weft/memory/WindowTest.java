package org.weft.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.Shared;
import org.weft.Task;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.data.SegmentSlice;
import org.weft.data.Views;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.weft.Access.in;
import static org.weft.Access.inOut;
import static org.weft.Access.out;

/**
 * Arrays larger than a space: each task placed there gets a window of the bytes it touches, filled with what it reads,
 * emptied home of what it writes, freed when it ends; counted exactly, coherent with the other spaces, and refused at
 * spawn when even the window does not fit.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowTest {
    static final MemorySpace HOST = MemorySpaces.host();

    static void timesTwo(SegmentSlice v) {
        for (long i = 0; i < v.count(); i++) v.setDouble(i, v.getDouble(i) * 2);
    }

    static double sum(SegmentSlice v) {
        double s = 0;
        for (long i = 0; i < v.count(); i++) s += v.getDouble(i);
        return s;
    }

    @Test
    void tasksOnSlicesOfAnArrayLargerThanTheSpaceEachMoveOnlyTheirSlice() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.offHeap("small"), 2048);
        double[] a = CopyCountTest.data(1024);                 // 8 KiB: four times the space
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                for (int t = 0; t < 16; t++) r.task(WindowTest::timesTwo).on(small).spawn(inOut(Views.range(a, 64 * t, 64 * t + 64)));
            });
            for (int i = 0; i < 1024; i++) assertEquals(2.0 * i, a[i], "element " + i);
            MemoryStats m = weft.memoryStats();
            assertEquals(16, m.copies(HOST, small), "one copy in per task");
            assertEquals(8L * 1024, m.bytes(HOST, small), "each byte once");
            assertEquals(16, m.copies(small, HOST), "what each task wrote, home after it");
            assertEquals(8L * 1024, m.bytes(small, HOST));
            assertEquals(0, m.allocatedBytes(small), "every window was freed");
        }
    }

    @Test
    void aStridedViewMovesOnlyItsElementsThroughAWindowOfItsExtent() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.offHeap("small"), 1024);
        double[] a = CopyCountTest.data(512);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task(WindowTest::timesTwo).on(small).spawn(inOut(Views.strided(a, 101, 201, 2))));
            for (int i = 0; i < 512; i++) assertEquals(i >= 101 && i < 201 && (i - 101) % 2 == 0 ? 2.0 * i : i, a[i], "element " + i);
            MemoryStats m = weft.memoryStats();
            assertEquals(50 * 8L, m.bytes(HOST, small), "only the 50 elements, not the extent between them");
            assertEquals(50 * 8L, m.bytes(small, HOST));
        }
    }

    @Test
    void anOutTaskOnAWindowIsNeverCopiedIn() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.offHeap("small"), 1024);
        double[] a = CopyCountTest.data(512);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> r.task((SegmentSlice v) -> {
                for (long i = 0; i < v.count(); i++) v.setDouble(i, -1);
            }).on(small).spawn(out(Views.range(a, 8, 72))));
            for (int i = 0; i < 512; i++) assertEquals(i >= 8 && i < 72 ? -1 : i, a[i], "element " + i);
            assertEquals(0, weft.memoryStats().copies(HOST, small));
            assertEquals(64 * 8L, weft.memoryStats().bytes(small, HOST));
        }
    }

    @Test
    void windowsStayCoherentWithAnotherDeviceThatHoldsTheWholeArray() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.offHeap("small"), 1024);
        MemorySpace big = MemorySpaces.heapMirror("big");
        double[] a = CopyCountTest.data(512);
        try (Weft weft = Weft.builder().workers(2).build(); Shared<double[]> s = weft.share(a)) {
            double[] got = new double[2];
            weft.region(r -> {
                r.task(CopyCountTest::addOne).on(big).spawn(inOut(a));                              // the bytes are current only on "big"
                r.task(WindowTest::timesTwo).on(small).spawn(inOut(Views.range(a, 0, 64)));         // home from "big", then into the window
                Task<Double> onBig = r.task((double[] x) -> x[0] + x[63]).on(big).spawn(in(a));      // sees the window's write
                Task<Double> onSmall = r.task(WindowTest::sum).on(small).spawn(in(Views.range(a, 64, 128)));
                r.spawn((Double x, Double y) -> { got[0] = x; got[1] = y; }, onBig, onSmall);
            });
            assertEquals(2.0 * 1 + 2.0 * 64, got[0], "the whole-array device saw what the window wrote");
            double expected = 0;
            for (int i = 64; i < 128; i++) expected += i + 1;
            assertEquals(expected, got[1], "the window saw what the other device wrote");
            double[] now = s.get();
            for (int i = 0; i < 512; i++) assertEquals(i < 64 ? 2.0 * (i + 1) : i + 1, now[i], "element " + i);
            assertEquals(0, weft.memoryStats().allocatedBytes(small));
        }
    }

    @Test
    void matrixTilesOfAMatrixLargerThanTheSpaceWorkInWindows() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.offHeap("small"), 4096);
        int n = 32;
        double[] m = CopyCountTest.data(n * n);                     // 8 KiB; a 16 x 16 tile spans 16 columns of 32 rows: < 4 KiB
        Matrix whole = Matrix.wrap(m, n, n);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                for (int t = 0; t < 4; t++)
                    r.task((Matrix tile) -> {
                        for (int j = 0; j < tile.cols(); j++)
                            for (int i = 0; i < tile.rows(); i++) tile.set(i, j, tile.get(i, j) + 1000);
                    }).on(small).spawn(inOut(whole.tile(t / 2, t % 2, 16)));
            });
            for (int i = 0; i < m.length; i++) assertEquals(i + 1000.0, m[i], "element " + i);
            assertEquals(8L * n * n, weft.memoryStats().bytes(HOST, small), "each tile's columns, not the rows between them");
        }
    }

    @Test
    void strictTrianglesAndDiagonalsOfAMatrixLargerThanTheSpaceAreRebuiltOverTheirWindow() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.offHeap("small"), 4096);
        int n = 32;
        double[] m = CopyCountTest.data(n * n);
        Matrix whole = Matrix.wrap(m, n, n);
        Matrix tile = whole.tile(1, 1, 16);                         // rows and columns 16..31
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.task((org.weft.data.Triangle t) -> {
                    Matrix b = t.matrix();
                    for (int j = 0; j < b.cols(); j++) for (int i = 0; i < j; i++) b.set(i, j, -1);
                }).on(small).spawn(inOut(tile.upper(false)));
                r.task((org.weft.data.Diagonal d) -> {
                    Matrix b = d.matrix();
                    for (int i = 0; i < b.rows(); i++) b.set(i, i, -2);
                }).on(small).spawn(inOut(tile.diagonal()));
            });
        }
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                double expected = i >= 16 && j >= 16 ? (i < j ? -1 : i == j ? -2 : i + j * n) : i + j * n;
                assertEquals(expected, m[i + j * n], "element (" + i + ", " + j + ")");
            }
    }

    @Test
    void windowReservationsWaitForRoomRatherThanOverfillTheSpace() throws Exception {
        org.weft.coherence.Coherence c = new org.weft.coherence.Coherence();
        int id = c.id(new EvictionTest.Small(MemorySpaces.offHeap("small"), 1024));
        c.reserveWindows(id, 600);
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch reserving = new java.util.concurrent.CountDownLatch(1);
        Thread second = new Thread(() -> {
            try {
                reserving.countDown();
                c.reserveWindows(id, 600);
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "second");
        second.start();
        assertTrue(reserving.await(30, java.util.concurrent.TimeUnit.SECONDS));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        Thread.State st = second.getState();
        while (st != Thread.State.TIMED_WAITING && st != Thread.State.WAITING && st != Thread.State.TERMINATED && System.nanoTime() < deadline)
            st = second.getState();
        assertTrue(st == Thread.State.TIMED_WAITING || st == Thread.State.WAITING, "the second reservation waits for room: " + st);
        c.releaseWindows(id, 600);
        second.join(30_000);
        assertEquals(null, failed.get());
        assertEquals(Thread.State.TERMINATED, second.getState(), "it got the room once the first was released");
        c.releaseWindows(id, 600);
    }

    @Test
    void anEmptyViewOfAnArrayLargerThanTheSpaceIsRefusedAtSpawn() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.offHeap("small"), 512);
        double[] a = CopyCountTest.data(512);
        try (Weft weft = Weft.builder().workers(2).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task(WindowTest::timesTwo).on(small).spawn(inOut(Views.range(a, 5, 5)))));
            assertTrue(e.getMessage().contains("empty view"), e.getMessage());
        }
    }

    @Test
    void aTaskWhoseWindowDoesNotFitIsRefusedAtSpawnNamingTheSizes() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.offHeap("small"), 512);
        double[] a = CopyCountTest.data(512);
        try (Weft weft = Weft.builder().workers(2).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task(WindowTest::timesTwo).on(small).spawn(inOut(Views.range(a, 0, 100)))));
            assertTrue(e.getMessage().contains("800") && e.getMessage().contains("512") && e.getMessage().contains("small"), e.getMessage());
            weft.region(r -> r.task(WindowTest::timesTwo).on(small).spawn(inOut(Views.range(a, 0, 60))));
            assertEquals(2, a[1], "the runtime is usable afterwards");
        }
    }

    @Test
    void aFailingTaskOnAWindowKeepsWhatItWroteAndAnAtomicOneLeavesNothing() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.offHeap("small"), 1024);
        double[] a = CopyCountTest.data(512), b = CopyCountTest.data(512);
        try (Weft weft = Weft.builder().workers(2).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> r.task((SegmentSlice v) -> {
                v.setDouble(0, 99);
                throw new IllegalStateException("boom in a window");
            }).on(small).spawn(inOut(Views.range(a, 10, 20)))));
            assertEquals(99, a[10], "a task that is not atomic keeps what it wrote");
            assertThrows(TaskFailedException.class, () -> weft.region(r -> r.task((SegmentSlice v) -> {
                v.setDouble(0, 99);
                throw new IllegalStateException("boom in a window");
            }).on(small).atomic().spawn(inOut(Views.range(b, 10, 20)))));
            assertArrayEquals(CopyCountTest.data(512), b, "an atomic one leaves the array bit-identical");
            assertEquals(0, weft.memoryStats().allocatedBytes(small));
        }
    }

    @Test
    void manyRegionsOfWindowTasksHoldNoMemoryBetweenThem() {
        MemorySpace small = new EvictionTest.Small(MemorySpaces.offHeap("small"), 1024);
        double[] a = CopyCountTest.data(512);
        try (Weft weft = Weft.builder().workers(2).build(); Shared<double[]> s = weft.share(a)) {
            List<Task<Double>> sums = new ArrayList<>();
            for (int g = 0; g < 20; g++)
                sums.add(weft.regionResult(r -> r.task(WindowTest::sum).on(small).spawn(in(Views.range(a, 0, 100)))));
            for (Task<Double> t : sums) assertEquals(99 * 100 / 2.0, t.get());
            assertEquals(20, weft.memoryStats().copies(HOST, small), "a window is not kept: each region copies in again");
            assertEquals(0, weft.memoryStats().allocatedBytes(small));
        }
    }
}
