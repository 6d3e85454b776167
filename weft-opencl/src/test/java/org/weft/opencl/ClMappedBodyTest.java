package org.weft.opencl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.weft.TaskFailedException;
import org.weft.Weft;
import org.weft.data.Matrix;
import org.weft.data.SegmentSlice;
import org.weft.data.Views;
import org.weft.memory.MemorySpace;
import org.weft.memory.MemorySpaces;
import org.weft.memory.MemoryStats;
import org.weft.memory.Replica;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.weft.Access.in;
import static org.weft.opencl.ClSpaceTest.data;
import static org.weft.Access.inOut;
import static org.weft.Access.out;

/**
 * Java bodies on an OpenCL device with host-unified memory (PoCL's CPU device in CI): a body whose parameter takes
 * memory receives the device buffer itself, mapped while it runs, and shares the data with kernel tasks on the same
 * buffers without extra copies. Also what keeps mapped buffers and commands apart: commands on a held buffer wait for
 * its unmap, a body holding a mapping may not enqueue commands, and a failing body leaves nothing mapped. Skipped, with
 * the reason printed, without a host-unified OpenCL device that computes in double precision.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClMappedBodyTest {
    static final MemorySpace HOST = MemorySpaces.host();
    static ClSpace dev;
    static String skipReason;

    @BeforeAll
    static void openDevice() {
        Optional<String> why = OpenCl.unavailableReason();
        if (why.isPresent()) skipReason = "no OpenCL: " + why.get();
        else {
            ClDevice d = OpenCl.get().devices().stream().filter(x -> x.doublePrecision() && x.hostUnifiedMemory()).findFirst().orElse(null);
            if (d == null) skipReason = "no host-unified OpenCL device computes in double precision";
            else {
                dev = ClSpace.open(d, "cl-unified", 1L << 30);
                System.out.println("mapped-body tests on " + d);
            }
        }
        if (skipReason != null) System.out.println("mapped-body tests skipped: " + skipReason);
    }

    @BeforeEach
    void needDevice() {
        assumeTrue(skipReason == null, () -> skipReason);
    }

    @AfterAll
    static void closeDevice() {
        if (dev != null) dev.close();
    }

    // ---- bodies: Java on mapped memory, and kernels on ClViews ----

    static void timesTen(SegmentSlice v) {
        for (long i = 0; i < v.count(); i++) v.setDouble(i, v.getDouble(i) * 10);
    }

    static double sum(SegmentSlice v) {
        double s = 0;
        for (long i = 0; i < v.count(); i++) s += v.getDouble(i);
        return s;
    }

    static void addOneOnDevice(ClView a) {
        a.space().kernel(ClSpaceTest.SOURCE, "add").arg(0, a).arg(1, a.offset()).arg(2, a.stride()).arg(3, a.count()).arg(4, 1.0).run(a.count());
    }

    @Test
    void aJavaBodyReceivesTheMappedBufferAndSharesItWithKernelsWithoutCopies() {
        double[] a = data(64);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.task(ClMappedBodyTest::timesTen).on(dev).spawn(inOut(Views.range(a, 0, 64)));
                r.task(ClMappedBodyTest::addOneOnDevice).on(dev).spawn(inOut(a));        // the kernel sees the Java writes
                r.task(ClMappedBodyTest::timesTen).on(dev).spawn(inOut(Views.range(a, 0, 64)));   // Java sees the kernel's
            });
            for (int i = 0; i < 64; i++) assertEquals((i * 10 + 1) * 10.0, a[i], "element " + i);
            MemoryStats m = weft.memoryStats();
            assertEquals(1, m.copies(HOST, dev), "one copy in for three tasks on the device");
            assertEquals(64 * 8L, m.bytes(HOST, dev));
            assertEquals(1, m.copies(dev, HOST), "one copy home at region end");
            assertEquals(64 * 8L, m.bytes(dev, HOST));
        }
        assertEquals(0, dev.liveBytes(), "the replica was freed");
    }

    @Test
    void anOutBodyOnMappedMemoryIsNeverCopiedInAndReadsBackExactly() {
        double[] a = data(32);
        double[] result = new double[1];
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.task((SegmentSlice v) -> {
                    for (long i = 0; i < v.count(); i++) v.setDouble(i, -1);
                }).on(dev).spawn(out(Views.strided(a, 1, 32, 2)));
                var total = r.task(ClMappedBodyTest::sum).on(dev).spawn(in(Views.range(a, 0, 32)));
                r.task((Double s) -> result[0] = s).spawn(total);
            });
            MemoryStats m = weft.memoryStats();
            assertEquals(16 * 8L, m.bytes(HOST, dev), "only the even elements, which the OUT task did not write, are copied in");
            assertEquals(16 * 8L, m.bytes(dev, HOST), "only the odd elements come back");
        }
        double expected = 0;
        for (int i = 0; i < 32; i++) expected += i % 2 == 1 ? -1 : i;
        assertEquals(expected, result[0]);
        for (int i = 0; i < 32; i++) assertEquals(i % 2 == 1 ? -1 : i, a[i], "element " + i);
    }

    @Test
    void matrixTilesOnMappedMemoryAreUpdatedInPlace() {
        int n = 16;
        double[] m = data(n * n);
        Matrix whole = Matrix.wrap(m, n, n);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                for (int t = 0; t < 4; t++)
                    r.task((Matrix tile) -> {
                        for (int j = 0; j < tile.cols(); j++)
                            for (int i = 0; i < tile.rows(); i++) tile.set(i, j, tile.get(i, j) + 0.5);
                    }).on(dev).spawn(inOut(whole.tile(t / 2, t % 2, 8)));
            });
            for (int i = 0; i < m.length; i++) assertEquals(i + 0.5, m[i], "element " + i);
            assertEquals(4, weft.memoryStats().copies(HOST, dev), "one copy per tile");
            assertEquals(1, weft.memoryStats().copies(dev, HOST), "the matrix comes home in one copy of its written runs");
        }
    }

    @Test
    void aMappedBodyAndAKernelOnDisjointHalvesOfOneBufferBothLand() throws Exception {
        double[] a = data(64);
        CountDownLatch kernelTaskStarted = new CountDownLatch(1);
        try (Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                r.task((SegmentSlice v) -> {
                    // holds the buffer mapped until the kernel task runs: its launch waits for this unmap
                    if (!kernelTaskStarted.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the kernel task never started");
                    timesTen(v);
                }).on(dev).spawn(inOut(Views.range(a, 0, 32)));
                r.task((ClView v) -> {
                    kernelTaskStarted.countDown();
                    addOneOnDevice(v);
                }).on(dev).spawn(inOut(Views.range(a, 32, 64)));
            });
        }
        for (int i = 0; i < 64; i++) assertEquals(i < 32 ? i * 10.0 : i + 1.0, a[i], "element " + i);
    }

    @Test
    void aCommandOnAHeldBufferWaitsForItsUnmapAndLandsAfterWhatWasWrittenThroughTheMapping() throws Exception {
        Replica r = dev.allocate(new double[4], 0, 32);
        ClBuffer b = (ClBuffer) r.storage();
        try {
            MemorySegment m = b.hold();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            CountDownLatch writing = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                try {
                    writing.countDown();
                    b.writeNow(0, MemorySegment.ofArray(new double[]{7, 7, 7, 7}));
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "writer");
            writer.start();
            assertTrue(writing.await(30, TimeUnit.SECONDS));
            Thread.State s = waitUntilBlockedOrEnded(writer);
            assertTrue(s == Thread.State.TIMED_WAITING || s == Thread.State.WAITING, "the write waits while the buffer is held: " + s);
            for (int i = 0; i < 4; i++) m.setAtIndex(ValueLayout.JAVA_DOUBLE, i, 1);
            b.release();
            writer.join(TimeUnit.SECONDS.toMillis(30));
            assertNull(failed.get());
            double[] back = new double[4];
            b.readNow(0, MemorySegment.ofArray(back));
            assertArrayEquals(new double[]{7, 7, 7, 7}, back, "the write was enqueued after the unmap, so it is what the buffer holds");
        } finally {
            r.free();
        }
    }

    /** The thread's state once it blocks or ends; polls its state (not the clock) for at most 30 s. */
    private static Thread.State waitUntilBlockedOrEnded(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Thread.State s = t.getState();
        while (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING && s != Thread.State.TERMINATED && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            s = t.getState();
        }
        return s;
    }

    @Test
    void aBodyHoldingMappedMemoryThatLaunchesAKernelFailsClearlyAndTheRuntimeStaysUsable() {
        double[] a = data(8), b = data(8);
        try (Weft weft = Weft.builder().workers(2).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r ->
                    r.task((SegmentSlice x, ClView y) -> {
                        timesTen(x);
                        addOneOnDevice(y);
                    }).on(dev).spawn(inOut(Views.range(a, 0, 8)), inOut(b))));
            boolean named = false;
            for (Throwable t = e; t != null && !named; t = t.getCause())
                named = String.valueOf(t.getMessage()).contains("cannot enqueue device commands");
            assertTrue(named, "the error says why: " + e);
            assertArrayEquals(new double[]{0, 10, 20, 30, 40, 50, 60, 70}, a, "what the body wrote before it failed is kept and came home");
            weft.region(r -> {
                r.task(ClMappedBodyTest::addOneOnDevice).on(dev).spawn(inOut(a));
                r.task(ClMappedBodyTest::timesTen).on(dev).spawn(inOut(Views.range(b, 0, 8)));
            });
            assertArrayEquals(new double[]{1, 11, 21, 31, 41, 51, 61, 71}, a, "the buffer was unmapped: kernels run on it again");
            assertArrayEquals(new double[]{0, 10, 20, 30, 40, 50, 60, 70}, b);
        }
        assertEquals(0, dev.liveBytes());
    }

    @Test
    void aFailingAtomicBodyOnMappedMemoryLeavesTheArrayBitIdentical() {
        double[] a = data(16);
        a[3] = Double.longBitsToDouble(0x7ff8000000000abcL);
        long[] before = new long[16];
        for (int i = 0; i < 16; i++) before[i] = Double.doubleToRawLongBits(a[i]);
        try (Weft weft = Weft.builder().workers(2).build()) {
            assertThrows(TaskFailedException.class, () -> weft.region(r -> r.task((SegmentSlice v) -> {
                timesTen(v);
                throw new IllegalStateException("boom after writing");
            }).on(dev).atomic().spawn(inOut(Views.range(a, 0, 16)))));
        }
        for (int i = 0; i < 16; i++) assertEquals(before[i], Double.doubleToRawLongBits(a[i]), "element " + i + ", bit for bit");
    }

    @Test
    void aDeviceBodyThatWaitsForAnotherTaskFailsClearlyRatherThanStall() {
        double[] a = data(8), b = data(8);
        try (Weft weft = Weft.builder().workers(2).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                var other = r.task((double[] x) -> x[0]).spawn(in(b));
                r.task((SegmentSlice x) -> {
                    timesTen(x);
                    other.get();
                }).on(dev).spawn(inOut(Views.range(a, 0, 8)));
            }));
            boolean named = false;
            for (Throwable t = e; t != null && !named; t = t.getCause()) named = String.valueOf(t.getMessage()).contains("cannot wait for task");
            assertTrue(named, "the error says why: " + e);
            assertEquals(10, a[1], "what the body wrote before it waited is kept");
            weft.region(r -> r.task(ClMappedBodyTest::addOneOnDevice).on(dev).spawn(inOut(a)));
            assertEquals(11, a[1], "nothing stays mapped");
        }
    }

    @Test
    void aFailingMappedBodyLeavesNothingMappedAndTheRegionsOtherDataWrittenBack() {
        double[] a = data(8), b = data(8);
        try (Weft weft = Weft.builder().workers(2).build()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> weft.region(r -> {
                r.task(ClMappedBodyTest::addOneOnDevice).on(dev).spawn(inOut(a));
                r.task((SegmentSlice x) -> {
                    x.setDouble(0, 99);
                    throw new IllegalStateException("boom on mapped memory");
                }).on(dev).spawn(inOut(Views.range(b, 0, 8)));
            }));
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6, 7, 8}, a, () -> "the other device task's result came home; the region threw " + trace);
            assertEquals(99, b[0], "the failed task's write is kept (it is not atomic)");
            weft.region(r -> r.task(ClMappedBodyTest::addOneOnDevice).on(dev).spawn(inOut(b)));
            assertEquals(100, b[0], "the failed body's buffer was unmapped");
        }
        assertEquals(0, dev.liveBytes());
    }

    @Test
    void anArrayLargerThanTheDeviceIsWorkedOnInWindowsByKernelsAndJavaBodies() {
        double[] a = data(1024);                        // 8 KiB on a 2 KiB device
        try (ClSpace small = ClSpace.open(dev.device(), "cl-small", 2048);
             ClSpace staged = new ClSpace(small.context(), false, "cl-small-staged", 2048, false);
             Weft weft = Weft.builder().workers(2).build()) {
            weft.region(r -> {
                for (int t = 0; t < 16; t++) {
                    var slice = Views.range(a, 64 * t, 64 * t + 64);
                    switch (t % 3) {
                        case 0 -> r.task(ClMappedBodyTest::addOneOnDevice).on(small).spawn(inOut(slice));     // a kernel, through the mapping
                        case 1 -> r.task(ClMappedBodyTest::timesTen).on(small).spawn(inOut(slice));           // Java on the mapped window
                        default -> r.task(ClMappedBodyTest::addOneOnDevice).on(staged).spawn(inOut(slice));   // a kernel, staged copies
                    }
                }
            });
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> weft.region(r ->      // 16 elements, 8 KiB apart
                    r.task(ClMappedBodyTest::addOneOnDevice).on(staged).spawn(inOut(Views.strided(a, 1, 1024, 64)))));
            assertTrue(e.getMessage().contains("cl-small-staged") && e.getMessage().contains("2048"), e.getMessage());
        }
        for (int i = 0; i < 1024; i++) {
            int t = i / 64;
            double expected = t % 3 == 1 ? i * 10.0 : i + 1.0;
            assertEquals(expected, a[i], "element " + i);
        }
        try (ClSpace small = ClSpace.open(dev.device(), "cl-small", 2048); Weft weft = Weft.builder().workers(2).build()) {
            double[] b = data(1024);
            weft.region(r -> {
                for (int t = 0; t < 16; t++) r.task(ClMappedBodyTest::addOneOnDevice).on(small).spawn(inOut(Views.strided(b, 64 * t, 64 * t + 64, 2)));
            });
            for (int i = 0; i < 1024; i++) assertEquals(i % 2 == 0 ? i + 1.0 : i, b[i], "element " + i);
            MemoryStats m = weft.memoryStats();
            assertEquals(16, m.copies(HOST, small), "one copy in per window");
            assertEquals(8L * 512, m.bytes(HOST, small), "only the even elements go to the device");
            assertEquals(8L * 512, m.bytes(small, HOST), "and only they come back");
            assertEquals(0, small.liveBytes(), "every window was freed");
        }
    }

    @Test
    void aSpaceWithoutUnifiedMemoryRefusesAMemoryParameterAtSpawnNamingIt() {
        try (ClSpace staged = new ClSpace(dev.context(), false, "cl-staged", 1L << 20, false);
             Weft weft = Weft.builder().workers(2).build()) {
            double[] a = data(4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> weft.region(r -> r.task(ClMappedBodyTest::timesTen).on(staged).spawn(inOut(Views.range(a, 0, 4)))));
            assertTrue(e.getMessage().contains("cl-staged") && e.getMessage().contains("SegmentSlice"), e.getMessage());
            assertTrue(dev.canPresent(Views.range(a, 0, 4), SegmentSlice.class), "the unified space presents it");
        }
    }
}
